using ReluStudy.Core.Results;

namespace ReluStudy.Cli;

/// <summary>
/// The --out folder of relustudy train: a finished run there is refused unless --force, an unfinished one
/// (interrupted or killed) is resumed. Checked before the data is read and again once the run's lock is held,
/// since another process may have finished the run in between.
/// </summary>
internal sealed record OutFolder(string Path, bool Force)
{
    /// <summary>True, after printing why, when a finished run is there and --force was not given.</summary>
    public bool RefusesFinished(TextWriter stderr)
    {
        if (Force || RunRecordFile.State(Path).State != RunState.Done) return false;
        stderr.WriteLine($"error: --out: {System.IO.Path.GetFullPath(Path)} already holds a finished run ({ResultsLayout.Record}); choose another folder or pass --force");
        return true;
    }

    /// <summary>An earlier attempt left its record and --force was not given: continue it.</summary>
    public bool HoldsUnfinished => !Force && ResultsLayout.HoldsRun(Path);
}
