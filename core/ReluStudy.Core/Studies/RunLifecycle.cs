using ReluStudy.Core.Output;
using ReluStudy.Core.Results;
using ReluStudy.Core.Theory.Regimes;
using ReluStudy.Core.Training;
using ReluStudy.Core.Training.TwoLayer;

namespace ReluStudy.Core.Studies;

/// <summary>Receives one run's progress: its iterations and what happens to it (resuming, ...).</summary>
public interface IRunProgress
{
    /// <summary>Iteration k of K with L_S(W(k)) and, where known, the training error.</summary>
    void Iteration(int iteration, int lastIteration, double loss, double? trainError);

    void Note(string message);
}

/// <summary>How a run ended; no summary when it failed.</summary>
public sealed record RunEnd(RunStatus Status, string? Message, RunSummary? Summary)
{
    /// <summary>The regime of a finished run and why (run.json's <c>regime</c>, <c>regime_reason</c>).</summary>
    public Regime? Regime { get; init; }
    public string? RegimeReason { get; init; }
}

/// <summary>
/// One run, from its first iteration (or its checkpoint) to its final record, for relustudy train and study runs
/// alike: spec.json → resume from the checkpoint → run.json "running" → train → flush the rows → final weights →
/// run.json with the outcome and, once finished, its regime → drop the checkpoint. Every file is replaced atomically; an error in training marks
/// the run failed (it never escapes), while a folder that cannot be written stops with an <see cref="OutputException"/>.
/// The caller holds the folder's <see cref="RunLock"/>.
/// </summary>
public static class RunLifecycle
{
    /// <param name="resume">continue an unfinished run from its checkpoint (else start afresh).</param>
    public static RunEnd Execute(RunSpec spec, string id, LoadedData data, string folder, int threads, bool resume, IRunProgress progress,
        CancellationToken cancellation)
    {
        try
        {
            new SpecRecord { Id = id, Label = spec.Label, Axes = spec.Axes, DataChecksum = data.Checksum, Canonical = RunIdentity.Canonical(spec) }.Write(folder);
            string name = $"{spec.Label} ({id})";
            return spec.Deep is TrainingConfig deep
                ? Deep(deep with { Threads = threads }, id, data, folder, resume, name, progress, cancellation)
                : TwoLayer(spec.TwoLayer! with { Threads = threads }, id, data, folder, resume, name, progress, cancellation);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The data is in memory, so only the run folder is being read or written here.
            throw OutputException.From(folder, e);
        }
    }

    private static RunEnd Deep(TrainingConfig config, string id, LoadedData data, string folder, bool resume, string name, IRunProgress progress,
        CancellationToken cancellation)
    {
        var writer = new DeepRunWriter(folder, id);
        config = ResolveStep(config, data, name, progress);
        return Run(folder, RunRecords.Deep(config, data.Description), writer, resume, name, progress, checkpoint =>
        {
            var observer = new DeepObserver(writer, progress);
            TrainingOutcome o;
            RunSummary summary;
            if (config.StepSearch is null)
            {
                o = Trainer.Run(config, data.Classification!.Train, data.Classification.Test, observer,
                    cancellation: cancellation, checkpoints: writer, resume: checkpoint);
                summary = RunRecords.Summary(o);
            }
            else
            {
                // A search's probes are short and take no checkpoints: an interrupted search starts again.
                (o, StepSearchResult search) = StepSearchRunner.Run(config, data.Classification!.Train, data.Classification.Test, observer, cancellation);
                summary = RunRecords.Summary(o) with { StepSearch = search };
            }
            return (o.Status, o.Message, summary, () =>
            {
                if (o.Network is not null)
                    WeightsFile.Write(ResultsLayout.In(folder, ResultsLayout.FinalWeights), o.Network, o.LastRow?.Iteration, o.Status.Name(), o.WeightsSha256);
            });
        });
    }

