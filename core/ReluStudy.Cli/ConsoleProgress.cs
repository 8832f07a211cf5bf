using System.Diagnostics;
using ReluStudy.Core.Studies;

namespace ReluStudy.Cli;

/// <summary>
/// One run's live progress on stderr: one redrawn line (iteration, loss, error, ETA) on a terminal, and a plain
/// line every 10% or 10 s when redirected, so CI logs stay readable. Notes (resuming, ...) go to stdout.
/// </summary>
internal sealed class ConsoleProgress(TextWriter output, TextWriter notes, bool interactive) : IRunProgress
{
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(10);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _lastDrawn;
    private int _lastDecile = -1;
    private bool _lineOpen;

    public void Iteration(int iteration, int lastIteration, double loss, double? trainError)
    {
        TimeSpan now = _clock.Elapsed;
        int decile = lastIteration == 0 ? 10 : (int)(10L * iteration / lastIteration);
        bool due = _lastDrawn is not TimeSpan last || iteration == lastIteration || (interactive
            ? now - last >= RedrawInterval
            : decile != _lastDecile || now - last >= PlainInterval);
        if (!due) return;
        _lastDrawn = now;
        _lastDecile = decile;

        double perIteration = now.TotalSeconds / (iteration + 1);
        TimeSpan eta = TimeSpan.FromSeconds(perIteration * (lastIteration - iteration));
        string error = trainError is double e ? $"  error {e:P2}" : "";
        string text = $"iteration {iteration}/{lastIteration}  loss {loss:F5}{error}  elapsed {Format(now)}  ETA {Format(eta)}";
        if (interactive)
        {
            int width = 20;
            int filled = lastIteration == 0 ? width : (int)((long)width * iteration / lastIteration);
            output.Write($"\r[{new string('#', filled)}{new string(' ', width - filled)}] {text}  ");
            _lineOpen = true;
        }
        else
        {
            output.WriteLine(text);
        }
    }

    public void Note(string message)
    {
        Finish();
        notes.WriteLine(message);
    }

    /// <summary>Ends the redrawn line so later output starts on a fresh one.</summary>
    public void Finish()
    {
        if (_lineOpen) output.WriteLine();
        _lineOpen = false;
    }

    private static string Format(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:D2}m" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:D2}s" : $"{t.TotalSeconds:F1}s";
}
