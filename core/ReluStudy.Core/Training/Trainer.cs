using System.Diagnostics;
using ReluStudy.Core.Data;
using ReluStudy.Core.LinearAlgebra;
using ReluStudy.Core.Model;

namespace ReluStudy.Core.Training;

/// <summary>
/// Trains the network of ZCZG-ML by GD or SGD and measures, at every logged iteration k, the quantities of §3 at W(k).
/// Each iteration, in order: the checkpoint when one is due; the full-batch forward pass at W(k) (every GD iteration,
/// the logged ones under SGD) and the stop rules; the observers at W(k) (the tangent kernel and the sharpness on their
/// schedules, the row's measurements); the backward pass, where GD's step W ← W − η∇L_S is fused into each layer's gradient; the row; then
/// SGD's mini-batch step.
/// </summary>
public sealed class Trainer
{
    private readonly TrainingConfig _config;
    private readonly Dataset _train;
    private readonly ITrainingObserver _observer;
    private readonly DeepReluNet _net;
    private readonly IMatrixKernels _kernels;
    private readonly Backprop _pass;
    private readonly double[] _gradientSquares;
    private readonly StopRules _stop;

    private Trainer(TrainingConfig config, Dataset train, ITrainingObserver observer, IMatrixKernels kernels)
    {
        (_config, _train, _observer, _kernels) = (config, train, observer, kernels);
        _net = DeepReluNet.Initialize(train.Dimension, config.Widths, config.Seed);
        _pass = new Backprop(_net, kernels, train.Count);
        _gradientSquares = new double[_net.Depth];
        _stop = new StopRules(config, _net.Depth);
    }

