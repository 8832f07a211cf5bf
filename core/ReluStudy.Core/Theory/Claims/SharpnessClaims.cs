using System.Globalization;
using ReluStudy.Core.Model;
using ReluStudy.Core.Results;
using ReluStudy.Core.Statistics;
using ReluStudy.Core.Theory.Regimes;
using ReluStudy.Core.Training;
using static ReluStudy.Core.Results.MetricColumns;

namespace ReluStudy.Core.Theory.Claims;

/// <summary>
/// Cohen et al.'s two claims about full-batch GD, checked per step over the seeds of runs that measured their sharpness
/// (docs/theory.md, section 10). <b>progressive-sharpening</b>: while below the edge the sharpness rises — per seed
/// r = ln(S(k_e)/S(0)), k_e the first measurement at which the sharpness reaches 0.9·2/η (the last one when it never
/// does; a run already there at k = 0 has nothing to sharpen), and a one-sided t test of mean r &gt; 0 over the seeds. <b>edge-of-stability</b>: over the run's second
/// half the sharpness stays within ±0.1 of 2/η — per seed the median of S/(2/η) over the measurements with k ≥ K/2, and
/// two one-sided t tests that the mean lies inside (0.9, 1.1) (holds), or a one-sided test that it lies outside (fails).
/// For cross-entropy, whose sharpness falls again as ℓ″ shrinks, the edge claim is that every seed reached 0.9·2/η with
/// a loss that rose after it (<see cref="RegimeRules"/>).
/// </summary>
public static class SharpnessClaims
{
    public const string Sharpening = "progressive-sharpening";
    public const string Edge = "edge-of-stability";

    /// <summary>The one comparison these claims make: each step over its seeds.</summary>
    public const string Comparison = "per step";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The rules in words, for the pages.</summary>
    public static string Rules => string.Format(Inv,
        "`{0}`: per seed r = ln(S(k_e)/S(0)), k_e the first measurement where the sharpness reaches {1}·2/eta (the last when it never does), and a one-sided t test over the seeds: `holds` when r > 0 at p <= {2}, `fails` when r < 0 at p <= {2}, `no trend` otherwise; `{3}`: per seed the median of S/(2/eta) over the run's second half, and two one-sided t tests: `holds` when the mean lies within 1 +- {4} at p <= {2}, `fails` when it lies outside at p <= {2}, `inconclusive` otherwise (cross-entropy: `holds` when every seed reached {1}·2/eta with a loss that rose after it); `insufficient` below {5} seeds",
        Sharpening, RegimeRules.EdgeReached, FigureClaims.Significance, Edge, RegimeRules.EdgeBand, MinSeeds);

    /// <summary>A t test over seeds needs at least this many (two degrees of freedom).</summary>
    public const int MinSeeds = 3;

    /// <summary>Both claims for one group of runs that differ only in seed (<paramref name="at"/> names the group).</summary>
    public static IReadOnlyList<ClaimCheck> Check(IReadOnlyCollection<RunResult> runs, string at)
    {
        RunResult[] measured = runs.Where(r => r.SharpnessRows.Count > 1 && r.Status.IsFinished() && !r.Status.BrokeDown()).OrderBy(r => r.Seed).ToArray();
        int[] widths = measured.Select(r => r.Width).Distinct().Order().ToArray();
        // A seed that broke down has no late sharpness: averaging the others would judge the step on its survivors.
        RunResult[] broke = runs.Where(r => r.Status.BrokeDown()).OrderBy(r => r.Seed).ToArray();
        if (broke.Length > 0)
        {
            string why = string.Join(", ", broke.Select(r => $"seed {r.Seed} {r.Status.Name()}")) + ": the claims need every seed's trajectory";
            return [Insufficient(Sharpening, at, widths, why), Insufficient(Edge, at, widths, why)];
        }
        return [SharpeningCheck(measured, at, widths), EdgeCheck(measured, at, widths)];
    }

    private static ClaimCheck SharpeningCheck(RunResult[] runs, string at, int[] widths)
    {
        var values = new List<ClaimValue>();
        foreach (RunResult r in runs)
        {
            CsvRow[] rows = Measured(r);
            int edge = Array.FindIndex(rows, row => row[Sharpness] >= RegimeRules.EdgeReached * row[TwoOverStep]);
            if (edge == 0) return Insufficient(Sharpening, at, widths, $"seed {r.Seed} was at the edge from k = 0: nothing to sharpen");
            CsvRow reached = edge < 0 ? rows[^1] : rows[edge];
            values.Add(new ClaimValue(r.Width, r.Seed, Math.Log(reached[Sharpness]!.Value / rows[0][Sharpness]!.Value)));
        }
        if (values.Count < MinSeeds) return Insufficient(Sharpening, at, widths, $"{values.Count} seed(s) measured the sharpness: the t test needs {MinSeeds}");
        (double t, int df) = TStatistic(values.Select(v => v.Value).ToArray(), 0);
        double pUp = StudentT.Survival(t, df), pDown = StudentT.Cdf(t, df);
        ClaimVerdict verdict = pUp <= FigureClaims.Significance ? ClaimVerdict.Holds : pDown <= FigureClaims.Significance ? ClaimVerdict.Fails : ClaimVerdict.NoTrend;
        return new ClaimCheck(Sharpening, Comparison, verdict, at, "t", "one-sample t test over seeds of ln(S(k_e)/S(0))", t, pUp, pDown, values, widths,
            [values.Average(v => v.Value)], null);
    }

