using System.Globalization;
using ReluStudy.Core.Results;
using static ReluStudy.Core.Results.MetricColumns;

namespace ReluStudy.Core.Theory.Fits;

/// <summary>
/// Which runs a fit may use: those lazy by their own measurements at the fit's point k (docs/theory.md, section 8). A deep
/// run is lazy there when its empirical tangent kernel has moved at most <see cref="MaxKernelChange"/>,
/// ‖Θ̂(k) − Θ̂(0)‖_F/‖Θ̂(0)‖_F ≤ 0.1, and its outputs are within <see cref="MaxOutputGap"/> of the linearised model's,
/// ‖u(k) − u_lin(k)‖ ≤ 0.1·‖u(k) − u(0)‖. A two-layer run is lazy while λ_min(H(k)) ≥ λ0/2, Du et al.'s own condition.
/// L/m above <see cref="MaxDepthOverWidth"/> is a warning only: whether a run is lazy is measured, not assumed.
/// </summary>
public static class LazyRange
{
    public const double MaxKernelChange = 0.1;
    public const double MaxOutputGap = 0.1;
    /// <summary>Above this L/m one draw of the finite network's kernel is far from its limit: the pages warn.</summary>
    public const double MaxDepthOverWidth = 1.0 / 8;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The rule in words, for the pages.</summary>
    public static string Rule => string.Format(Inv,
        "its empirical tangent kernel moved at most {0} (relative Frobenius change) and its outputs stayed within {1} of the linearised model's at the fit's point; two-layer runs: lambda_min(H(k)) >= lambda0/2",
        MaxKernelChange, MaxOutputGap);

    /// <summary>Why the run is not lazy at iteration <paramref name="k"/> (measured), or null when it is; none for a quantity
    /// taken where training has not moved it (<paramref name="k"/> null: at initialisation, or the stable step's search).</summary>
    public static string? WhyExcluded(RunResult r, int? k) => k is int at && Judge(r, at) is { Lazy: not true } j ? j.Reason : null;

    /// <summary>Whether the run is lazy at iteration <paramref name="k"/> by this rule — null when what it needs was not
    /// recorded — and the measurements that say so.</summary>
    public static (bool? Lazy, string Reason) Judge(RunResult r, int k)
    {
        if (r.Config.IsTwoLayer) return TwoLayer(r, k);
        if (KernelChange(r, k) is not double change)
            return (null, "its tangent kernel was not recorded there (track TangentKernel), so whether it was lazy is unknown");
        if (change > MaxKernelChange)
            return (false, string.Format(Inv, "its tangent kernel moved {0:G3} (> {1}) by k = {2}", change, MaxKernelChange, k));
        if (OutputGap(r, k) is not double gap)
            return (null, "no linearised prediction was recorded (predictions off), so whether it was lazy is unknown");
        if (gap > MaxOutputGap)
            return (false, string.Format(Inv, "its outputs left the linearised model's by {0:G3} (> {1}) at k = {2}", gap, MaxOutputGap, k));
        return (true, string.Format(Inv, "its tangent kernel moved {0:G3} (<= {1}) and its outputs stayed within {2:G3} (<= {3}) of the linearised model's by k = {4}",
            change, MaxKernelChange, gap, MaxOutputGap, k));
    }

    /// <summary>The whole kernel's relative change at iteration k, interpolated linearly between the kernel rows around it.</summary>
    public static double? KernelChange(RunResult r, double k)
    {
        CsvRow[] whole = r.TangentKernelRows.Where(row => row[Layer] == 0).ToArray();
        CsvRow? after = whole.FirstOrDefault(row => row.Iteration >= k), before = whole.LastOrDefault(row => row.Iteration <= k);
        if (after is null || before is null || after[TangentKernelChange] is not double a || before[TangentKernelChange] is not double b) return null;
        if (after.Iteration == before.Iteration) return a;
        double t = (k - before.Iteration) / (after.Iteration - before.Iteration);
        return (1 - t) * b + t * a;
    }

    /// <summary>‖u(k) − u_lin(k)‖/‖u(k) − u(0)‖ at the last logged row at or before k (0 at k = 0: nothing has moved).</summary>
    public static double? OutputGap(RunResult r, int k) =>
        k == 0 ? 0 : r.PredictionRows.LastOrDefault(row => row.Iteration <= k && row.Has(OutputGapLinearized))?[OutputGapLinearized];

    private static (bool? Lazy, string Reason) TwoLayer(RunResult r, int k)
    {
        if (r.Record.Summary?.Lambda0 is not double lambda0) return (null, "its lambda0 was not recorded, so whether it was lazy is unknown");
        CsvRow? low = r.Rows.Where(row => row.Iteration <= k && row.Has(LambdaMinH)).MinBy(row => row[LambdaMinH]);
        if (low?[LambdaMinH] is not double m) return (null, "lambda_min(H(k)) was not recorded, so whether it was lazy is unknown");
        return m < lambda0 / 2
            ? (false, string.Format(Inv, "lambda_min(H(k)) fell to {0:G3} < lambda0/2 = {1:G3} at k = {2}", m, lambda0 / 2, low.Iteration))
            : (true, string.Format(Inv, "lambda_min(H(k)) stayed at or above {0:G3} >= lambda0/2 = {1:G3} to k = {2}", m, lambda0 / 2, k));
    }

    /// <summary>A warning for a run whose L/m is above <see cref="MaxDepthOverWidth"/>, or null.</summary>
    public static string? DepthWarning(RunResult r) =>
        r.Config is DeepRunConfiguration c && (double)c.Depth / c.Width > MaxDepthOverWidth
            ? string.Format(Inv, "L/m = {0:G3} > 1/{1:G3}: one draw of the finite network's kernel is far from its limit", (double)c.Depth / c.Width, 1 / MaxDepthOverWidth)
            : null;
}
