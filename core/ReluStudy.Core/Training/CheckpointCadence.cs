using System.Diagnostics;

namespace ReluStudy.Core.Training;

/// <summary>
/// When a run (deep or two-layer) takes a checkpoint: every <paramref name="every"/> iterations and whenever
/// <paramref name="seconds"/> have passed since the last one. Neither changes any result: a resumed run continues exactly.
/// </summary>
public sealed class CheckpointCadence(int every, double seconds)
{
    private readonly Stopwatch _sinceLast = Stopwatch.StartNew();

    /// <summary>Whether to take one before iteration k of a run (re)started at <paramref name="start"/>: never before its first step.</summary>
    public bool Due(int k, int start) => k > start && (k % every == 0 || _sinceLast.Elapsed.TotalSeconds >= seconds);

    public void Taken() => _sinceLast.Restart();
}
