namespace ReluStudy.Core.CommandLine;

/// <summary>The process exit codes of the CLI and the study scripts (README "Exit codes").</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Unexpected = 1;
    /// <summary>A bad option value or an impossible request; nothing was written.</summary>
    public const int BadOption = 2;
    /// <summary>A data file is missing, corrupt or violates its format; nothing was written.</summary>
    public const int BadData = 3;
    /// <summary>Training diverged; the rows up to the divergence and run.json (status "diverged") were written.</summary>
    public const int Diverged = 4;
    /// <summary>The output folder cannot be written or is full; files already there are unchanged.</summary>
    public const int OutputUnusable = 5;
    /// <summary>Another process is writing the same run (it holds run.lock); nothing was written.</summary>
    public const int RunLocked = 6;
    /// <summary>Slurm is not available or refused the request (sbatch, squeue).</summary>
    public const int Cluster = 7;
    /// <summary>The network collapsed (a layer's units all dead, outputs identically 0); the rows up to it and run.json
    /// (status "collapsed") were written.</summary>
    public const int Collapsed = 8;
    /// <summary>Cancelled with Ctrl+C; what was logged so far is on disk (status "interrupted").</summary>
    public const int Interrupted = 130;

    /// <summary>
    /// The exit code and one-line message of a failure every command reports the same way (bad data, an unusable
    /// output folder, a locked run, Slurm, an interrupt, a results file this version cannot read); null for others.
    /// </summary>
    public static (int Code, string Message)? Of(Exception e) => e switch
    {
        Data.DataFormatException d => (d.IsBadOption ? BadOption : BadData, d.Message),
        Studies.PlanException p => (BadOption, p.Message),
        Output.OutputException o => (o.IsLocked ? RunLocked : OutputUnusable, o.Message),
        ReluStudy.Core.Cluster.ClusterException c => (Cluster, c.Message),
        Results.ResultsFormatException r => (BadData, r.Message),
        OperationCanceledException => (Interrupted, "interrupted"),
        IOException or UnauthorizedAccessException => (Unexpected, e.Message),
        _ => null,
    };
}
