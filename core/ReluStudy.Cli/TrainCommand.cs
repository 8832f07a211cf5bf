using System.Globalization;
using ReluStudy.Core.CommandLine;
using ReluStudy.Core.Data;
using ReluStudy.Core.Model;
using ReluStudy.Core.Output;
using ReluStudy.Core.Results;
using ReluStudy.Core.Studies;
using ReluStudy.Core.Training;
using static ReluStudy.Core.Results.MetricColumns;

namespace ReluStudy.Cli;

/// <summary>
/// relustudy train: check every option, load the data, then run one run — the same run lifecycle as a study's runs
/// (a one-run study without a sweep) — into the output folder.
/// </summary>
internal static class TrainCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, bool interactive, CancellationToken cancellation)
    {
        bool twoLayer = TrainOptions.WantsTwoLayer(args);
        OptionSet options = twoLayer ? TwoLayerOptions.Set : TrainOptions.Set;
        if (Help.Asked(args, options, stdout)) return ExitCodes.Ok;
        OptionReader o = options.Read(args);
        TrainRequest? request = twoLayer ? TwoLayerOptions.Parse(o) : TrainOptions.Parse(o);
        if (o.Failed(stderr) || request is null) return ExitCodes.BadOption;

        var outFolder = new OutFolder(request.OutDir, request.Force);
        if (outFolder.RefusesFinished(stderr)) return ExitCodes.BadOption;

        RunSpec spec = request.Spec;
        if (RunMemory.BeforeLoading(spec, Core.Platform.MemorySize.Available) is string early) return TooLarge(early, stderr);
        LoadedData data = LoadedData.Load(spec.Data, spec.IsTwoLayer);
        DataDescription d = data.Description;
        // Before the run folder exists: a run that cannot be allocated leaves nothing behind.
        if (RunMemory.Problem(spec, d.Dimension, Core.Platform.MemorySize.Available) is string tooLarge) return TooLarge(tooLarge, stderr);
        stdout.WriteLine($"data: {d.Dataset}{(d.ClassA.Length > 0 ? $" {d.ClassA} vs {d.ClassB}" : "")}, n = {d.TrainCount}, d = {d.Dimension}"
                         + (d.TestCount > 0 ? $", test n = {d.TestCount}" : "") + $" ({d.Origin}: {d.TrainSource})");
        stdout.WriteLine("model: " + Describe(spec, d, request.Threads));

        // Taken once the data is known good, so that a bad file leaves no folder behind; held until the process ends.
        string folder = Path.GetFullPath(request.OutDir);
        using RunLock runLock = RunLock.Acquire(folder);
        if (outFolder.RefusesFinished(stderr)) return ExitCodes.BadOption;
        var progress = new ConsoleProgress(stderr, stdout, interactive);
        RunEnd end;
        try
        {
            end = RunLifecycle.Execute(spec, RunIdentity.Id(spec, data.Checksum), data, folder, request.Threads, resume: outFolder.HoldsUnfinished,
                progress, cancellation);
        }
        finally
        {
            progress.Finish();
        }

        if (end.Summary?.LastRow is { } last) stdout.WriteLine(DescribeLast(last, spec.IsTwoLayer, end.Summary));
        if (end.Summary?.SharpnessInitial is double sharpness)
            stdout.WriteLine($"sharpness at W(0): {sharpness:G6}; GD on the loss's quadratic model there is stable below step 2/S = "
                             + $"{end.Summary.StableStepPredicted:G4} (this run's step {RunRecordFile.Read(folder).Config.Step:G4}; sharpness.csv has the rest)");
        if (end.Regime is Regime regime) stdout.WriteLine($"regime: {regime.Name()}: {end.RegimeReason}");
        stdout.WriteLine($"status: {end.Status.Name()}; results in {folder} ({(end.Summary?.Seconds ?? 0):F1} s)");
        switch (end.Status)
        {
            case RunStatus.Diverged:
                stderr.WriteLine($"error: {end.Message}");
                return ExitCodes.Diverged;
            case RunStatus.Collapsed:
                stderr.WriteLine($"error: {end.Message}");
                return ExitCodes.Collapsed;
            case RunStatus.Interrupted:
                stderr.WriteLine($"error: {end.Message}; logged rows are in {ResultsLayout.In(folder, ResultsLayout.Metrics)}");
                return ExitCodes.Interrupted;
            case RunStatus.Failed:
                stderr.WriteLine($"error: {end.Message}");
                return ExitCodes.Unexpected;
            default:
                return ExitCodes.Ok;
        }
    }

    /// <summary>A run that cannot be allocated: its problem under the option that sets it.</summary>
    private static int TooLarge(string problem, TextWriter stderr)
    {
        stderr.WriteLine($"error: {OptionReader.AsOption(problem)}");
        return ExitCodes.BadOption;
    }

    private static string Describe(RunSpec spec, DataDescription d, int threads)
    {
        var inv = CultureInfo.InvariantCulture;
        if (spec.TwoLayer is { } t)
            return string.Format(inv, "two-layer (DZPS), m = {0}, step = {1:G6}, K = {2}, seed {3}, {4}, {5} thread(s)",
                t.Width, t.StepSize, t.Iterations, t.Seed, t.TrainOutputLayer ? "W and a trained" : "a fixed", threads);
        TrainingConfig c = spec.Deep!;
        string widths = c.Widths.Distinct().Count() == 1 ? $"m = {c.Widths[0]}" : string.Join(",", c.Widths);
        return $"L = {c.Widths.Count}, widths {widths}, preprocess {d.Preprocess}, loss {MarginLoss.Name(c.Loss)}, "
               + $"{(c.Optimizer == OptimizerKind.GradientDescent ? "gd" : $"sgd (B = {c.BatchSize})")}, "
               + (c.StepMultiple is double multiple
                   ? $"step = {multiple.ToString("G6", inv)} x 2/{c.StepCurvature.Symbol()} (measured before training), "
                   : $"step = {c.StepSize.ToString("G6", inv)} (step*m = {c.StepTimesWidth.ToString("G6", inv)}), ")
               + $"K = {c.Iterations}, seed {c.Seed}, {threads} thread(s)";
    }

    private static string DescribeLast(IReadOnlyDictionary<string, double> row, bool twoLayer, RunSummary summary)
    {
        double V(MetricColumn c) => row.GetValueOrDefault(c.Name, double.NaN);
        return twoLayer
            ? string.Format(CultureInfo.InvariantCulture,
                "iteration {0}: ||y - u||^2 = {1:G6} (envelope {2:G6}), max_r ||w_r - w_r(0)|| = {3:G4} (R' = {4:G4}), patterns changed {5:P3}; lambda0 = {6:G6}",
                V(Iteration), V(ResidualSquared), V(Envelope), V(MaxWeightDistance), V(RPrime), V(PatternChangeRatio), summary.Lambda0)
            : $"iteration {V(Iteration)}: loss {V(Loss):G6}, train error {V(TrainError):P2}, "
              + $"distance {V(DistanceSpectralMax):G4} (spectral max) / {V(DistanceFrobenius):G4} (Frobenius), pattern change {V(PatternChangeRatio):P3}";
    }
}
