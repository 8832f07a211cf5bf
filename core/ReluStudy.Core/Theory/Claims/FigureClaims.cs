using System.Globalization;
using ReluStudy.Core.Results;
using ReluStudy.Core.Statistics;
using ReluStudy.Core.Theory.Fits;
using ReluStudy.Core.Training;
using static ReluStudy.Core.Results.MetricColumns;

namespace ReluStudy.Core.Theory.Claims;

/// <summary>
/// ZCZG's three figure claims — wider networks reach a given loss sooner (Figure 1), end closer to their initialisation
/// (Figure 2, the spectral distance), and change fewer activation patterns (Figure 3) — each checked by comparing the
/// widths at a fixed iteration (the paper's plots) and at a fixed loss target with one ordered test over every width ×
/// seed value, and at a fixed η·m·k against what the lazy regime predicts there, no trend after its own scaling.
/// </summary>
public static class FigureClaims
{
    /// <param name="AtFixedTime">the exponent the lazy regime predicts for the quantity against m at a fixed η·m·k: 0 for
    /// the loss (P5), −½ for the distance (P7: √m·D is width-free) and for the patterns (P8's argument at equal progress).</param>
    public sealed record Claim(string Id, string Statement, MetricColumn Quantity, double AtFixedTime);

    public static readonly IReadOnlyList<Claim> All =
    [
        new("fig1-faster", "wider networks reach a given loss sooner", Loss, 0),
        new("fig2-closer", "wider networks end closer to their initialisation", DistanceSpectralMax, -0.5),
        new("fig3-fewer-flips", "wider networks change fewer activation patterns", PatternChangeRatio, -0.5),
    ];

    public static readonly IReadOnlyList<string> Comparisons = ["iteration", "target", "eta-m-k"];

    /// <summary>The one-sided level of the ordered tests and of the equivalence test.</summary>
    public const double Significance = 0.05;

    /// <summary>The equivalence margin at a fixed η·m·k: slopes within ±0.1 of the predicted one (7 % per doubling of m) count as collapsed.</summary>
    public const double CollapseMargin = 0.1;

    /// <summary>The verdict rules in words, for the pages.</summary>
    public static string Rules => string.Format(CultureInfo.InvariantCulture,
        "at a fixed iteration and a fixed loss, Page's L test over every width × seed value (seeds as blocks; Jonckheere-Terpstra when a seed lacks a width), one-sided: `holds` when the quantity falls with width at p <= {0}, `fails` when it rises at p <= {0}, `no trend` otherwise; at a fixed eta*m*k, where the lazy regime predicts no trend once the quantity is scaled by its predicted power of m, an equivalence test (TOST) of the seed-clustered slope against log m within +-{1} of the predicted exponent: `collapses`, or `does not collapse` when the two-sided t test of the slope against the predicted one rejects at p <= {0}, else `inconclusive`; `insufficient` when the design cannot reach p <= {0} or some run has no value",
        Significance, CollapseMargin);

    /// <summary>Every claim in every comparison, over runs that differ only in width and seed (deep runs that finished).</summary>
    public static IReadOnlyList<ClaimCheck> Check(IReadOnlyCollection<RunResult> runs, double targetFraction = 0.1)
    {
        RunResult[] usable = runs.Where(r => r.Config is DeepRunConfiguration && r.Status.IsUsableForFits() && r.Rows.Count > 0).ToArray();
        var inv = CultureInfo.InvariantCulture;
        var checks = new List<ClaimCheck>();
        if (usable.Length == 0) return checks;
        int commonIteration = usable.Min(r => r.Rows[^1].Iteration);
        double commonTime = usable.Min(r => r.Config.Step * r.Width * r.Rows[^1].Iteration);
        foreach (Claim claim in All)
        {
            checks.Add(Ordered(claim, "iteration", $"k = {commonIteration}", usable, r => At(r, commonIteration, claim.Quantity)));
            checks.Add(Ordered(claim, "target", TargetText(usable, targetFraction), usable, r =>
                ScalingQuantities.AtTarget(r, targetFraction) is { } row ? (claim.Quantity == Loss ? row.Iteration : row[claim.Quantity]) : null));
            checks.Add(Collapse(claim, string.Format(inv, "eta*m*k = {0:G4}", commonTime), usable,
                r => At(r, commonTime / (r.Config.Step * r.Width), claim.Quantity)));
        }
        return checks;
    }

    /// <summary>Each run's value, or the one-line reason the comparison cannot be made without inventing one.</summary>
    private static (ClaimValue[] Values, string? Missing) Values(RunResult[] runs, Func<RunResult, double?> value, string comparison)
    {
        var measured = runs.Select(r => (r, Value: value(r))).ToArray();
        var lacking = measured.Where(m => m.Value is not double v || !double.IsFinite(v)).ToArray();
        if (lacking.Length == 0) return (measured.Select(m => new ClaimValue(m.r.Width, m.r.Seed, m.Value!.Value)).OrderBy(v => v.Width).ThenBy(v => v.Seed).ToArray(), null);
        string which = string.Join("; ", lacking.GroupBy(m => m.r.Width).OrderBy(g => g.Key).Select(g => $"m = {g.Key} (seed {string.Join(", ", g.Select(m => m.r.Seed).Order())})"));
        return ([], $"{which} {(comparison == "target" ? "never reached the target" : "has no value there")}");
    }

