namespace ReluStudy.Core.Training;

/// <summary>
/// When the costly measurements are taken during training — the kernels (the deep network's Θ̂(k), the two-layer model's
/// H(k)) and the loss Hessian's sharpness: at k = 0, the powers of 2 and the last iteration, or every <c>every</c>-th
/// iteration and the last. Dense early, where they change fastest, and about log₂K of them in all by default. Every such
/// schedule is this one rule.
/// </summary>
public static class MeasurementSchedule
{
    public static bool Includes(int? every, int k, int last) =>
        k == 0 || k == last || (every is int g ? k % g == 0 : (k & (k - 1)) == 0);

    /// <summary>How many of k = 0..<paramref name="last"/> the schedule includes (a run that stops early takes fewer, and one more at its stop).</summary>
    public static int Count(int? every, int last)
    {
        int count = 0;
        for (int k = 0; k <= last; k++)
            if (Includes(every, k, last)) count++;
        return count;
    }

    public static string Describe(int? every) => every is int g ? $"every {g}" : "k = 0, powers of 2, last";
}
