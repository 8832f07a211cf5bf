using System.Collections.Concurrent;
using System.Diagnostics;

namespace ReluStudy.Core.Studies;

/// <summary>
/// Sweep progress as text: a line when a run starts or ends, and on a terminal a status line redrawn at
/// most twice a second with runs done / running / queued, the ETA and each running run's iteration.
/// </summary>
public sealed class ConsoleStudyProgress : IStudyProgress
{
    private readonly TextWriter _output;
    private readonly bool _interactive;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentDictionary<string, (string Label, int K, int Last, double Loss)> _running = new();
    private readonly object _gate = new();
    private readonly int _total;
    private readonly double _estimatedSeconds;
    private int _done;
    private long _lastDraw;

    public ConsoleStudyProgress(StudyPlan plan, TextWriter output, bool interactive)
    {
        _output = output;
        _interactive = interactive;
        _total = plan.Runs.Count(r => r.State != RunState.Done);
        _estimatedSeconds = plan.EstimatedSeconds;
    }

    public void Started(PlannedRun run, int threads)
    {
        _running[run.Id] = (run.Spec.Label, 0, run.Spec.Iterations, double.NaN);
        Line($"start  {run.Spec.Label} ({run.Id}, {threads} thread(s))");
    }

    public void Iteration(PlannedRun run, int iteration, int lastIteration, double loss)
    {
        _running[run.Id] = (run.Spec.Label, iteration, lastIteration, loss);
        if (!_interactive) return;
        long now = _clock.ElapsedMilliseconds;
        if (now - Interlocked.Read(ref _lastDraw) < 500) return;
        Interlocked.Exchange(ref _lastDraw, now);
        string status = Status();
        lock (_gate) _output.Write("\r" + (status.Length > 160 ? status[..160] : status.PadRight(160)));
    }

    public void Finished(PlannedRun run, string status, string? message)
    {
        _running.TryRemove(run.Id, out _);
        Interlocked.Increment(ref _done);
        Line($"{status,-14} {run.Spec.Label} ({run.Id}){(message is null ? "" : ": " + message)}  [{Status()}]");
    }

    private string Status()
    {
        int done = Volatile.Read(ref _done), running = _running.Count;
        double elapsed = _clock.Elapsed.TotalSeconds;
        double eta = done > 0 ? elapsed / done * (_total - done) : Math.Max(0, _estimatedSeconds - elapsed);
        string runs = string.Join("; ", _running.Values.Take(3).Select(r => $"{r.Label} k {r.K}/{r.Last}{(double.IsNaN(r.Loss) ? "" : $" loss {r.Loss:G4}")}"));
        return $"done {done}/{_total}, running {running}, queued {Math.Max(0, _total - done - running)}, ETA {TimeSpan.FromSeconds(Math.Round(eta)):g}" + (runs.Length > 0 ? " | " + runs : "");
    }

    public void Note(string message) => Line(message);

    private void Line(string text)
    {
        lock (_gate)
        {
            if (_interactive) _output.Write("\r" + new string(' ', 160) + "\r");
            _output.WriteLine(text);
        }
    }
}
