using ReluStudy.Core.Results;
using ReluStudy.Core.Statistics;
using ReluStudy.Core.Training;

namespace ReluStudy.Core.Theory.Fits;

/// <summary>
/// Whether one prediction p of the largest stable step describes η* across a swept axis x (width or depth): the ratio
/// ρ = η*/p of every run, its log-log slope c against x fitted seed by seed (ln ρ = a_s + c_s·ln x, c̄ the mean with a t
/// interval over the S seeds, <see cref="PowerLawFit"/>), and the verdict of <see cref="StepPredictionRule"/>. A prediction
/// that describes η* may be off by a constant factor (the level, <see cref="GeometricMean"/>), never by a trend in x.
/// </summary>
/// <param name="Fit">the ratio's fit; null without two axis values.</param>
/// <param name="Points">each run's ratio (value) at its axis value and seed.</param>
/// <param name="MissingRuns">runs with an η* that did not record this prediction (folders written before it).</param>
public sealed record PredictionAgreement(StepPrediction Prediction, SweepAxis Axis, string Setting, PowerLawResult? Fit,
    IReadOnlyList<ScalingPoint> Points, IReadOnlyList<string> MissingRuns)
{
    /// <summary>TOST of |c| &lt; <see cref="StepPredictionRule.Margin"/>; null without a fit.</summary>
    public EquivalenceTest? Equivalence => Fit is null ? null : Statistics.Equivalence.NoTrend(Fit.Slope, StepPredictionRule.Margin);

    /// <summary>The two-sided p-value of c = 0 (NaN without an interval), and its adjustment across the study.</summary>
    public double PValue => Fit?.Slope.PValue(0) ?? double.NaN;

    public double AdjustedPValue { get; init; } = double.NaN;

    public Verdict Verdict { get; init; } = Verdict.Insufficient;

    /// <summary>The rule's answer: this prediction describes η* across the axis.</summary>
    public bool Describes => Verdict == Verdict.Consistent;

    /// <summary>The 1 − 2α interval of c that the equivalence test reads (90 %): within ±margin exactly when it passes.</summary>
    public (double Low, double High) Interval => Equivalence?.Interval(StepPredictionRule.Level) ?? (double.NaN, double.NaN);

    /// <summary>exp(mean ln ρ) over the runs: the level of η* against the prediction.</summary>
    public double GeometricMean => Points.Count == 0 ? double.NaN : Math.Exp(Points.Average(p => Math.Log(p.Value)));

    public double MinRatio => Points.Count == 0 ? double.NaN : Points.Min(p => p.Value);

    public double MaxRatio => Points.Count == 0 ? double.NaN : Points.Max(p => p.Value);

    /// <summary>"describes", "does not describe", "cannot tell" or "insufficient (...)".</summary>
    public string VerdictText => Verdict switch
    {
        Verdict.Consistent => "describes",
        Verdict.Inconsistent => "does not describe",
        Verdict.Inconclusive => "cannot tell",
        _ => Fit is null
            ? $"insufficient ({Points.Select(p => p.X).Distinct().Count()} {Axis.Plural} with a ratio)"
            : $"insufficient ({Fit.Values} {Fit.ValuesName}, {Fit.Seeds} seeds{(Fit.Slope.HasInterval ? "" : $": {Fit.Slope.NoInterval}")})",
    };

    /// <summary>As fits.json records it.</summary>
    public StepPredictionRecord ToRecord() => new()
    {
        Prediction = Prediction.Id, Symbol = Prediction.Symbol, Ratio = Prediction.Ratio, Axis = Axis.Name, Setting = Setting,
        Exponent = Finite(Fit?.Exponent), Low = Finite(Interval.Low), High = Finite(Interval.High), Confidence = 1 - 2 * StepPredictionRule.Level,
        Margin = StepPredictionRule.Margin, PValueEquivalence = Finite(Equivalence?.P), PValue = Finite(PValue), PValueAdjusted = Finite(AdjustedPValue),
        Verdict = Verdict.ToString().ToLowerInvariant(), VerdictText = VerdictText, Describes = Describes,
        RatioGeometricMean = Finite(GeometricMean), RatioMin = Finite(MinRatio), RatioMax = Finite(MaxRatio),
        Values = Points.Select(p => p.X).Distinct().Order().ToArray(), Seeds = Fit?.Seeds ?? 0,
        PerSeed = (Fit?.Slope.PerSeed ?? []).Select(s => new SeedSlopeRecord(s.Seed, s.Slope, s.Points)).ToArray(),
        Runs = Points.Select(p => p.Run).ToArray(), MissingValues = MissingRuns,
    };

    private static double? Finite(double? v) => v is double x && double.IsFinite(x) ? x : null;
}

