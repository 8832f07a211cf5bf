namespace ReluStudy.Cli.Bench;

/// <summary>
/// Times two implementations of the same work alternately, so drift in clock speed or machine load
/// hits both alike, and reports medians. Between runs it pauses long enough for the other side's idle
/// threads to stop spinning (OpenBLAS spins for about 0.1 s after a call); work shorter than
/// <see cref="Short"/> then runs once untimed, so it is timed in the steady state a training loop sees.
/// </summary>
internal static class Interleaved
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(150);
    private const double Short = 0.25;

    public static (double Ours, double? Theirs) Medians(Func<double> ours, Func<double>? theirs, int repeats, int warmups = 2)
    {
        for (int w = 0; w < warmups; w++)
        {
            ours();
            theirs?.Invoke();
        }
        var a = new List<double>();
        var b = new List<double>();
        for (int r = 0; r < repeats; r++)
        {
            a.Add(Steady(ours));
            if (theirs is not null) b.Add(Steady(theirs));
        }
        return (Median(a), theirs is null ? null : Median(b));
    }

    private static double Steady(Func<double> work)
    {
        Thread.Sleep(Pause);
        double seconds = work();
        return seconds < Short ? work() : seconds;
    }

    public static double Median(List<double> values) => Core.Statistics.Median.Of(values);
}
