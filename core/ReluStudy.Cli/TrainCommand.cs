using System.Globalization;
using ReluStudy.Core.Data;
using ReluStudy.Core.Model;
using ReluStudy.Core.Output;
using ReluStudy.Core.Training;

namespace ReluStudy.Cli;

/// <summary>relustudy train: check every option, load the data, then train and write the run folder.</summary>
internal static class TrainCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, bool interactive, CancellationToken cancellation)
    {
        int model = args.ToList().IndexOf("--model");
        if ((model >= 0 && model + 1 < args.Count && args[model + 1] == "two-layer") || args.Contains("--model=two-layer"))
            return TwoLayerCommand.Run(args, stdout, stderr, cancellation);
        if (args.Contains("--help") || args.Contains("-h"))
        {
            stdout.WriteLine(TrainOptions.Usage);
            return ExitCodes.Ok;
        }
        (TrainOptions? options, List<string> errors) = TrainOptions.Parse(args);
        if (options is null)
        {
            foreach (string e in errors) stderr.WriteLine($"error: {e}");
            return ExitCodes.BadOption;
        }

        var outFolder = new OutFolder(options.OutDir, options.Force);
        if (outFolder.RefusesFinished(stderr)) return ExitCodes.BadOption;

        PreparedData data = BinaryTask.Prepare(options.Data);
        DataDescription d = data.Description;
        stdout.WriteLine($"data: {d.Dataset} {d.ClassA} vs {d.ClassB}, n = {d.TrainCount}, d = {d.Dimension}"
                         + (d.TestCount > 0 ? $", test n = {d.TestCount}" : "") + $" ({d.Origin}: {d.TrainSource})");
        TrainingConfig config = options.Training;
        stdout.WriteLine($"model: L = {config.Widths.Count}, widths {DescribeWidths(config.Widths)}, preprocess {d.Preprocess}, loss {MarginLoss.Name(config.Loss)}, "
                         + $"{(config.Optimizer == OptimizerKind.GradientDescent ? "gd" : $"sgd (B = {config.BatchSize})")}, "
                         + $"lr = {config.LearningRate.ToString("G6", CultureInfo.InvariantCulture)} (lr*m = {config.LearningRateTimesWidth.ToString("G6", CultureInfo.InvariantCulture)}), "
                         + $"K = {config.Iterations}, seed {config.Seed}, {config.Threads} thread(s)");

        // Taken once the data is known good, so that a bad file leaves no folder behind; held until the process ends.
        using RunLock runLock = RunLock.Acquire(Path.GetFullPath(options.OutDir));
        if (outFolder.RefusesFinished(stderr)) return ExitCodes.BadOption;
        bool unfinished = outFolder.HoldsUnfinished;

        string configurationId = Core.Studies.RunIdentity.Id(
            new Core.Studies.RunSpec(options.Data, config, null, new Dictionary<string, string>()),
            Core.Studies.RunIdentity.DataChecksum(data.Train.Features, data.Train.Labels.Select(v => (double)v).ToArray()));
        var folder = new RunDirectory(options.OutDir) { ConfigurationId = configurationId };
        TrainingOutcome outcome;
        try
        {
            outcome = TrainInto(folder, options, data, unfinished, stdout, stderr, interactive, cancellation);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw OutputException.From(folder.Folder, e);
        }

        if (outcome.LastRow is MetricsRow last)
            stdout.WriteLine($"iteration {last.Iteration}: loss {last.Loss:G6}, train error {last.TrainError:P2}, "
                             + $"distance {last.DistSpectralMax:G4} (spectral max) / {last.DistFrobenius:G4} (Frobenius), "
                             + $"pattern change {last.PatternChangeRatio:P3}");
        stdout.WriteLine($"status: {outcome.Status.Name()}; results in {folder.Folder} ({outcome.Seconds:F1} s)");
        switch (outcome.Status)
        {
            case TrainingStatus.Diverged:
                stderr.WriteLine($"error: {outcome.Message}");
                return ExitCodes.Diverged;
            case TrainingStatus.Interrupted:
                stderr.WriteLine($"error: {outcome.Message}; logged rows are in {folder.MetricsPath}");
                return ExitCodes.Interrupted;
            default:
                return ExitCodes.Ok;
        }
    }

    /// <summary>Resumes or starts the run in <paramref name="folder"/> and writes its files.</summary>
    private static TrainingOutcome TrainInto(RunDirectory folder, TrainOptions options, PreparedData data, bool unfinished,
        TextWriter stdout, TextWriter stderr, bool interactive, CancellationToken cancellation)
    {
        TrainingConfig config = options.Training;
        TrainingCheckpoint? resume = unfinished ? folder.LastCheckpoint() : null;
        if (resume is not null)
        {
            folder.ResumeAt(resume.Iteration);
            stdout.WriteLine($"resuming from the checkpoint at iteration {resume.Iteration} ({folder.CheckpointPath})");
        }
        else if (unfinished) stdout.WriteLine("the run in this folder did not finish and left no usable checkpoint: starting it again");
        DateTimeOffset started = DateTimeOffset.UtcNow;
        folder.WriteRecord(RunRecord.Build(config, data.Description, null, started, null));
        var progress = new ConsoleProgress(stderr, interactive);
        TrainingOutcome outcome;
        try
        {
            outcome = Trainer.Run(config, data.Train, data.Test, new Observers(folder, progress), cancellation: cancellation,
                checkpoints: folder, resume: resume);
        }
        finally
        {
            progress.Finish();
            folder.Flush();
        }
        if (outcome.Network is not null)
            WeightsFile.Write(Path.Combine(folder.Folder, WeightsFile.FinalName), outcome.Network, outcome.LastRow?.Iteration, outcome.Status.Name(), outcome.WeightsSha256);
        folder.WriteRecord(RunRecord.Build(config, data.Description, outcome, started, DateTimeOffset.UtcNow));
        if (outcome.Status != TrainingStatus.Interrupted) folder.DropCheckpoint();
        return outcome;
    }

    private static string DescribeWidths(IReadOnlyList<int> widths) =>
        widths.Distinct().Count() == 1 ? $"m = {widths[0]}" : string.Join(",", widths);
}