    private static ClaimCheck EdgeCheck(RunResult[] runs, string at, int[] widths)
    {
        if (runs.Length > 0 && runs.All(r => r.Config is DeepRunConfiguration { Loss: var l } && l == MarginLoss.Name(LossKind.CrossEntropy)))
            return CrossEntropyEdge(runs, at, widths);
        var values = new List<ClaimValue>();
        foreach (RunResult r in runs)
        {
            CsvRow[] rows = Measured(r);
            int half = rows[^1].Iteration / 2;
            values.Add(new ClaimValue(r.Width, r.Seed, Median.Of(rows.Where(row => row.Iteration >= half).Select(row => row[Sharpness]!.Value / row[TwoOverStep]!.Value))));
        }
        if (values.Count < MinSeeds) return Insufficient(Edge, at, widths, $"{values.Count} seed(s) measured the sharpness: the t test needs {MinSeeds}");
        double[] x = values.Select(v => v.Value).ToArray();
        (double low, int df) = TStatistic(x, 1 - RegimeRules.EdgeBand);
        (double high, _) = TStatistic(x, 1 + RegimeRules.EdgeBand);
        // inside: both "mean <= 0.9" and "mean >= 1.1" rejected (TOST, each at alpha); outside: "mean >= 0.9" or "mean <= 1.1"
        // rejected — either of two tests, so Bonferroni's 2·min keeps "fails" at alpha when the scatter spans the band.
        double pInside = Math.Max(StudentT.Survival(low, df), StudentT.Cdf(high, df));
        double pOutside = Math.Min(1, 2 * Math.Min(StudentT.Cdf(low, df), StudentT.Survival(high, df)));
        ClaimVerdict verdict = pInside <= FigureClaims.Significance ? ClaimVerdict.Holds
            : pOutside <= FigureClaims.Significance ? ClaimVerdict.Fails : ClaimVerdict.Inconclusive;
        return new ClaimCheck(Edge, Comparison, verdict, at, "equivalence", "two one-sided t tests over seeds of the late median of S/(2/eta)", x.Average(),
            pInside, pOutside, values, widths, [x.Average()], null, 1, null, RegimeRules.EdgeBand);
    }

    private static ClaimCheck CrossEntropyEdge(RunResult[] runs, string at, int[] widths)
    {
        if (runs.Length < MinSeeds) return Insufficient(Edge, at, widths, $"{runs.Length} seed(s) measured the sharpness: the claim needs {MinSeeds}");
        // Per seed: the highest S/(2/eta) measured, and whether the regime rules found the edge (reached with a rising loss).
        ClaimValue[] values = runs.Select(r => new ClaimValue(r.Width, r.Seed, Measured(r).Max(row => row[Sharpness]!.Value / row[TwoOverStep]!.Value))).ToArray();
        int atEdge = runs.Count(r => RegimeRules.Of(r) is { Regime: Regime.EdgeOfStability });
        ClaimVerdict verdict = atEdge == runs.Length ? ClaimVerdict.Holds : atEdge == 0 ? ClaimVerdict.Fails : ClaimVerdict.Inconclusive;
        return new ClaimCheck(Edge, Comparison, verdict, at, "every seed", $"{atEdge} of {runs.Length} seeds reached {RegimeRules.EdgeReached.ToString(Inv)}·2/eta with a loss that rose after it (cross-entropy)",
            atEdge, null, null, values, widths, [values.Average(v => v.Value)], null);
    }

    private static CsvRow[] Measured(RunResult r) => r.SharpnessRows.Where(row => row[Sharpness] is not null && row[TwoOverStep] is not null).ToArray();

    /// <summary>t = (mean − μ0)/(sd/√S) with S − 1 degrees of freedom (±∞ when every value is the same).</summary>
    private static (double T, int Df) TStatistic(double[] x, double mu0)
    {
        double mean = x.Average();
        double sd = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1));
        double t = sd > 0 ? (mean - mu0) / (sd / Math.Sqrt(x.Length)) : mean == mu0 ? 0 : Math.Sign(mean - mu0) * double.PositiveInfinity;
        return (t, x.Length - 1);
    }

    private static ClaimCheck Insufficient(string id, string at, int[] widths, string why) =>
        new(id, Comparison, ClaimVerdict.Insufficient, at, null, null, null, null, null, [], widths, [], why);
}
