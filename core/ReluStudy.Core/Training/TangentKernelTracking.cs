using System.Numerics.Tensors;
using ReluStudy.Core.Data;
using ReluStudy.Core.LinearAlgebra;
using ReluStudy.Core.Model;
using ReluStudy.Core.Numerics;
using ReluStudy.Core.Theory;
using ReluStudy.Core.TangentKernel;

namespace ReluStudy.Core.Training;

/// <summary>One logged iteration of the training the tangent kernel predicts (prediction.csv).</summary>
/// <param name="OutputGap">‖u_net(k) − u_lin(k)‖/‖u_net(k) − u(0)‖; NaN at k = 0.</param>
public sealed record PredictionRow(int Iteration, PredictedPoint Infinite, PredictedPoint Linearized, double OutputGap);

/// <summary>
/// The empirical kernel at one iteration (kernel.csv), for one layer's part Θ̂_l or (layer 0) the whole Θ̂:
/// ‖Θ̂(k) − Θ̂(0)‖_F/‖Θ̂(0)‖_F; for the whole kernel also λ_min and λ_max of Θ̂(k)/m, and at k = 0 ‖Θ̂(0)/m − Θ̄‖_F/‖Θ̄‖_F.
/// </summary>
public sealed record TangentKernelRow(int Iteration, int Layer, double Change, double? LambdaMin, double? LambdaMax, double? LimitGap);

/// <summary>What the limit kernel Θ̄ of a run's training set says before training: its extremes and the step it allows;
/// and, once the run has ended, where each predicted training reached the run's target after the run's own end.</summary>
public sealed record TangentKernelFacts(double LambdaMin, double LambdaMax, double Trace, double MaxStableStepTimesWidth, double? InitialLimitGap)
{
    public PredictedTarget? InfiniteWidthTarget { get; init; }
    public PredictedTarget? LinearizedTarget { get; init; }
}

/// <summary>The first iteration at which a predicted training's loss is at or below the run's target, and its ‖W − W(0)‖_F there.</summary>
public sealed record PredictedTarget(int Iteration, double Distance);

/// <summary>
/// The tangent kernel during a deep run: the predicted training (u(0) from the run, then function-space GD with Θ = m·Θ̄
/// and with the network's own Θ̂(0)) and the empirical kernel on a seeded subsample at the Gram schedule. Started at
/// W(0), before any update; on a resume the kernels are recomputed there and the predictions continue from the
/// checkpoint's state, so a resumed run writes exactly the rows an uninterrupted one does.
/// </summary>
internal sealed class TangentKernelTracking
{
    private readonly TrainingConfig _config;
    private readonly Dataset _train;
    private readonly DeepReluNet _net;
    private readonly IMatrixKernels _kernels;
    private readonly bool _predicts;
    private readonly int _m;
    private readonly EmpiricalTangentKernel? _sample;
    private readonly int[] _sampleRows = [];

    private double[]? _limit;              // Θ̄ on the training set (n × n)
    private double[]? _sampleLimit;        // Θ̄ on the subsample
    private IOutputPrediction? _infinite, _linearized;
    private double[] _u0 = [];
    private double[] _kernel0 = [];        // Θ̂(0) on the subsample, and each layer's part
    private float[][] _layers0 = [];
    private double[] _kernelNow = [];
    private float[][] _layersNow = [];

    public TangentKernelTracking(TrainingConfig config, Dataset train, DeepReluNet net, IMatrixKernels kernels)
    {
        (_config, _train, _net, _kernels) = (config, train, net, kernels);
        _predicts = config.Predicts(train.Count);
        _m = config.MinWidth;
        if (config.TangentKernelSample > 0)
        {
            _sampleRows = SeededSample.Rows(train.Count, config.TangentKernelSample, Rng.Streams.TangentKernelSample);
            _sample = new EmpiricalTangentKernel(net, kernels, train.Subset(_sampleRows).Features, _sampleRows.Length);
        }
    }

