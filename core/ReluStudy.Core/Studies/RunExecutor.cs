using System.Text.Json.Nodes;
using ReluStudy.Core.Output;
using ReluStudy.Core.Training;
using ReluStudy.Core.Training.TwoLayer;

namespace ReluStudy.Core.Studies;

/// <summary>
/// Runs one planned run into its folder: spec.json (the canonical configuration and ids), run.json
/// ("running" first, the outcome at the end) and the metrics. An exception marks the run "failed" in
/// run.json with its message; it never escapes, so one bad run does not stop a sweep.
/// </summary>
internal static class RunExecutor
{
    /// <summary>Status "busy" when another process holds the run's lock (beyond <paramref name="lockWait"/>): the run is left to it, untouched.</summary>
    /// <exception cref="OutputException">The results folder cannot be written or is full: the sweep stops, the run's files stay as they were.</exception>
    public static (string Status, string? Message) Execute(PlannedRun run, LoadedData data, int threads, IStudyProgress progress, CancellationToken cancellation,
        TimeSpan lockWait = default)
    {
        RunLock runLock;
        try
        {
            runLock = RunLock.Acquire(run.Folder, lockWait);
        }
        catch (OutputException e) when (e.IsLocked)
        {
            return ("busy", e.Message);
        }
        using (runLock)
        {
            (RunState state, string? status) = StudyPlanner.ReadState(run.Folder);
            if (state == RunState.Done) return (status!, "finished by another process while this one was planning");
            try
            {
                return Write(run with { State = state }, data, threads, progress, cancellation);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The data is in memory, so only the results folder is being read or written here.
                throw OutputException.From(run.Folder, e);
            }
        }
    }

    private static (string Status, string? Message) Write(PlannedRun run, LoadedData data, int threads, IStudyProgress progress, CancellationToken cancellation)
    {
        AtomicFile.WriteAllText(Path.Combine(run.Folder, "spec.json"), new JsonObject
        {
            ["format"] = "relustudy-spec/1",
            ["id"] = run.Id,
            ["label"] = run.Spec.Label,
            ["axes"] = new JsonObject(run.Spec.Axes.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value))),
            ["data_checksum"] = data.Checksum,
            ["canonical"] = RunIdentity.Canonical(run.Spec),
        }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        progress.Started(run, threads);
        try
        {
            return run.Spec.Deep is TrainingConfig deep ? Deep(run, deep with { Threads = threads }, data, progress, cancellation)
                : TwoLayer(run, run.Spec.TwoLayer! with { Threads = threads }, data, progress, cancellation);
        }
        catch (Exception e) when (e is not (OperationCanceledException or IOException or UnauthorizedAccessException))
        {
            MarkFailed(Path.Combine(run.Folder, "run.json"), e);
            return ("failed", $"{e.GetType().Name}: {e.Message}");
        }
    }

    private static (string, string?) Deep(PlannedRun run, TrainingConfig config, LoadedData data, IStudyProgress progress, CancellationToken cancellation)
    {
        var folder = new RunDirectory(run.Folder) { ConfigurationId = run.Id };
        TrainingCheckpoint? resume = run.State == RunState.Unfinished ? folder.LastCheckpoint() : null;
        if (resume is not null)
        {
            folder.ResumeAt(resume.Iteration);
            progress.Note($"resuming {run.Spec.Label} ({run.Id}) from its checkpoint at iteration {resume.Iteration}");
        }
        DateTimeOffset started = DateTimeOffset.UtcNow;
        folder.WriteRecord(RunRecord.Build(config, data.Description, null, started, null));
        TrainingOutcome outcome;
        try
        {
            outcome = Trainer.Run(config, data.Classification!.Train, data.Classification.Test, new Forward(folder, run, progress), cancellation: cancellation,
                checkpoints: folder, resume: resume);
        }
        finally
        {
            folder.Flush();
        }
        if (outcome.Network is not null)
            WeightsFile.Write(Path.Combine(run.Folder, WeightsFile.FinalName), outcome.Network, outcome.LastRow?.Iteration, outcome.Status.Name(), outcome.WeightsSha256);
        folder.WriteRecord(RunRecord.Build(config, data.Description, outcome, started, DateTimeOffset.UtcNow));
        if (outcome.Status != TrainingStatus.Interrupted) folder.DropCheckpoint();
        return (outcome.Status.Name(), outcome.Message);
    }

    private static (string, string?) TwoLayer(PlannedRun run, TwoLayerConfig config, LoadedData data, IStudyProgress progress, CancellationToken cancellation)
    {
        string record = Path.Combine(run.Folder, "run.json");
        DateTimeOffset started = DateTimeOffset.UtcNow;
        AtomicFile.WriteAllText(record, RunRecord.BuildTwoLayer(config, data.Description, null, started, null));
        var runFolder = new TwoLayerRunDirectory(run.Folder, data.Dimension, run.Id);
        TwoLayerCheckpoint? resume = run.State == RunState.Unfinished ? runFolder.LastCheckpoint() : null;
        if (resume is not null)
        {
            runFolder.ResumeAt(resume.Iteration);
            progress.Note($"resuming {run.Spec.Label} ({run.Id}) from its checkpoint at iteration {resume.Iteration}");
        }
        TwoLayerOutcome outcome;
        try
        {
            outcome = TwoLayerTrainer.Run(config, data.X, data.Y, data.Dimension, new ForwardTwoLayer(runFolder, run, progress, config.Iterations), cancellation,
                checkpoints: runFolder, resume: resume);
        }
        finally
        {
            runFolder.Flush();
        }
        AtomicFile.WriteAllText(record, RunRecord.BuildTwoLayer(config, data.Description, outcome, started, DateTimeOffset.UtcNow));
        if (outcome.Status != TrainingStatus.Interrupted) runFolder.DropCheckpoint();
        return (outcome.Status.Name(), outcome.Message);
    }

    private static void MarkFailed(string record, Exception e)
    {
        JsonNode node = File.Exists(record) ? JsonNode.Parse(File.ReadAllText(record)) ?? new JsonObject() : new JsonObject();
        node["status"] = "failed";
        node["message"] = $"{e.GetType().Name}: {e.Message}";
        node["finished_utc"] = DateTimeOffset.UtcNow.UtcDateTime.ToString("O");
        AtomicFile.WriteAllText(record, node.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private sealed class Forward(RunDirectory folder, PlannedRun run, IStudyProgress progress) : ITrainingObserver
    {
        public void OnIteration(int iteration, int lastIteration, double loss, double trainError) => progress.Iteration(run, iteration, lastIteration, loss);
        public void OnRow(MetricsRow row) => folder.OnRow(row);
    }

    private sealed class ForwardTwoLayer(TwoLayerRunDirectory runFolder, PlannedRun run, IStudyProgress progress, int last) : ITwoLayerObserver
    {
        public void OnRow(TwoLayerRow row)
        {
            runFolder.OnRow(row);
            progress.Iteration(run, row.Iteration, last, row.Loss);
        }
    }
}