    private static ClaimCheck Ordered(Claim claim, string comparison, string at, RunResult[] runs, Func<RunResult, double?> value)
    {
        (ClaimValue[] values, string? missing) = Values(runs, value, comparison);
        int[] widths = runs.Select(r => r.Width).Distinct().Order().ToArray();
        if (missing is not null) return Insufficient(claim, comparison, at, widths, missing);
        OrderedTrend trend = OrderedTrend.Of(values);
        if (trend.Why is string why) return Insufficient(claim, comparison, at, widths, why) with { Values = values, Means = Means(values, widths) };
        ClaimVerdict verdict = trend.PDecreasing <= Significance ? ClaimVerdict.Holds
            : trend.PIncreasing <= Significance ? ClaimVerdict.Fails
            : ClaimVerdict.NoTrend;
        return new ClaimCheck(claim.Id, comparison, verdict, at, trend.Name, trend.Method, trend.Statistic, trend.PDecreasing, trend.PIncreasing,
            values, widths, Means(values, widths), null);
    }

    private static ClaimCheck Collapse(Claim claim, string at, RunResult[] runs, Func<RunResult, double?> value)
    {
        (ClaimValue[] values, string? missing) = Values(runs, value, "eta-m-k");
        int[] widths = runs.Select(r => r.Width).Distinct().Order().ToArray();
        if (missing is not null) return Insufficient(claim, "eta-m-k", at, widths, missing);
        ClaimValue[] positive = values.Where(v => v.Value > 0).ToArray();
        ClusteredSlope fit = SeedSlopeFit.PowerLaw(positive.Select(v => (double)v.Width).ToArray(), positive.Select(v => v.Seed).ToArray(), positive.Select(v => v.Value).ToArray());
        string? why = positive.Length < values.Length ? $"{values.Length - positive.Length} value(s) are 0 (no logarithm)"
            : widths.Length < 3 ? $"{widths.Length} widths: a slope needs at least 3 to say anything"
            : fit.Seeds < PowerLawFit.MinSeeds || !fit.HasInterval ? $"{fit.Seeds} seeds with a slope: the equivalence test needs {PowerLawFit.MinSeeds} and an interval ({fit.NoInterval ?? "ok"})"
            : null;
        if (why is not null) return Insufficient(claim, "eta-m-k", at, widths, why) with { Values = values, Means = Means(values, widths) };
        EquivalenceTest tost = Equivalence.Within(fit, claim.AtFixedTime, CollapseMargin);
        // Not shown to collapse is not shown not to: "does not collapse" needs the slope's two-sided t test against the
        // predicted one to reject; noisy seeds that show neither are inconclusive.
        double pApart = 2 * StudentT.Survival(Math.Abs(fit.Estimate - claim.AtFixedTime) / fit.StandardError, fit.DegreesOfFreedom);
        ClaimVerdict verdict = tost.Equivalent(Significance) ? ClaimVerdict.Collapses
            : pApart <= Significance ? ClaimVerdict.DoesNotCollapse : ClaimVerdict.Inconclusive;
        return new ClaimCheck(claim.Id, "eta-m-k", verdict, at,
            "equivalence", "seed-clustered slope, two one-sided t tests (collapses); two-sided t test against the prediction (does not collapse)",
            fit.Estimate, tost.P, pApart, values, widths, Means(values, widths), null, claim.AtFixedTime, fit.Estimate, CollapseMargin);
    }

    private static ClaimCheck Insufficient(Claim claim, string comparison, string at, int[] widths, string why) =>
        new(claim.Id, comparison, ClaimVerdict.Insufficient, at, null, null, null, null, null, [], widths, [], why);

    private static double[] Means(ClaimValue[] values, int[] widths) => widths.Select(w => values.Where(v => v.Width == w).Average(v => v.Value)).ToArray();

    private static string TargetText(RunResult[] runs, double fraction) =>
        runs.All(r => r.Config is DeepRunConfiguration { TargetLoss: double }) && runs.Select(r => ((DeepRunConfiguration)r.Config).TargetLoss).Distinct().Count() == 1
            ? $"L_S <= {((DeepRunConfiguration)runs[0].Config).TargetLoss!.Value.ToString("G4", CultureInfo.InvariantCulture)} (the study's stop_at_loss)"
            : $"L_S <= {fraction.ToString("G3", CultureInfo.InvariantCulture)} L_S(0)";

    /// <summary>A column's value at iteration k, interpolated linearly between the logged rows around it (rows every run has).</summary>
    private static double? At(RunResult r, double k, MetricColumn column)
    {
        CsvRow? before = r.Rows.LastOrDefault(row => row.Iteration <= k && row.Has(column));
        CsvRow? after = r.Rows.FirstOrDefault(row => row.Iteration >= k && row.Has(column));
        if (before is null || after is null) return null;
        if (after.Iteration == before.Iteration) return before[column];
        double t = (k - before.Iteration) / (after.Iteration - before.Iteration);
        return (1 - t) * before[column]!.Value + t * after[column]!.Value;
    }
}