    public bool Active => _predicts || _sample is not null;

    public TangentKernelFacts? Facts { get; private set; }

    /// <summary>
    /// At W(0), with u(0) the network's outputs on the training set: Θ̄, Θ̂(0), and the predictions at
    /// <paramref name="iteration"/> (0 unless resuming): from <paramref name="resume"/>, or replayed when a checkpoint lacks it.
    /// </summary>
    public void Start(ReadOnlySpan<double> u0, int iteration, PredictionState? resume = null)
    {
        int n = _train.Count, threads = _kernels.Threads;
        _u0 = u0.ToArray();
        double? gap = null;
        if (_sample is not null)
        {
            int s = _sample.N;
            _kernel0 = new double[(long)s * s];
            _layers0 = _net.Widths.Select(_ => new float[(long)s * s]).ToArray();
            _kernelNow = new double[(long)s * s];
            _layersNow = _net.Widths.Select(_ => new float[(long)s * s]).ToArray();
            _sample.Compute(_kernel0, _layers0);
        }
        if (_predicts)
        {
            _limit = TangentKernelLimit.Of(_train.Features, n, _train.Dimension, _config.Widths, threads);
            double[] own = _sample is not null && _sample.N == n ? _kernel0 : OwnKernel(n);
            _infinite = IOutputPrediction.For(_limit, _m, _u0, _train.Labels, _config.Loss, _config.StepSize, _kernels);
            _linearized = IOutputPrediction.For(own, 1, _u0, _train.Labels, _config.Loss, _config.StepSize, _kernels);
            if (resume is not null)
            {
                _infinite.Resume(iteration, resume.Infinite);
                _linearized.Resume(iteration, resume.Linearized);
            }
            else
            {
                for (int k = 0; k < iteration; k++) Step();
            }
        }
        if (_sample is not null)
        {
            _sampleLimit = _sample.N == n && _limit is not null ? _limit : SampleLimit();
            gap = RelativeDistance(_kernel0, 1.0 / _m, _sampleLimit);
        }
        if (_limit is not null)
        {
            Lanczos.Extremes e = Lanczos.OfDense(_limit, n, relativeTolerance: 1e-8, workers: _kernels.ForEachWorker);
            double trace = 0;
            for (int i = 0; i < n; i++) trace += _limit[(long)i * n + i];
            Facts = new TangentKernelFacts(e.Min, e.Max, trace, StepCeiling.MaxStableStepTimesWidth(_config.Loss, n, e.Max), gap);
        }
    }

    /// <summary>The predictions' state at the current k, for a checkpoint; null when the run predicts nothing.</summary>
    public PredictionState? State =>
        _infinite is null || _linearized is null ? null : new PredictionState(_infinite.State, _linearized.State);

    /// <summary>Advances the predictions from k to k + 1.</summary>
    public void Step()
    {
        _infinite?.Step();
        _linearized?.Step();
    }

    /// <summary>
    /// Carries each predicted training on from the run's end, a step at a time in function space (cheap: no network), until
    /// its loss is at or below <paramref name="target"/> or the run's budget of iterations runs out: a prediction slower than
    /// the network then still has a k_ε to compare. Recorded only for predictions still above the target at the run's end.
    /// </summary>
    public void ContinueToTarget(double target)
    {
        if (_infinite is null || _linearized is null || Facts is null) return;
        Facts = Facts with { InfiniteWidthTarget = Continue(_infinite, target), LinearizedTarget = Continue(_linearized, target) };
    }

    private PredictedTarget? Continue(IOutputPrediction p, double target)
    {
        if (IOutputPrediction.Score(p.Outputs, _train.Labels, _config.Loss).Loss <= target) return null;
        while (p.Iteration < _config.Iterations)
        {
            p.Step();
            if (IOutputPrediction.Score(p.Outputs, _train.Labels, _config.Loss).Loss <= target) return new PredictedTarget(p.Iteration, p.Measure().Distance);
        }
        return null;
    }