/// <summary>
/// Which prediction describes the largest stable step η* across widths (P11) and depths (P11b) (docs/theory.md,
/// section 8). For each prediction p (<see cref="StepPredictions"/>) and each group of runs that differ only in the axis
/// and seed, over the runs with both η* and p: the ratio's slope c (<see cref="PredictionAgreement"/>), then
/// <list type="bullet">
/// <item><i>insufficient</i> — fewer than 5 axis values or 3 seeds with a slope, or no interval (as the fits);</item>
/// <item><i>consistent</i> (describes) — the two one-sided tests reject c ≤ −δ and c ≥ δ at α = 0.05, δ = <see cref="Margin"/>:
/// the ratio's 90 % t interval lies within ±δ;</item>
/// <item><i>inconsistent</i> (does not describe) — otherwise, when the two-sided t test of c = 0, adjusted by
/// Benjamini–Hochberg across the study's ratio tests, rejects at 0.05;</item>
/// <item><i>inconclusive</i> (cannot tell) — neither.</item>
/// </list>
/// Why TOST and not the test of c = 0 alone: not finding a trend in η*/p is no evidence that there is none (with 3 seeds
/// almost nothing is rejected), so "describes" must be earned by excluding every trend larger than δ. Its error rates are
/// measured by simulation (tests/ReluStudy.Tests/Theory/StepPredictionCalibrationTests).
/// </summary>
public static class StepPredictionRule
{
    /// <summary>
    /// δ, the largest trend in η*/p still called none: over the widths 64–1024 of stable-width.fsx (ln 16 = 2.77) a
    /// slope of 0.1 moves the ratio by a factor 16^0.1 = 1.32 end to end, a third of the factor 2.3 the kernel ceiling is
    /// off by there, and ten times the bisection's own resolution (the bracket's factor 1.027 moves a seed's slope by at
    /// most 0.01). The same margin as the claims' collapse test (section 9).
    /// </summary>
    public const double Margin = 0.1;

    /// <summary>α of each one-sided test and the false discovery rate of "does not describe".</summary>
    public const double Level = 0.05;

    /// <summary>The predictions' verdicts for every axis the wanted predictions fit against (P11: width, P11b: depth) and
    /// every group of runs that sweeps it, judged together.</summary>
    public static IReadOnlyList<PredictionAgreement> For(IEnumerable<RunResult> runs, Func<string, bool> wanted)
    {
        RunResult[] searched = runs.Where(r => r.Status.IsUsableForFits() && r.Record.Summary?.StepSearch is not null).ToArray();
        var found = new List<PredictionAgreement>();
        foreach ((SweepAxis axis, string prediction) in new[] { (SweepAxis.Width, "P11"), (SweepAxis.Depth, "P11b") })
        {
            if (!wanted(prediction)) continue;
            foreach (var group in searched.GroupBy(r => r.Config.Setting(axis)).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                if (group.Select(axis.Of).Distinct().Count() < 2) continue;
                foreach (StepPrediction p in StepPredictions.All)
                {
                    RunResult[] withStep = group.Where(r => ScalingQuantities.LargestStableStep(r) is not null).ToArray();
                    ScalingPoint[] points = withStep.Where(r => axis.Of(r) is > 0 && StepPredictions.RatioOf(r, p) is not null)
                        .Select(r => new ScalingPoint(axis.Of(r)!.Value, r.Seed, StepPredictions.RatioOf(r, p)!.Value, r.Id)).ToArray();
                    // Folders written before the prediction was recorded have none: nothing to judge, nothing to say.
                    if (points.Length == 0) continue;
                    string[] missing = withStep.Where(r => points.All(q => q.Run != r.Id)).Select(r => r.Id).ToArray();
                    found.Add(new PredictionAgreement(p, axis, group.Key, PowerLawFit.Fit(points, axis.Plural), points, missing));
                }
            }
        }
        return Judge(found);
    }

    /// <summary>Each agreement's verdict, the tests of c = 0 adjusted together by Benjamini–Hochberg.</summary>
    public static IReadOnlyList<PredictionAgreement> Judge(IReadOnlyList<PredictionAgreement> agreements)
    {
        int[] judged = Enumerable.Range(0, agreements.Count).Where(i => agreements[i].Fit is { CanJudge: true }).ToArray();
        MultipleTestResult adjusted = BenjaminiHochberg.Adjust(judged.Select(i => agreements[i].PValue).ToArray(), Level);
        var result = agreements.ToArray();
        for (int j = 0; j < judged.Length; j++)
        {
            PredictionAgreement a = agreements[judged[j]];
            double p = adjusted.Adjusted[j];
            Verdict verdict = a.Equivalence!.Equivalent(Level) ? Verdict.Consistent : p <= Level ? Verdict.Inconsistent : Verdict.Inconclusive;
            result[judged[j]] = a with { AdjustedPValue = p, Verdict = verdict };
        }
        return result;
    }
}
