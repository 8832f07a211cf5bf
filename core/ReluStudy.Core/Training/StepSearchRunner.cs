using ReluStudy.Core.Numerics;
using ReluStudy.Core.Data;
using ReluStudy.Core.LinearAlgebra;

namespace ReluStudy.Core.Training;

/// <summary>
/// Runs a <see cref="StepSearch"/>: first S(W(0)), the loss Hessian's top eigenvalue at the run's initialisation
/// (<see cref="SharpnessTracking.AtInitialisation"/>: GD on the loss's quadratic model at W(0) is stable iff η &lt; 2/S(W(0)),
/// the prediction η* is read against), then each probe, an ordinary training of the run's configuration at the probe's
/// step (without the tangent kernel's tracking, which does not bear on stability, or sharpness.csv), all from the same
/// W(0). The one measurement (the Hessian's top alone, part of the full one <see cref="SharpnessSettings.DefaultEvery"/>
/// prices) is small against the probes' up to
/// (bisections + 2)·iterations. The run keeps the rows and weights of its largest stable probe (of the first probe when
/// none was stable), so its metrics are a trajectory at the step found.
/// </summary>
public static class StepSearchRunner
{
    public static (TrainingOutcome Outcome, StepSearchResult Result) Run(TrainingConfig config, Dataset train, Dataset? test,
        ITrainingObserver observer, CancellationToken cancellation = default)
    {
        StepSearch search = config.StepSearch ?? throw new ArgumentException("the configuration has no step search", nameof(config));
        IReadOnlyList<string> problems = search.Problems(config.Optimizer);
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(config));
        using var kernels = new SimdKernels(config.Threads);
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        double sharpness = SharpnessTracking.AtInitialisation(config, train, kernels);
        double measuring = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, seconds = measuring;
        var probes = new List<StepProbe>();
        (TrainingOutcome Outcome, List<MetricsRow> Rows)? kept = null;
        while (search.Next(probes) is double step)
        {
            var probe = new ProbeObserver(observer);
            TrainingConfig at = config with { StepSize = step, StepSearch = null, Predict = false, TangentKernelSample = 0, Sharpness = null };
            TrainingOutcome o = Trainer.Run(at, train, test, probe, kernels, cancellation);
            seconds += o.Seconds;
            if (o.Status == RunStatus.Interrupted)
                return (o with { Seconds = seconds, MetricsSeconds = o.MetricsSeconds + measuring, InitialSharpness = sharpness }, new StepSearchResult(search.From, search.To, search.Bisections, probes, null));
            int? failure = StepSearch.FirstFailure(probe.Losses);
            bool stable = failure is null && !o.Status.BrokeDown();
            probes.Add(new StepProbe(step, stable, probe.Losses.Count - 1, Float64.FiniteOrNull(o.InitialLoss),
                probe.Losses.Count > 0 ? Float64.FiniteOrNull(probe.Losses[^1]) : null, failure, o.Status.Name()));
            if (kept is null || stable) kept = (o, probe.Rows);
        }
        foreach (MetricsRow row in kept!.Value.Rows) observer.OnRow(row);
        double? ceiling = null;
        if (config.Predicts(train.Count))
        {
            double top = TangentKernel.StepCeiling.LimitLambdaMax(train, config.Widths, config.Threads);
            ceiling = TangentKernel.StepCeiling.MaxStableStepTimesWidth(config.Loss, train.Count, top) / config.MinWidth;
        }
        var result = new StepSearchResult(search.From, search.To, search.Bisections, probes, ceiling);
        string found = result.LargestStable is double s ? $"largest stable step {s:G4}" : $"no stable step in [{search.From:G4}, {search.To:G4}]";
        return (kept.Value.Outcome with { Seconds = seconds, Message = $"{found} ({probes.Count} probes)",
            MetricsSeconds = kept.Value.Outcome.MetricsSeconds + measuring, InitialSharpness = sharpness }, result);
    }

    /// <summary>Keeps a probe's loss at every iteration and its logged rows; passes the iterations on for the progress display.</summary>
    private sealed class ProbeObserver(ITrainingObserver progress) : ITrainingObserver
    {
        public List<double> Losses { get; } = [];
        public List<MetricsRow> Rows { get; } = [];

        public void OnIteration(int iteration, int lastIteration, double loss, double trainError)
        {
            Losses.Add(loss);
            progress.OnIteration(iteration, lastIteration, loss, trainError);
        }

        public void OnRow(MetricsRow row) => Rows.Add(row);
    }
}
