using System.Globalization;
using ReluStudy.Core.Statistics;

namespace ReluStudy.Core.Theory.Fits;

/// <summary>How a fitted exponent stands against a predicted one (docs/theory.md, section 8).</summary>
public enum Verdict
{
    /// <summary>The 95 % interval lies within ±<see cref="FitVerdicts.Margin"/> of b*: practically equal.</summary>
    Consistent,
    /// <summary>The test of b = b* rejects at <see cref="FitVerdicts.Level"/> after Benjamini–Hochberg across the study.</summary>
    Inconsistent,
    /// <summary>Neither: the interval is too wide to call it, or cannot tell b* from a competing prediction.</summary>
    Inconclusive,
    /// <summary>Fewer than <see cref="PowerLawFit.MinValues"/> axis values or <see cref="PowerLawFit.MinSeeds"/> seeds, or no interval.</summary>
    Insufficient,
}

/// <summary>The fitted exponent against one predicted exponent (or, with <paramref name="Bound"/>, an upper bound b ≤ b*): the
/// test's p-value, adjusted across the study, and the verdict.</summary>
public sealed record PredictedVerdict(double Predicted, Verdict Verdict, double PValue, double AdjustedPValue, bool Bound = false)
{
    public string Name => Verdict.ToString().ToLowerInvariant();
}

/// <summary>
/// The verdicts of a study's fits, judged together: every fit that can carry a verdict tests b = b* for each of its
/// predicted exponents (two-sided t on the seeds' slopes), and the p-values of the whole study are adjusted by
/// Benjamini–Hochberg at <see cref="Level"/>, so a correct theory collects a spurious <c>inconsistent</c> in at most about
/// 5 % of studies. Then, per predicted value: consistent when the 95 % interval lies within ±<see cref="Margin"/> of b*,
/// inconsistent when the adjusted p-value is at most <see cref="Level"/>, inconclusive otherwise. A prediction that is only an
/// upper bound on the exponent (a theorem's O(m^b*), with no argument for the typical rate) is tested one-sided, H0: b ≤ b*:
/// consistent when the interval lies below b* + margin, inconsistent when the one-sided test rejects.
/// </summary>
public static class FitVerdicts
{
    /// <summary>The margin of practical equivalence: exponents closer than this are not told apart.</summary>
    public const double Margin = 0.05;
    /// <summary>The false discovery rate across a study's verdicts.</summary>
    public const double Level = 0.05;

    /// <summary>Each fit's verdicts, one per predicted value, in the order given (none for a fit without a result or a prediction).</summary>
    public static IReadOnlyList<IReadOnlyList<PredictedVerdict>> Judge(IReadOnlyList<(PowerLawResult? Fit, IReadOnlyList<double> Predicted)> fits,
        Func<int, double, bool>? isBound = null)
    {
        isBound ??= (_, _) => false;
        var tests = new List<(int Fit, int Value, double P)>();
        for (int f = 0; f < fits.Count; f++)
            if (fits[f].Fit is { CanJudge: true } fit)
                for (int v = 0; v < fits[f].Predicted.Count; v++)
                {
                    double b = fits[f].Predicted[v];
                    tests.Add((f, v, isBound(f, b) ? StudentT.Survival(fit.Slope.T(b), fit.Slope.DegreesOfFreedom) : fit.PValue(b)));
                }
        MultipleTestResult adjusted = BenjaminiHochberg.Adjust(tests.Select(t => t.P).ToArray(), Level);
        var verdicts = fits.Select(f => f.Predicted.Select(_ => (PredictedVerdict?)null).ToArray()).ToArray();
        for (int t = 0; t < tests.Count; t++)
        {
            (int f, int v, double p) = tests[t];
            PowerLawResult fit = fits[f].Fit!;
            double predicted = fits[f].Predicted[v];
            bool bound = isBound(f, predicted);
            verdicts[f][v] = new PredictedVerdict(predicted, Judge(predicted, fit.Low, fit.High, adjusted.Adjusted[t], bound), p, adjusted.Adjusted[t], bound);
        }
        return fits.Select((f, i) => (IReadOnlyList<PredictedVerdict>)(f.Fit is { CanJudge: true }
            ? verdicts[i].Select(v => v!).ToArray()
            : f.Predicted.Select(b => new PredictedVerdict(b, Verdict.Insufficient, double.NaN, double.NaN, isBound(i, b))).ToArray())).ToArray();
    }

    /// <summary>The rule for one predicted value, given the 95 % interval and the study-adjusted p-value of b = b* (of b ≤ b* for a bound).</summary>
    public static Verdict Judge(double predicted, double low, double high, double adjustedP, bool bound = false) =>
        (bound || low >= predicted - Margin) && high <= predicted + Margin ? Verdict.Consistent
        : adjustedP <= Level ? Verdict.Inconsistent
        : Verdict.Inconclusive;

    /// <summary>
    /// One line for a fit's verdicts, the first predicted value the theory's and the others competing predictions:
    /// "consistent with -0.5", "inconsistent with -0.5 (adjusted p = 0.003); consistent with -0.333",
    /// "inconclusive: cannot tell -0.5 from -0.333", "inconclusive: the interval [-0.9, -0.2] is wider than ±0.05 around -0.5".
    /// </summary>
    public static string Describe(PowerLawResult fit, IReadOnlyList<PredictedVerdict> verdicts)
    {
        var c = CultureInfo.InvariantCulture;
        static string B(double b) => b.ToString("+0.###;-0.###;0", CultureInfo.InvariantCulture);
        if (verdicts.Count == 0) return NoPrediction;
        PredictedVerdict first = verdicts[0];
        string Of(PredictedVerdict v) => v.Bound ? $"the bound b <= {B(v.Predicted)}" : B(v.Predicted);
        string One(PredictedVerdict v) => v.Verdict switch
        {
            Verdict.Inconsistent => $"inconsistent with {Of(v)} (adjusted p = {v.AdjustedPValue.ToString("G2", c)})",
            Verdict.Consistent => $"consistent with {Of(v)}",
            _ => $"inconclusive about {Of(v)}",
        };
        if (first.Verdict == Verdict.Inconclusive)
        {
            PredictedVerdict? rival = verdicts.Skip(1).FirstOrDefault(v => v.Verdict == Verdict.Inconclusive && fit.Low <= v.Predicted && v.Predicted <= fit.High);
            string head = rival is not null
                ? $"inconclusive: cannot tell {B(first.Predicted)} from {B(rival.Predicted)}"
                : $"inconclusive: the interval [{fit.Low.ToString("F3", c)}, {fit.High.ToString("F3", c)}] is wider than ±{Margin.ToString(c)} around {B(first.Predicted)}";
            return string.Join("; ", verdicts.Skip(1).Where(v => v != rival).Select(One).Prepend(head));
        }
        return string.Join("; ", verdicts.Select(One));
    }

    /// <summary>The verdict of an exponent without a prediction: measured, reported, not judged.</summary>
    public const string NoPrediction = "measured (no prediction)";
}
