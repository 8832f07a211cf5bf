using System.Diagnostics;
using System.Numerics.Tensors;
using ReluStudy.Core.LinearAlgebra;
using ReluStudy.Core.Model;
using ReluStudy.Core.Numerics;
using ReluStudy.Core.Results;
using ReluStudy.Core.Theory;
using ReluStudy.Core.TangentKernel;

namespace ReluStudy.Core.Training.TwoLayer;

/// <summary>
/// GD on DZPS's two-layer network (docs/theory.md, section 1) with the quantities its theorems talk about. Per
/// iteration: H = XWᵀ (n × m), u = (1/√m)·σ(H)·a, e = u − y, L = ½‖e‖²; then ∂L/∂w_r =
/// (1/√m)·a_r·Σ_i e_i·1{w_rᵀx_i ≥ 0}·x_i, i.e. G = Dᵀ X with D_ir = e_i·1{H_ir ≥ 0}·a_r/√m, and W ← W − ηG
/// (and a ← a − η·(1/√m)·σ(H)ᵀe when the output layer is trained). Products run on the float32 kernels;
/// outputs, losses and every tracked quantity are float64.
/// </summary>
public sealed partial class TwoLayerTrainer
{
    private readonly TwoLayerConfig _config;
    private readonly float[] _x;
    private readonly double[] _y;
    private readonly int _n, _d, _m;
    private readonly SimdKernels _kernels;
    private readonly TwoLayerNet _net;
    private readonly double[]? _outputGradient;

    private TwoLayerTrainer(TwoLayerConfig config, float[] x, double[] y, int d, SimdKernels kernels)
    {
        _config = config;
        _x = x;
        _y = y;
        _n = y.Length;
        _d = d;
        _m = config.Width;
        _kernels = kernels;
        _net = TwoLayerNet.Initialize(d, config.Width, config.Seed);
        _outputGradient = config.TrainOutputLayer ? new double[config.Width] : null;
    }

    /// <param name="checkpoints">receives a checkpoint on the config's <see cref="CheckpointCadence"/>.</param>
    /// <param name="resume">continue from this checkpoint: the rows and weights are those of a run never interrupted.</param>
    public static TwoLayerOutcome Run(TwoLayerConfig config, float[] x, double[] y, int d, ITwoLayerObserver observer,
        CancellationToken cancellation = default, ITwoLayerCheckpointSink? checkpoints = null, TwoLayerCheckpoint? resume = null) =>
        Create(config, x, y, d, out _).Train(observer, cancellation, checkpoints, resume);