    /// <summary>
    /// A step given as a multiple of the run's critical step, resolved to η before run.json records the configuration: measured
    /// at W(0) on every training row, afresh on a resume too (the measurement is deterministic, so it resolves the same η).
    /// </summary>
    private static TrainingConfig ResolveStep(TrainingConfig config, LoadedData data, string name, IRunProgress progress)
    {
        if (config.StepMultiple is null) return config;
        TrainingConfig resolved = CriticalStep.Resolve(config, data.Classification!.Train);
        progress.Note(FormattableString.Invariant(
            $"{name}: {resolved.StepCurvature.Symbol()} = {resolved.CriticalCurvature:G6} on {data.Classification.Train.Count} rows, so step = {resolved.StepMultiple:G6} x 2/{resolved.StepCurvature.Symbol()} = {resolved.StepSize:G6}"));
        return resolved;
    }

    private static RunEnd TwoLayer(TwoLayerConfig config, string id, LoadedData data, string folder, bool resume, string name, IRunProgress progress,
        CancellationToken cancellation)
    {
        var writer = new TwoLayerRunWriter(folder, data.Dimension, id);
        return Run(folder, RunRecords.TwoLayer(config, data.Description), writer, resume, name, progress, checkpoint =>
        {
            TwoLayerOutcome o = TwoLayerTrainer.Run(config, data.X, data.Y, data.Dimension, new TwoLayerObserver(writer, progress, config.Iterations),
                cancellation, checkpoints: writer, resume: checkpoint);
            return (o.Status, o.Message, RunRecords.Summary(o), null);
        });
    }

    /// <param name="train">trains from the checkpoint (or afresh) and returns the outcome and what to write once the rows are flushed.</param>
    private static RunEnd Run<TCheckpoint>(string folder, RunConfiguration config, IRunWriter<TCheckpoint> writer, bool resume, string name,
        IRunProgress progress, Func<TCheckpoint?, (RunStatus Status, string? Message, RunSummary Summary, Action? Finish)> train)
        where TCheckpoint : class
    {
        TCheckpoint? checkpoint = resume ? writer.LastCheckpoint() : null;
        if (checkpoint is not null)
        {
            writer.ResumeAt(writer.IterationOf(checkpoint));
            progress.Note($"resuming {name} from its checkpoint at iteration {writer.IterationOf(checkpoint)}");
        }
        else if (resume) progress.Note($"{name} did not finish and left no usable checkpoint: starting it again");

        RunRecord started = RunRecords.Started(config);
        RunRecordFile.Write(folder, started);
        (RunStatus Status, string? Message, RunSummary Summary, Action? Finish) outcome;
        try
        {
            outcome = train(checkpoint);
        }
        catch (Exception e) when (e is not (OperationCanceledException or IOException or UnauthorizedAccessException or OutputException))
        {
            RunRecordFile.MarkFailed(folder, started, e);
            return new RunEnd(RunStatus.Failed, $"{e.GetType().Name}: {e.Message}", null);
        }
        finally
        {
            writer.Flush();
        }
        outcome.Finish?.Invoke();
        RunRecord ended = WithRegime(folder, RunRecords.Ended(started, outcome.Status, outcome.Message, outcome.Summary));
        RunRecordFile.Write(folder, ended);
        if (outcome.Status != RunStatus.Interrupted) writer.DropCheckpoint();
        return new RunEnd(outcome.Status, outcome.Message, outcome.Summary) { Regime = ended.Regime, RegimeReason = ended.RegimeReason };
    }

    /// <summary>The ended record with the regime its rows (flushed by now) show, when it finished.</summary>
    private static RunRecord WithRegime(string folder, RunRecord ended) =>
        RegimeRules.Of(RunResult.Read(folder) with { Record = ended }) is var (regime, reason) ? ended with { Regime = regime, RegimeReason = reason } : ended;

    private sealed class DeepObserver(DeepRunWriter writer, IRunProgress progress) : ITrainingObserver
    {
        public void OnIteration(int iteration, int lastIteration, double loss, double trainError) => progress.Iteration(iteration, lastIteration, loss, trainError);
        public void OnRow(MetricsRow row) => writer.OnRow(row);
        public void OnTangentKernel(IReadOnlyList<TangentKernelRow> rows) => writer.OnTangentKernel(rows);
        public void OnSharpness(SharpnessRow row) => writer.OnSharpness(row);
    }

    private sealed class TwoLayerObserver(TwoLayerRunWriter writer, IRunProgress progress, int last) : ITwoLayerObserver
    {
        public void OnRow(TwoLayerRow row)
        {
            writer.OnRow(row);
            progress.Iteration(row.Iteration, last, row.Loss, null);
        }
    }
}
