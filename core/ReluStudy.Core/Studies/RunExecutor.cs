using ReluStudy.Core.Output;
using ReluStudy.Core.Results;

namespace ReluStudy.Core.Studies;

/// <summary>One planned run of a study: take the run's lock, skip it if another process finished it meanwhile, run it.</summary>
internal static class RunExecutor
{
    /// <returns>How the run ended, or null when another process holds its lock (beyond <paramref name="lockWait"/>): the run is left to it, untouched.</returns>
    /// <exception cref="OutputException">The results folder cannot be written or is full: the sweep stops, the run's files stay as they were.</exception>
    public static RunEnd? Execute(PlannedRun run, LoadedData data, int threads, IStudyProgress progress, CancellationToken cancellation,
        TimeSpan lockWait = default)
    {
        RunLock runLock;
        try
        {
            runLock = RunLock.Acquire(run.Folder, lockWait);
        }
        catch (OutputException e) when (e.IsLocked)
        {
            progress.Note(e.Message);
            return null;
        }
        using (runLock)
        {
            (RunState state, RunRecord? record) = RunRecordFile.State(run.Folder);
            if (state == RunState.Done) return new RunEnd(record!.Status, "finished by another process while this one was planning", null);
            progress.Started(run, threads);
            return RunLifecycle.Execute(run.Spec, run.Id, data, run.Folder, threads, resume: state == RunState.Unfinished, new Progress(run, progress), cancellation);
        }
    }

    private sealed class Progress(PlannedRun run, IStudyProgress study) : IRunProgress
    {
        public void Iteration(int iteration, int lastIteration, double loss, double? trainError) => study.Iteration(run, iteration, lastIteration, loss);
        public void Note(string message) => study.Note(message);
    }
}