    /// <summary>Trains from a fresh initialisation and reports rows to <paramref name="observer"/>.</summary>
    /// <param name="checkpoints">receives a checkpoint on the config's <see cref="CheckpointCadence"/>.</param>
    /// <param name="resume">continue from this checkpoint: later rows and the final weights are those of an uninterrupted run.</param>
    public static TrainingOutcome Run(
        TrainingConfig config, Dataset train, Dataset? test, ITrainingObserver observer,
        IMatrixKernels? kernels = null, CancellationToken cancellation = default,
        ICheckpointSink? checkpoints = null, TrainingCheckpoint? resume = null)
    {
        IReadOnlyList<string> problems = config.Problems(train.Count);
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(config));
        // A multiple's step is measured at W(0) once, by the run lifecycle, so that run.json records the step trained at.
        if (!config.StepResolved) throw new ArgumentException("step-multiple: the step c*2/lambda(W(0)) must be resolved before training (CriticalStep.Resolve)", nameof(config));
        if (test is not null && test.Dimension != train.Dimension)
            throw new ArgumentException($"test dimension ({test.Dimension}) != train dimension ({train.Dimension})", nameof(test));
        IMatrixKernels? owned = kernels is null ? new SimdKernels(config.Threads) : null;
        try
        {
            return new Trainer(config, train, observer, kernels ?? owned!).Loop(test, cancellation, checkpoints, resume);
        }
        finally
        {
            owned?.Dispose();
        }
    }

    private TrainingOutcome Loop(Dataset? test, CancellationToken cancellation, ICheckpointSink? checkpoints, TrainingCheckpoint? resume)
    {
        int n = _train.Count, last = _config.Iterations;
        bool sgd = _config.Optimizer == OptimizerKind.StochasticGradientDescent;
        var rows = new RowMeasurement(_net, _kernels, _config, n, test, resume?.InitialWeights);
        var tangent = new TangentKernelTracking(_config, _train, _net, _kernels);
        var sharpness = new SharpnessTracking(_config, _train, _net, _kernels);
        // A multiple of a critical step that does not exist (λ(W(0)) = 0) has no step to take: refused at the first update,
        // after W(0)'s own checks (a network dead at W(0) has collapsed).
        string? noStep = CriticalStep.Problem(_config);
        MiniBatchStep? miniBatch = sgd ? new MiniBatchStep(_config, _train) : null;
        var cadence = new CheckpointCadence(_config.CheckpointEvery, _config.CheckpointSeconds);
        var clock = Stopwatch.StartNew();
        var metrics = new MetricsClock(resume?.MetricsSeconds ?? 0);
        double secondsBefore = resume?.Seconds ?? 0;
        int start = resume?.Iteration ?? 0;
        if (resume is not null) Restore(resume, rows, miniBatch, tangent, sharpness);

        RunStatus status = RunStatus.Completed;
        string? message = null;
        MetricsRow? lastRow = null;
        for (int k = start; ; k++)
        {
            if (cancellation.IsCancellationRequested)
            {
                (status, message) = (RunStatus.Interrupted, $"interrupted before iteration {k}");
                break;
            }
            if (checkpoints is not null && cadence.Due(k, start))
            {
                checkpoints.Save(Checkpoint(k, rows.Drift, miniBatch, secondsBefore + clock.Elapsed.TotalSeconds, metrics.Seconds, tangent, sharpness));
                cadence.Taken();
            }

            bool logged = _config.Schedule.IsLogged(k, last), stopping = false, fullBatch = !sgd || logged;
            double loss = double.NaN, error = double.NaN;
            if (fullBatch)
            {
                _pass.Forward(_train.Features, n);
                (loss, int wrong) = _pass.Evaluate(_train.Labels, _config.Loss, 1.0 / n);
                error = (double)wrong / n;
                if (k == 0) Started(loss, rows, tangent);
                if (_stop.Diverged(loss))
                {
                    (status, message) = (RunStatus.Diverged, _stop.DivergenceMessage(k, loss));
                    break;
                }
                if (_pass.FirstDeadLayer(n) is int dead)
                {
                    (status, message) = (RunStatus.Collapsed, _stop.CollapseMessage(k, dead, loss));
                    break;
                }
                if (_stop.Reached(k, loss, wrong) is RunStatus reached) (status, stopping, logged) = (reached, true, true);
                if (!sgd) _observer.OnIteration(k, last, loss, error);
            }

            // The observers take W(k) before any update; the kernel's and the sharpness's schedules are their own, logged rows or not.
            metrics.Measure(() =>
            {
                if (tangent.Kernel(k, stopping) is { } kernel) _observer.OnTangentKernel(kernel);
                if (sharpness.Measure(k, stopping) is { } curvature) _observer.OnSharpness(curvature);
            });
            if (logged) metrics.Measure(() => rows.Measure(k, _pass, tangent));
            if (!stopping && noStep is not null) throw new InvalidOperationException(noStep);
            // The full-batch gradient: GD steps along it; under SGD it is computed only for the logged ‖∇L_S‖.
            if (fullBatch) _pass.Backward(_train.Features, n, StepSize, apply: !sgd && !stopping, _gradientSquares);
            if (logged)
                metrics.Measure(() => _observer.OnRow(lastRow = rows.Row(k, loss, error, _gradientSquares, secondsBefore + clock.Elapsed.TotalSeconds)));

            if (stopping) break;
            tangent.Step();
            if (miniBatch is not null)
            {
                (double batchLoss, double batchError) = miniBatch.Draw(_pass);
                if (_stop.Diverged(batchLoss))
                {
                    (status, message) = (RunStatus.Diverged, _stop.DivergenceMessage(k, batchLoss));
                    break;
                }
                miniBatch.Step(_pass, StepSize, _gradientSquares);
                _observer.OnIteration(k, last, batchLoss, batchError);
            }
        }

        // The predictions slower than the network are carried on towards the run's target, so that a run that reached it
        // has a predicted k_ε too whenever the predictions get there within the budget.
        if (status is RunStatus.TargetReached or RunStatus.Completed or RunStatus.ZeroError && _config.TargetLoss is double target)
            metrics.Measure(() => tangent.ContinueToTarget(target));
        return new TrainingOutcome(status, lastRow, message, _stop.InitialLoss, rows.Drift.InitialSpectral, rows.Drift.InitialFrobenius,
            WeightsDigest.Of(_net.Weights), secondsBefore + clock.Elapsed.TotalSeconds, metrics.Seconds) { Network = _net, TangentKernel = tangent.Facts, InitialSharpness = sharpness.Initial };
    }

    /// <summary>At W(0): the initial loss, the activation patterns every later row compares with, and the tangent kernel's start.</summary>
    private void Started(double loss, RowMeasurement rows, TangentKernelTracking tangent)
    {
        _stop.InitialLoss = loss;
        rows.Patterns.Capture(_pass.Activations);
        if (tangent.Active) tangent.Start(_pass.Outputs.AsSpan(0, _train.Count), 0);
    }

    private TrainingCheckpoint Checkpoint(int k, DistanceFromInit drift, MiniBatchStep? miniBatch, double seconds, double metricsSeconds,
        TangentKernelTracking tangent, SharpnessTracking sharpness)
    {
        (int[] permutation, ulong[] rng)? sampler = miniBatch?.Sampler.State;
        return new TrainingCheckpoint(k, _net.Weights, drift.Initial, _stop.InitialLoss, drift.SingularVectors, sampler?.permutation, sampler?.rng,
            seconds, metricsSeconds, tangent.State, sharpness.Initial);
    }

    /// <summary>Puts the run back where the checkpoint was taken: W(k), the spectral norms' warm starts, the sampler, and what
    /// is taken at W(0) (the initial activation patterns and the tangent kernel's start, from one forward pass there; S(W(0))
    /// when the checkpoint lacks it).</summary>
    private void Restore(TrainingCheckpoint c, RowMeasurement rows, MiniBatchStep? miniBatch, TangentKernelTracking tangent, SharpnessTracking sharpness)
    {
        if (c.Weights.Length != _net.Depth || c.Weights.Where((w, l) => w.Length != _net.Weights[l].Length).Any())
            throw new ArgumentException("the checkpoint's weights do not have this network's shapes", nameof(c));
        for (int l = 0; l < _net.Depth; l++)
        {
            c.InitialWeights[l].CopyTo(_net.Weights[l], 0);
            c.SingularVectors[l].CopyTo(rows.Drift.SingularVectors[l], 0);
        }
        _stop.InitialLoss = c.InitialLoss;
        _pass.Forward(_train.Features, _train.Count);
        rows.Patterns.Capture(_pass.Activations);
        if (tangent.Active)
        {
            _pass.Evaluate(_train.Labels, _config.Loss, 1.0 / _train.Count);
            tangent.Start(_pass.Outputs.AsSpan(0, _train.Count), c.Iteration, c.Predictions);
        }
        sharpness.Resume(c.InitialSharpness);
        for (int l = 0; l < _net.Depth; l++) c.Weights[l].CopyTo(_net.Weights[l], 0);
        if (miniBatch is not null)
        {
            if (c.SamplerPermutation is null || c.SamplerRng is null) throw new ArgumentException("an SGD checkpoint needs the sampler's state", nameof(c));
            miniBatch.Sampler.Restore(c.SamplerPermutation, c.SamplerRng);
        }
    }

    /// <summary>η in float32: the update is W ← W − η·G in the kernels' float32 arithmetic.</summary>
    private float StepSize => (float)_config.StepSize;

    /// <summary>The time spent measuring (rows, kernels, observers), apart from training's own.</summary>
    private sealed class MetricsClock(double seconds)
    {
        private long _ticks = (long)(seconds * Stopwatch.Frequency);

        public double Seconds => (double)_ticks / Stopwatch.Frequency;

        public void Measure(Action measure)
        {
            long started = Stopwatch.GetTimestamp();
            measure();
            _ticks += Stopwatch.GetTimestamp() - started;
        }
    }
}
