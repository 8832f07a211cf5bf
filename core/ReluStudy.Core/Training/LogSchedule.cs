namespace ReluStudy.Core.Training;

/// <summary>
/// Which iterations get a metrics row. The default is dense early and sparse late: every iteration up
/// to 10, ten points per decade (k = round(10^{j/10})), and about 100 evenly spaced points, plus the last.
/// <c>Every(s)</c> logs every s-th iteration and the last. Iteration 0 is always logged.
/// </summary>
public sealed record LogSchedule(int? Stride)
{
    public static LogSchedule Default { get; } = new((int?)null);

    public static LogSchedule Every(int stride) =>
        stride >= 1 ? new LogSchedule(stride) : throw new ArgumentOutOfRangeException(nameof(stride), stride, "stride must be >= 1");

    public bool IsLogged(int iteration, int lastIteration)
    {
        if (iteration == 0 || iteration == lastIteration) return true;
        if (Stride is int stride) return iteration % stride == 0;
        if (iteration <= 10) return true;
        int even = Math.Max(1, (int)Math.Ceiling(lastIteration / 100.0));
        if (iteration % even == 0) return true;
        int decile = (int)Math.Round(10 * Math.Log10(iteration));
        for (int j = decile - 1; j <= decile + 1; j++)
            if ((int)Math.Round(Math.Pow(10, j / 10.0)) == iteration) return true;
        return false;
    }

    public string Describe() => Stride is int s ? $"every {s}" : "default (1..10, 10 per decade, ~100 even)";
}