    /// <summary>The predictions at the current k, against the network's outputs <paramref name="u"/> at W(k).</summary>
    public PredictionRow? Predict(int iteration, ReadOnlySpan<double> u)
    {
        if (_infinite is null || _linearized is null) return null;
        if (_infinite.Iteration != iteration) throw new InvalidOperationException($"prediction at k = {_infinite.Iteration}, asked for {iteration}");
        ReadOnlySpan<double> lin = _linearized.Outputs;
        double apart = 0, moved = 0;
        for (int i = 0; i < u.Length; i++)
        {
            apart += (u[i] - lin[i]) * (u[i] - lin[i]);
            moved += (u[i] - _u0[i]) * (u[i] - _u0[i]);
        }
        return new PredictionRow(iteration, _infinite.Measure(), _linearized.Measure(), moved > 0 ? Math.Sqrt(apart / moved) : double.NaN);
    }

    /// <summary>The empirical kernel at W(k) on the subsample, when k is on the Gram schedule (or the run stops there).</summary>
    public IReadOnlyList<TangentKernelRow>? Kernel(int iteration, bool stopping)
    {
        if (_sample is null || !(stopping || MeasurementSchedule.Includes(_config.TangentKernelEvery, iteration, _config.Iterations))) return null;
        double[] now = iteration == 0 ? _kernel0 : _kernelNow;
        float[][] layers = iteration == 0 ? _layers0 : _layersNow;
        if (iteration > 0) _sample.Compute(_kernelNow, _layersNow);
        int s = _sample.N;
        var scaled = new double[now.Length];
        TensorPrimitives.Multiply(now, 1.0 / _m, scaled);
        Lanczos.Extremes e = Lanczos.OfDense(scaled, s, relativeTolerance: 1e-6, workers: _kernels.ForEachWorker);
        var rows = new List<TangentKernelRow>
        {
            new(iteration, 0, RelativeChange(now, _kernel0), e.Min, e.Max, iteration == 0 ? RelativeDistance(_kernel0, 1.0 / _m, _sampleLimit!) : null),
        };
        for (int l = 0; l < _net.Depth; l++) rows.Add(new TangentKernelRow(iteration, l + 1, RelativeChange(layers[l], _layers0[l]), null, null, null));
        return rows;
    }

    private double[] OwnKernel(int n)
    {
        var own = new double[(long)n * n];
        new EmpiricalTangentKernel(_net, _kernels, _train.Features, n).Compute(own);
        return own;
    }

    private double[] SampleLimit() =>
        TangentKernelLimit.Of(_train.Subset(_sampleRows).Features, _sampleRows.Length, _train.Dimension, _config.Widths, _kernels.Threads);

    private static double RelativeChange(ReadOnlySpan<double> now, ReadOnlySpan<double> start)
    {
        double diff = 0, norm = 0;
        for (int t = 0; t < now.Length; t++)
        {
            diff += (now[t] - start[t]) * (now[t] - start[t]);
            norm += start[t] * start[t];
        }
        return Math.Sqrt(diff / norm);
    }

    private static double RelativeChange(ReadOnlySpan<float> now, ReadOnlySpan<float> start)
    {
        double diff = 0, norm = 0;
        for (int t = 0; t < now.Length; t++)
        {
            double a = now[t], b = start[t];
            diff += (a - b) * (a - b);
            norm += b * b;
        }
        return Math.Sqrt(diff / norm);
    }

    /// <summary>‖scale·A − B‖_F / ‖B‖_F.</summary>
    private static double RelativeDistance(ReadOnlySpan<double> a, double scale, ReadOnlySpan<double> b)
    {
        double diff = 0, norm = 0;
        for (int t = 0; t < a.Length; t++)
        {
            diff += (scale * a[t] - b[t]) * (scale * a[t] - b[t]);
            norm += b[t] * b[t];
        }
        return Math.Sqrt(diff / norm);
    }
}
