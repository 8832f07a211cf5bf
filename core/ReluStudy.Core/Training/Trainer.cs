using ReluStudy.Core.Results;
using System.Diagnostics;
using ReluStudy.Core.Data;
using ReluStudy.Core.LinearAlgebra;
using ReluStudy.Core.Model;

namespace ReluStudy.Core.Training;

/// <summary>
/// Trains the network of ZCZG-ML by GD or SGD and measures, at every logged iteration k, the
/// quantities of §3 at W(k). Per iteration: forward at W(k) → loss and stop rules → (if logged)
/// distances, pattern changes, test metrics → backward, where each layer is updated as soon as
/// its gradient is known and W_l is no longer needed.
/// </summary>
public sealed class Trainer
{
    private readonly TrainingConfig _config;
    private readonly Dataset _train;
    private readonly Dataset? _test;
    private readonly ITrainingObserver _observer;
    private readonly DeepReluNet _net;
    private readonly IMatrixKernels _kernels;
    private readonly Backprop _trainPass;
    private readonly Backprop? _testPass;
    private readonly double[] _layerGradSquared;

    private Trainer(TrainingConfig config, Dataset train, Dataset? test, ITrainingObserver observer, IMatrixKernels kernels)
    {
        _config = config;
        _train = train;
        _test = test;
        _observer = observer;
        _net = DeepReluNet.Initialize(train.Dimension, config.Widths, config.Seed);
        _kernels = kernels;
        _trainPass = new Backprop(_net, kernels, train.Count);
        _testPass = test is null ? null : new Backprop(_net, kernels, test.Count, forwardOnly: true);
        _layerGradSquared = new double[_net.Depth];
    }

