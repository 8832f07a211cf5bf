namespace ReluStudy.Core.Results;

/// <summary>What a run's folder says about it, from its run.json (<see cref="RunRecordFile.State"/>).</summary>
public enum RunState
{
    /// <summary>No folder yet.</summary>
    New,
    /// <summary>Finished with a result (completed, target reached, zero error, diverged, collapsed): reused as is.</summary>
    Done,
    /// <summary>Started but never finished (interrupted or killed): run again.</summary>
    Unfinished,
    /// <summary>Threw an error: run again only on request.</summary>
    Failed,
}