    /// <summary>A trainer whose network can be inspected after <see cref="Train"/>.</summary>
    public static TwoLayerTrainer Create(TwoLayerConfig config, float[] x, double[] y, int d, out TwoLayerNet net)
    {
        IReadOnlyList<string> problems = config.Problems();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(config));
        if (y.Length < 1 || x.LongLength != (long)y.Length * d)
            throw new ArgumentException($"x.Length ({x.LongLength}) != n ({y.Length}) × d ({d})");
        var trainer = new TwoLayerTrainer(config, x, y, d, new SimdKernels(config.Threads));
        net = trainer._net;
        return trainer;
    }

    public TwoLayerOutcome Train(ITwoLayerObserver observer, CancellationToken cancellation = default,
        ITwoLayerCheckpointSink? checkpoints = null, TwoLayerCheckpoint? resume = null)
    {
        if (resume is not null && (resume.Weights.Length != _net.Weights.Length || resume.Readout.Length != _m || resume.Iteration < 1))
            throw new ArgumentException($"checkpoint: must hold W of {_m} x {_d} and a of {_m} at an iteration >= 1; got {resume.Weights.Length} weights, {resume.Readout.Length} outputs at {resume.Iteration}", nameof(resume));
        try
        {
            return Loop(observer, cancellation, checkpoints, resume);
        }
        finally
        {
            _kernels.Dispose();
        }
    }

    private TwoLayerOutcome Loop(ITwoLayerObserver observer, CancellationToken cancellation, ITwoLayerCheckpointSink? checkpoints, TwoLayerCheckpoint? resume)
    {
        int n = _n, m = _m, last = _config.Iterations;
        double scale = 1 / Math.Sqrt(m);
        float eta = (float)_config.StepSize;
        var clock = Stopwatch.StartNew();

        double[] inputGram = InputGram.Compute(_x, n, _d, _config.Threads);
        var infinite = (double[])inputGram.Clone();
        TangentKernelLimit.FromGramInPlace(infinite, n, [1], _config.Threads);
        Lanczos.Extremes hInf = Lanczos.OfDense(infinite, n, _config.Threads);
        double lambda0 = hInf.Min;
        double initialGramDeviation = double.NaN;

        float[] w0 = (float[])_net.Weights.Clone();
        var h = new float[(long)n * m];
        var delta = new float[(long)n * m];
        var gradient = new float[(long)m * _d];
        var u = new double[n];
        var e = new double[n];
        var patterns = new ActivationPatterns([m], n);
        double[]? gram0 = null;

        double initialResidual = double.NaN, rPrime = double.NaN;
        RunStatus status = RunStatus.Completed;
        string? message = null;
        TwoLayerRow? lastRow = null;
        int start = 0;
        double secondsBefore = 0;
        if (resume is not null)
        {
            // The k = 0 quantities, from W(0) and a(0) as the first attempt computed them; then W(k), a(k).
            _kernels.MultiplyNT(_x, _net.Weights, h, n, _d, m);
            initialResidual = Outputs(h, scale, u, e);
            rPrime = 4 * Math.Sqrt(n) * Math.Sqrt(initialResidual) / (Math.Sqrt(m) * lambda0);
            patterns.Capture([h]);
            if (_config.Schedule.IsLogged(0, last) && _config.IsGramIteration(0, last))
            {
                gram0 = Gram(h, inputGram);
                var deviation = new double[gram0.Length];
                TensorPrimitives.Subtract(gram0, infinite, deviation);
                initialGramDeviation = Math.Sqrt(TensorPrimitives.SumOfSquares<double>(deviation));
                infinite = [];
            }
            resume.Weights.CopyTo(_net.Weights, 0);
            resume.Readout.CopyTo(_net.Readout, 0);
            (start, secondsBefore) = (resume.Iteration, resume.Seconds);
        }
        var cadence = new CheckpointCadence(_config.CheckpointEvery, _config.CheckpointSeconds);
        for (int k = start; ; k++)
        {
            if (cancellation.IsCancellationRequested)
            {
                status = RunStatus.Interrupted;
                message = $"interrupted before iteration {k}";
                break;
            }
            if (checkpoints is not null && cadence.Due(k, start))
            {
                checkpoints.Save(new TwoLayerCheckpoint(k, _net.Weights, _net.Readout, secondsBefore + clock.Elapsed.TotalSeconds));
                cadence.Taken();
            }
            _kernels.MultiplyNT(_x, _net.Weights, h, n, _d, m);
            double residual = Outputs(h, scale, u, e);
            double loss = 0.5 * residual;
            if (k == 0)
            {
                initialResidual = residual;
                rPrime = 4 * Math.Sqrt(n) * Math.Sqrt(residual) / (Math.Sqrt(m) * lambda0);
                patterns.Capture([h]);
            }
            if (!double.IsFinite(loss) || loss > _config.DivergenceFactor * Math.Max(0.5 * initialResidual, 1))
            {
                status = RunStatus.Diverged;
                message = $"training diverged at iteration {k}: loss = {loss:G6} (non-finite or > {_config.DivergenceFactor:G3} x max(initial loss, 1)) with step = {_config.StepSize:G6}; lower the step (--lr)";
                break;
            }

            if (_config.Schedule.IsLogged(k, last))
            {
                double? lambdaMin = null, change = null;
                if (_config.IsGramIteration(k, last))
                {
                    double[] gram = Gram(h, inputGram);
                    if (gram0 is null)
                    {
                        gram0 = (double[])gram.Clone();
                        var deviation = new double[gram.Length];
                        TensorPrimitives.Subtract(gram, infinite, deviation);
                        initialGramDeviation = Math.Sqrt(TensorPrimitives.SumOfSquares<double>(deviation));
                        infinite = [];
                    }
                    lambdaMin = Lanczos.OfDense(gram, n, _config.Threads).Min;
                    TensorPrimitives.Subtract(gram, gram0, gram);
                    change = k == 0 ? 0 : SpectralNormOfSymmetric(gram, n, _config.Threads);
                }
                lastRow = new TwoLayerRow(k, loss, residual, Math.Pow(1 - _config.StepSize * lambda0 / 2, k) * initialResidual,
                    MaxWeightDistance(w0), rPrime, (double)patterns.CountChanged([h], 0) / ((long)n * m), lambdaMin, change,
                    secondsBefore + clock.Elapsed.TotalSeconds);
                observer.OnRow(lastRow);
            }
            if (k >= last) break;

            Step(h, e, scale, eta, delta, gradient);
        }
        return new TwoLayerOutcome(status, lastRow, message, lambda0, hInf.MinResidual, initialResidual, initialGramDeviation,
            Sha256(), secondsBefore + clock.Elapsed.TotalSeconds);
    }

    /// <summary>u_i = (1/√m)Σ_r a_r σ(H_ir), e = u − y; returns ‖e‖².</summary>
    private double Outputs(float[] h, double scale, double[] u, double[] e)
    {
        float[] a = _net.Readout;
        double squares = 0;
        for (int i = 0; i < _n; i++)
        {
            ReadOnlySpan<float> row = h.AsSpan(i * _m, _m);
            double s = 0;
            for (int r = 0; r < _m; r++) if (row[r] > 0) s += (double)a[r] * row[r];
            u[i] = scale * s;
            e[i] = u[i] - _y[i];
            squares += e[i] * e[i];
        }
        return squares;
    }

    /// <summary>W ← W − η·Dᵀ X (and a ← a − η·(1/√m)σ(H)ᵀe), D_ir = e_i·1{H_ir ≥ 0}·a_r/√m.</summary>
    private void Step(float[] h, double[] e, double scale, float eta, float[] delta, float[] gradient)
    {
        float[] a = _net.Readout;
        double[]? outputGradient = _outputGradient;
        if (outputGradient is not null) Array.Clear(outputGradient);
        for (int i = 0; i < _n; i++)
        {
            ReadOnlySpan<float> row = h.AsSpan(i * _m, _m);
            Span<float> d = delta.AsSpan(i * _m, _m);
            double ei = e[i];
            for (int r = 0; r < _m; r++)
            {
                d[r] = row[r] >= 0 ? (float)(ei * a[r] * scale) : 0f;
                if (outputGradient is not null && row[r] > 0) outputGradient[r] += ei * row[r] * scale;
            }
        }
        _kernels.MultiplyTN(delta, _x, gradient, _n, _m, _d);
        TensorPrimitives.MultiplyAdd(gradient, -eta, _net.Weights, _net.Weights);
        if (outputGradient is not null)
            for (int r = 0; r < _m; r++) a[r] = (float)(a[r] - eta * outputGradient[r]);
    }

    private string Sha256() => Model.WeightsDigest.Of([_net.Weights, _net.Readout]);
}