    /// <summary>Trains from a fresh initialisation and reports rows to <paramref name="observer"/>.</summary>
    /// <param name="checkpoints">receives a checkpoint every <see cref="TrainingConfig.CheckpointEvery"/> iterations or
    /// <see cref="TrainingConfig.CheckpointSeconds"/> seconds.</param>
    /// <param name="resume">continue from this checkpoint: later rows and the final weights are those of an uninterrupted run.</param>
    public static TrainingOutcome Run(
        TrainingConfig config, Dataset train, Dataset? test, ITrainingObserver observer,
        IMatrixKernels? kernels = null, CancellationToken cancellation = default,
        ICheckpointSink? checkpoints = null, TrainingCheckpoint? resume = null)
    {
        IReadOnlyList<string> problems = config.Problems(train.Count);
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(config));
        if (test is not null && test.Dimension != train.Dimension)
            throw new ArgumentException($"test dimension ({test.Dimension}) != train dimension ({train.Dimension})", nameof(test));
        IMatrixKernels? owned = kernels is null ? new SimdKernels(config.Threads) : null;
        try
        {
            var trainer = new Trainer(config, train, test, observer, kernels ?? owned!);
            return trainer.Loop(cancellation, checkpoints, resume);
        }
        finally
        {
            owned?.Dispose();
        }
    }

    private TrainingOutcome Loop(CancellationToken cancellation, ICheckpointSink? checkpoints, TrainingCheckpoint? resume)
    {
        int lastIteration = _config.Iterations;
        int n = _train.Count;
        int depth = _net.Depth;
        bool sgd = _config.Optimizer == OptimizerKind.StochasticGradientDescent;
        var drift = new DistanceFromInit(_net, _kernels, resume?.InitialWeights);
        var patterns = new ActivationPatterns(_net.Widths, n);
        var tangent = new TangentKernelTracking(_config, _train, _net, _kernels);
        var spectral = new double[depth];
        var frobenius = new double[depth];
        var changed = new long[depth];

        MinibatchSampler? sampler = sgd ? new MinibatchSampler(n, _config.Seed) : null;
        int batch = sgd ? _config.BatchSize : 0;
        var batchIndices = new int[batch];
        var batchInput = new float[(long)batch * _train.Dimension];
        var batchLabels = new float[batch];

        var clock = Stopwatch.StartNew();
        long metricsTicks = 0;
        double initialLoss = double.NaN;
        double secondsBefore = 0;
        int start = 0;
        if (resume is not null)
        {
            Restore(resume, drift, patterns, sampler, tangent);
            (start, initialLoss, secondsBefore) = (resume.Iteration, resume.InitialLoss, resume.Seconds);
            metricsTicks = (long)(resume.MetricsSeconds * Stopwatch.Frequency);
        }
        var sinceCheckpoint = Stopwatch.StartNew();
        RunStatus status = RunStatus.Completed;
        string? message = null;
        MetricsRow? lastRow = null;
        int k = start;
        for (; ; k++)
        {
            if (cancellation.IsCancellationRequested)
            {
                status = RunStatus.Interrupted;
                message = $"interrupted before iteration {k}";
                break;
            }
            if (checkpoints is not null && k > start
                && (k % _config.CheckpointEvery == 0 || sinceCheckpoint.Elapsed.TotalSeconds >= _config.CheckpointSeconds))
            {
                (int[] permutation, ulong[] rng)? state = sampler?.State;
                checkpoints.Save(new TrainingCheckpoint(k, _net.Weights, drift.Initial, initialLoss, drift.SingularVectors,
                    state?.permutation, state?.rng, secondsBefore + clock.Elapsed.TotalSeconds, (double)metricsTicks / Stopwatch.Frequency,
                    tangent.State));
                sinceCheckpoint.Restart();
            }

            bool logged = _config.Schedule.IsLogged(k, lastIteration);
            bool stopping = false;
            double loss = double.NaN, error = double.NaN;
            if (!sgd || logged)
            {
                _trainPass.Forward(_train.Features, n);
                (loss, int wrong) = _trainPass.Evaluate(_train.Labels, _config.Loss, 1.0 / n);
                error = (double)wrong / n;
                if (k == 0)
                {
                    initialLoss = loss;
                    patterns.Capture(_trainPass.Activations);
                    if (tangent.Active) tangent.Start(_trainPass.Outputs.AsSpan(0, n), 0);
                }
                if (Diverged(loss, initialLoss))
                {
                    status = RunStatus.Diverged;
                    message = DivergenceMessage(k, loss);
                    break;
                }
                if (_trainPass.FirstDeadLayer(n) is int dead)
                {
                    status = RunStatus.Collapsed;
                    message = CollapseMessage(k, dead, loss);
                    break;
                }
                RunStatus? reason = StopReason(k, lastIteration, loss, wrong);
                if (reason is RunStatus r)
                {
                    status = r;
                    stopping = true;
                    logged = true;
                }
                if (!sgd) _observer.OnIteration(k, lastIteration, loss, error);
            }

            double? testLoss = null, testError = null;
            PredictionRow? prediction = null;
            // The kernel's schedule is its own (logged rows or not), and it is taken at W(k), before any update.
            long kernelStart = Stopwatch.GetTimestamp();
            if (tangent.Kernel(k, stopping) is { } kernel) _observer.OnTangentKernel(kernel);
            metricsTicks += Stopwatch.GetTimestamp() - kernelStart;
            if (logged)
            {
                // Everything measured at W(k) must be taken before the backward pass updates the layers.
                long measuring = Stopwatch.GetTimestamp();
                drift.Measure(spectral, frobenius);
                _kernels.ForEachWorker((worker, workers) =>
                {
                    for (int l = worker; l < depth; l += workers) changed[l] = patterns.CountChanged(_trainPass.Activations, l);
                });
                prediction = tangent.Predict(k, _trainPass.Outputs.AsSpan(0, n));
                (testLoss, testError) = EvaluateTest();
                metricsTicks += Stopwatch.GetTimestamp() - measuring;
            }
            if (!sgd || logged)
            {
                // The full-batch gradient: GD steps along it; under SGD it is computed only for the logged ‖∇L_S‖.
                _trainPass.Backward(_train.Features, n, StepSize, apply: !sgd && !stopping, _layerGradSquared);
            }
            if (logged)
            {
                long reporting = Stopwatch.GetTimestamp();
                lastRow = BuildRow(k, loss, error, spectral, frobenius, changed, patterns, secondsBefore + clock.Elapsed.TotalSeconds, testLoss, testError)
                    with { Prediction = prediction };
                _observer.OnRow(lastRow);
                metricsTicks += Stopwatch.GetTimestamp() - reporting;
            }

            if (stopping) break;
            tangent.Step();

            if (sgd)
            {
                sampler!.Draw(batchIndices);
                for (int t = 0; t < batch; t++)
                {
                    _train.Row(batchIndices[t]).CopyTo(batchInput.AsSpan(t * _train.Dimension, _train.Dimension));
                    batchLabels[t] = _train.Labels[batchIndices[t]];
                }
                _trainPass.Forward(batchInput, batch);
                (double batchLoss, int batchWrong) = _trainPass.Evaluate(batchLabels, _config.Loss, 1.0 / batch);
                if (Diverged(batchLoss, initialLoss))
                {
                    status = RunStatus.Diverged;
                    message = DivergenceMessage(k, batchLoss);
                    break;
                }
                _trainPass.Backward(batchInput, batch, StepSize, apply: true, _layerGradSquared);
                _observer.OnIteration(k, lastIteration, batchLoss, (double)batchWrong / batch);
            }
        }

        return new TrainingOutcome(status, lastRow, message, initialLoss,
            drift.InitialSpectral, drift.InitialFrobenius, WeightsSha256(), secondsBefore + clock.Elapsed.TotalSeconds,
            (double)metricsTicks / Stopwatch.Frequency) { Network = _net, TangentKernel = tangent.Facts };
    }

    /// <summary>Puts the run back where the checkpoint was taken: W(k), the spectral norms' warm starts, the sampler, and what
    /// is taken at W(0) (the initial activation patterns and the tangent kernel's start, from one forward pass there).</summary>
    private void Restore(TrainingCheckpoint c, DistanceFromInit drift, ActivationPatterns patterns, MinibatchSampler? sampler, TangentKernelTracking tangent)
    {
        if (c.Weights.Length != _net.Depth || c.Weights.Where((w, l) => w.Length != _net.Weights[l].Length).Any())
            throw new ArgumentException("the checkpoint's weights do not have this network's shapes", nameof(c));
        for (int l = 0; l < _net.Depth; l++)
        {
            c.InitialWeights[l].CopyTo(_net.Weights[l], 0);
            c.SingularVectors[l].CopyTo(drift.SingularVectors[l], 0);
        }
        _trainPass.Forward(_train.Features, _train.Count);
        patterns.Capture(_trainPass.Activations);
        if (tangent.Active)
        {
            _trainPass.Evaluate(_train.Labels, _config.Loss, 1.0 / _train.Count);
            tangent.Start(_trainPass.Outputs.AsSpan(0, _train.Count), c.Iteration, c.Predictions);
        }
        for (int l = 0; l < _net.Depth; l++) c.Weights[l].CopyTo(_net.Weights[l], 0);
        if (sampler is not null)
        {
            if (c.SamplerPermutation is null || c.SamplerRng is null) throw new ArgumentException("an SGD checkpoint needs the sampler's state", nameof(c));
            sampler.Restore(c.SamplerPermutation, c.SamplerRng);
        }
    }

    private RunStatus? StopReason(int k, int lastIteration, double loss, int wrong)
    {
        if (_config.TargetLoss is double eps && loss <= eps) return RunStatus.TargetReached;
        if (_config.StopAtZeroError && wrong == 0) return RunStatus.ZeroError;
        if (k >= lastIteration) return RunStatus.Completed;
        return null;
    }

    private bool Diverged(double loss, double initialLoss) =>
        !double.IsFinite(loss) || (double.IsFinite(initialLoss) && loss > _config.DivergenceFactor * Math.Max(initialLoss, 1.0));

    /// <summary>What collapsed, where, and what to change: the shape at initialisation (L/m), the step later.</summary>
    private string CollapseMessage(int k, int layer, double loss)
    {
        string what = string.Format(System.Globalization.CultureInfo.InvariantCulture,
            "every unit of layer {0} of {1} is dead on every training example, so the outputs are identically 0 (loss = {2:G6}) and no gradient flows",
            layer + 1, _net.Depth, loss);
        return k == 0
            ? string.Format(System.Globalization.CultureInfo.InvariantCulture,
                "the network collapsed at initialisation: {0}; L/m = {1}/{2} is too large for ReLU layers to stay alive: make it wider or shallower",
                what, _net.Depth, _config.MinWidth)
            : string.Format(System.Globalization.CultureInfo.InvariantCulture,
                "the network collapsed at iteration {0}: {1}; lower the step (--lr; step = {2:G6})", k, what, _config.StepSize);
    }

    private string DivergenceMessage(int k, double loss) =>
        $"training diverged at iteration {k}: loss = {loss:G6} (non-finite or > {_config.DivergenceFactor:G3} x max(initial loss, 1)) with step = {_config.StepSize:G6}; lower the step (--lr)";

    private (double?, double?) EvaluateTest()
    {
        if (_test is null || _testPass is null) return (null, null);
        _testPass.Forward(_test.Features, _test.Count);
        (double loss, int wrong) = _testPass.Evaluate(_test.Labels, _config.Loss, 1.0 / _test.Count);
        return (loss, (double)wrong / _test.Count);
    }

    /// <summary>η in float32: the update is W ← W − η·G in the kernels' float32 arithmetic.</summary>
    private float StepSize => (float)_config.StepSize;

    private MetricsRow BuildRow(int k, double loss, double error, double[] spectral, double[] frobenius, long[] changed,
        ActivationPatterns patterns, double seconds, double? testLoss, double? testError)
    {
        int depth = _net.Depth;
        var layers = new LayerMetrics[depth];
        double gradSquares = 0, frobSquares = 0, spectralMax = 0;
        long changedTotal = 0, units = 0;
        for (int l = 0; l < depth; l++)
        {
            gradSquares += _layerGradSquared[l];
            frobSquares += frobenius[l] * frobenius[l];
            spectralMax = Math.Max(spectralMax, spectral[l]);
            changedTotal += changed[l];
            units += patterns.UnitsInLayer(l);
            layers[l] = new LayerMetrics(Math.Sqrt(_layerGradSquared[l]), spectral[l], frobenius[l],
                (double)changed[l] / patterns.UnitsInLayer(l));
        }
        return new MetricsRow(k, loss, error, Math.Sqrt(gradSquares), spectralMax, Math.Sqrt(frobSquares),
            (double)changedTotal / units, seconds, testLoss, testError, layers);
    }

    private string WeightsSha256() => Model.WeightsDigest.Of(_net.Weights);
}
