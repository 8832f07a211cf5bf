using System.Globalization;
using ReluStudy.Core.Results;
using ReluStudy.Core.Training;
using static ReluStudy.Core.Results.MetricColumns;
using ReluStudy.Core.Theory.Fits;

namespace ReluStudy.Core.Theory.Claims;

/// <summary>How one of the paper's figure claims stands in one comparison (docs/theory.md, section 9).</summary>
public enum ClaimVerdict
{
    /// <summary>The quantity falls with width (seed means, one-sided p ≤ <see cref="FigureClaims.Significance"/>) and every seed agrees.</summary>
    Holds,
    /// <summary>No seed shows the claimed fall, or the seed means rise with width (p ≤ <see cref="FigureClaims.Significance"/>).</summary>
    Fails,
    /// <summary>The seeds disagree, or they agree on the fall but it is not significant.</summary>
    Mixed,
    /// <summary>Fewer than <see cref="FigureClaims.MinWidths"/> widths, or a width without a value (say which).</summary>
    Insufficient,
}

/// <summary>
/// One claim in one comparison: where the runs were compared, the widths and the seed-mean values there, Spearman's
/// ρ of width against those means with its one-sided p-value, and how many seeds' own ρ agree with the claim.
/// </summary>
public sealed record ClaimCheck(string Id, string Comparison, ClaimVerdict Verdict, string At, IReadOnlyList<int> Widths,
    IReadOnlyList<double> Means, double? Spearman, double? PValue, int SeedsAgreeing, int Seeds, string? Missing)
{
    public string VerdictName => Verdict.ToString().ToLowerInvariant();
}

/// <summary>
/// ZCZG's three figure claims — wider networks reach a given loss sooner (Figure 1), end closer to their initialisation
/// (Figure 2, the spectral distance), and change fewer activation patterns (Figure 3) — each checked by comparing the
/// widths at a fixed iteration (the paper's plots), at a fixed loss target, and at a fixed η·m·k.
/// </summary>
public static class FigureClaims
{
    public sealed record Claim(string Id, string Statement, MetricColumn Quantity);

    public static readonly IReadOnlyList<Claim> All =
    [
        new("fig1-faster", "wider networks reach a given loss sooner", Loss),
        new("fig2-closer", "wider networks end closer to their initialisation", DistanceSpectralMax),
        new("fig3-fewer-flips", "wider networks change fewer activation patterns", PatternChangeRatio),
    ];

    public static readonly IReadOnlyList<string> Comparisons = ["iteration", "target", "eta-m-k"];

    /// <summary>The one-sided p-value at or below which a fall (or rise) with width counts.</summary>
    public const double Significance = 0.05;

    /// <summary>Fewer widths cannot reach p ≤ <see cref="Significance"/> (4 widths: at best 1/24).</summary>
    public const int MinWidths = 4;

    /// <summary>The verdict rules in words, for the pages.</summary>
    public static string Rules => string.Format(CultureInfo.InvariantCulture,
        "`holds` when it falls with width at p <= {0} and every seed agrees, `fails` when no seed shows the fall or it rises significantly, `mixed` otherwise, `insufficient` with fewer than {1} widths or a width without a value",
        Significance, MinWidths);

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
            checks.Add(Judge(claim, "iteration", $"k = {commonIteration}", usable, r => At(r, commonIteration, claim.Quantity)));
            checks.Add(Judge(claim, "target", TargetText(usable, targetFraction), usable, r =>
                ScalingQuantities.AtTarget(r, targetFraction) is { } row ? (claim.Quantity == Loss ? row.Iteration : row[claim.Quantity]) : null));
            checks.Add(Judge(claim, "eta-m-k", string.Format(inv, "eta*m*k = {0:G4}", commonTime), usable,
                r => At(r, commonTime / (r.Config.Step * r.Width), claim.Quantity)));
        }
        return checks;
    }

    /// <summary>"holds at a fixed iteration, is mixed at a fixed loss and holds at a fixed eta*m*k", or "... in all three comparisons".</summary>
    public static string Summarise(IReadOnlyList<ClaimCheck> checks, Claim claim)
    {
        ClaimCheck[] three = checks.Where(c => c.Id == claim.Id).ToArray();
        static string Word(ClaimVerdict v) => v switch
        {
            ClaimVerdict.Holds => "holds", ClaimVerdict.Fails => "fails", ClaimVerdict.Mixed => "is mixed", _ => "cannot be judged",
        };
        static string Where(string comparison) => comparison switch { "iteration" => "at a fixed iteration", "target" => "at a fixed loss", _ => "at a fixed eta*m*k" };
        if (three.Select(c => c.Verdict).Distinct().Count() == 1) return $"that {claim.Statement} {Word(three[0].Verdict)} in all three comparisons";
        string[] parts = three.Select(c => $"{Word(c.Verdict)} {Where(c.Comparison)}").ToArray();
        return $"that {claim.Statement} {string.Join(", ", parts[..^1])} and {parts[^1]}";
    }

    /// <summary>One sentence on how the comparisons of a claim stand and, where they differ, why (the η·m confound).</summary>
    public static string Explain(IReadOnlyList<ClaimCheck> checks, Claim claim)
    {
        ClaimCheck[] three = checks.Where(c => c.Id == claim.Id).ToArray();
        string said = Summarise(checks, claim);
        string sentence = char.ToUpperInvariant(said[0]) + said[1..] + ".";
        if (three.Select(c => c.Verdict).Distinct().Count() <= 1) return sentence;
        bool confound = three.First(c => c.Comparison == "iteration").Verdict != ClaimVerdict.Holds
                        && three.Any(c => c.Comparison != "iteration" && c.Verdict == ClaimVerdict.Holds);
        return sentence + (confound
            ? " The difference is the eta*m confound: at one step size a wider network takes larger steps in function space (its tangent kernel grows like m), so by a fixed iteration it has both fitted more and moved more than a narrow one; the lazy regime predicts it has moved less only when the widths are compared at the same loss or the same eta*m*k."
            : " The comparisons measure different things: at a fixed iteration the widths have had the same number of steps, at a fixed loss they have fitted equally well, at a fixed eta*m*k they have travelled equally far in function space.");
    }

    private static string TargetText(RunResult[] runs, double fraction) =>
        runs.All(r => r.Config is DeepRunConfiguration { TargetLoss: double }) && runs.Select(r => ((DeepRunConfiguration)r.Config).TargetLoss).Distinct().Count() == 1
            ? $"L_S <= {((DeepRunConfiguration)runs[0].Config).TargetLoss!.Value.ToString("G4", CultureInfo.InvariantCulture)} (the study's stop_at_loss)"
            : $"L_S <= {fraction.ToString("G3", CultureInfo.InvariantCulture)} L_S(0)";

    /// <summary>A column's value at iteration k, interpolated linearly between the logged rows around it.</summary>
    private static double? At(RunResult r, double k, MetricColumn column)
    {
        CsvRow? before = r.Rows.LastOrDefault(row => row.Iteration <= k && row.Has(column));
        CsvRow? after = r.Rows.FirstOrDefault(row => row.Iteration >= k && row.Has(column));
        if (before is null || after is null) return null;
        if (after.Iteration == before.Iteration) return before[column];
        double t = (k - before.Iteration) / (after.Iteration - before.Iteration);
        return (1 - t) * before[column]!.Value + t * after[column]!.Value;
    }

    private static ClaimCheck Judge(Claim claim, string comparison, string at, RunResult[] runs, Func<RunResult, double?> value)
    {
        var measured = runs.Select(r => (r.Width, r.Seed, Value: value(r))).ToArray();
        int[] widths = measured.Select(m => m.Width).Distinct().Order().ToArray();
        ulong[] seeds = measured.Select(m => m.Seed).Distinct().Order().ToArray();
        var lacking = measured.Where(m => m.Value is not double v || !double.IsFinite(v)).ToArray();
        if (lacking.Length > 0)
        {
            string which = string.Join("; ", lacking.GroupBy(m => m.Width).OrderBy(g => g.Key)
                .Select(g => $"m = {g.Key} (seed {string.Join(", ", g.Select(m => m.Seed).Order())})"));
            string what = comparison == "target" ? "never reached the target" : "has no value there";
            return new ClaimCheck(claim.Id, comparison, ClaimVerdict.Insufficient, at, widths, [], null, null, 0, seeds.Length, $"{which} {what}");
        }
        double[] means = widths.Select(w => measured.Where(m => m.Width == w).Average(m => m.Value!.Value)).ToArray();
        if (widths.Length < MinWidths)
            return new ClaimCheck(claim.Id, comparison, ClaimVerdict.Insufficient, at, widths, means, null, null, 0, seeds.Length,
                string.Format(CultureInfo.InvariantCulture, "{0} widths: a rank correlation needs at least {1} to reach p <= {2}", widths.Length, MinWidths, Significance));
        double[] x = widths.Select(w => (double)w).ToArray();
        double rho = RankCorrelation.Spearman(x, means), pDown = RankCorrelation.PDecreasing(x, means);
        var perSeed = seeds.Select(s => measured.Where(m => m.Seed == s).OrderBy(m => m.Width).ToArray()).Where(m => m.Length >= 2)
            .Select(m => RankCorrelation.Spearman(m.Select(v => (double)v.Width).ToArray(), m.Select(v => v.Value!.Value).ToArray())).ToArray();
        int agreeing = perSeed.Count(r => r < 0);
        ClaimVerdict verdict = pDown <= Significance && agreeing == perSeed.Length ? ClaimVerdict.Holds
            : agreeing > 0 && agreeing < perSeed.Length ? ClaimVerdict.Mixed
            : agreeing == 0 || RankCorrelation.PIncreasing(x, means) <= Significance ? ClaimVerdict.Fails
            : ClaimVerdict.Mixed;
        return new ClaimCheck(claim.Id, comparison, verdict, at, widths, means, rho, pDown, agreeing, perSeed.Length, null);
    }
}
