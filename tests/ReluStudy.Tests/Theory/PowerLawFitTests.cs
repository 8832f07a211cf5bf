using ReluStudy.Core.Numerics;
using ReluStudy.Core.Statistics;
using ReluStudy.Core.Theory.Fits;

namespace ReluStudy.Tests.Theory;

/// <summary>The scaling fit (seed by seed, a t interval over the seeds' slopes) and the verdict rules, on synthetic power laws.</summary>
public class PowerLawFitTests
{
    private static readonly double[] Widths = [64, 128, 256, 512, 1024];

    /// <summary>Q = 3·m^b·e^(u_s + v_s ln m + ε): a seed's own offset u_s and slope v_s (sd <paramref name="seedSlope"/>) and noise ε.</summary>
    private static ScalingPoint[] Synthetic(double exponent, int seeds, double seedSlope, double noise, Rng rng) =>
        Enumerable.Range(1, seeds).SelectMany(s =>
        {
            double u = 0.3 * rng.NextNormal(), v = seedSlope * rng.NextNormal();
            return Widths.Select(m => new ScalingPoint(m, (ulong)s, 3.0 * Math.Pow(m, exponent) * Math.Exp(u + v * Math.Log(m) + noise * rng.NextNormal()), $"{m}-{s}")).ToArray();
        }).ToArray();

    [Fact]
    public void TheExponentIsTheMeanOfTheSeedsOwnSlopesWithATIntervalOnSeedsMinusOneDegrees()
    {
        ScalingPoint[] points = Synthetic(-0.5, seeds: 3, seedSlope: 0.02, noise: 0.01, new Rng(1));
        PowerLawResult fit = PowerLawFit.Fit(points)!;
        // independently: each seed's least-squares slope of ln Q on ln m, their mean, sd/sqrt(3), and t(0.975, 2) = 4.302653
        double[] slopes = points.GroupBy(p => p.Seed).Select(g =>
        {
            double[] x = g.Select(p => Math.Log(p.X)).ToArray(), y = g.Select(p => Math.Log(p.Value)).ToArray();
            double mx = x.Average(), my = y.Average();
            return x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my)) / x.Sum(v => (v - mx) * (v - mx));
        }).ToArray();
        double mean = slopes.Average(), se = Math.Sqrt(slopes.Sum(b => (b - mean) * (b - mean)) / 2 / 3);
        Assert.Equal(mean, fit.Exponent, 12);
        Assert.Equal(mean - 4.302653 * se, fit.Low, 6);
        Assert.Equal(mean + 4.302653 * se, fit.High, 6);
        Assert.Equal((5, 3, 15), (fit.Values, fit.Seeds, fit.Points));
        Assert.True(fit.CanJudge);
    }

    [Fact]
    public void NoiselessSeedsGiveNoIntervalAndSoNoVerdict()
    {
        ScalingPoint[] exact = Synthetic(-1, seeds: 3, seedSlope: 0, noise: 0, new Rng(2));
        PowerLawResult fit = PowerLawFit.Fit(exact)!;
        Assert.Equal(-1, fit.Exponent, 12);
        Assert.False(fit.CanJudge);
        Assert.Equal(Verdict.Insufficient, FitVerdicts.Judge([(fit, [-1.0])])[0][0].Verdict);
    }

    [Theory]
    [InlineData(-0.5, -0.54, -0.46, 0.9, Verdict.Consistent)]
    [InlineData(-0.5, -0.5498, -0.51, 0.01, Verdict.Consistent)]    // excludes -1/2, but lies within the margin: practically equal
    [InlineData(-0.5, -0.46, -0.40, 0.01, Verdict.Inconsistent)]    // excludes -1/2, leaves the margin, rejected after adjustment
    [InlineData(-0.5, -0.46, -0.40, 0.2, Verdict.Inconclusive)]     // leaves the margin, but not rejected after adjustment
    [InlineData(-0.5, -1.2, 0.1, 0.8, Verdict.Inconclusive)]
    [InlineData(1.0, 1.55, 3.51, 0.001, Verdict.Inconsistent)]      // wide, but excluding +1 and rejected: inconsistent
    public void TheVerdictRule(double predicted, double low, double high, double adjustedP, Verdict expected)
    {
        Assert.Equal(expected, FitVerdicts.Judge(predicted, low, high, adjustedP));
    }

    [Theory]
    [InlineData(-0.62, -0.56, 0.9, Verdict.Consistent)]    // steeper than the bound: a bound allows any faster fall
    [InlineData(-0.62, -0.42, 0.3, Verdict.Inconclusive)]  // reaches past the bound's margin, not rejected
    [InlineData(-0.40, -0.30, 0.01, Verdict.Inconsistent)] // above the bound, rejected
    public void AnUpperBoundIsJudgedOneSided(double low, double high, double adjustedP, Verdict expected)
    {
        Assert.Equal(expected, FitVerdicts.Judge(-0.5, low, high, adjustedP, bound: true));
        // the same interval against -1/2 as an exact exponent: the first is not consistent with it
        if (expected == Verdict.Consistent) Assert.NotEqual(Verdict.Consistent, FitVerdicts.Judge(-0.5, low, high, adjustedP));
    }

    [Fact]
    public void ACompetingPredictionTheIntervalCannotExcludeIsNamed()
    {
        // P8: -1/2 typical, -1/3 bound; the truth halfway between and seeds that disagree a lot: the interval holds both
        ScalingPoint[] points = Synthetic(-0.42, seeds: 3, seedSlope: 0.12, noise: 0.02, new Rng(3));
        PowerLawResult fit = PowerLawFit.Fit(points)!;
        Assert.True(fit.Low < -0.5 && -1.0 / 3 < fit.High, $"interval [{fit.Low}, {fit.High}]");
        IReadOnlyList<PredictedVerdict> verdicts = FitVerdicts.Judge([(fit, [-0.5, -1.0 / 3])])[0];
        Assert.All(verdicts, v => Assert.Equal(Verdict.Inconclusive, v.Verdict));
        Assert.StartsWith("inconclusive: cannot tell -0.5 from -0.333", FitVerdicts.Describe(fit, verdicts));
    }

    [Fact]
    public void AStudysVerdictsAreAdjustedTogether()
    {
        // each fit's test of -1/2, adjusted with the others of its study: the same as an independent Benjamini-Hochberg over the three
        var rng = new Rng(4);
        PowerLawResult Fitted(double b) => PowerLawFit.Fit(Synthetic(b, seeds: 8, seedSlope: 0.05, noise: 0.01, rng))!;
        PowerLawResult[] fits = [Fitted(-0.55), Fitted(-0.5), Fitted(-1.3)];
        IReadOnlyList<IReadOnlyList<PredictedVerdict>> judged = FitVerdicts.Judge(fits.Select(f => (f, (IReadOnlyList<double>)[-0.5])).ToArray()!);
        double[] raw = fits.Select(f => f.PValue(-0.5)).ToArray();
        MultipleTestResult bh = BenjaminiHochberg.Adjust(raw);
        for (int i = 0; i < fits.Length; i++)
        {
            Assert.Equal(raw[i], judged[i][0].PValue, 12);
            Assert.Equal(bh.Adjusted[i], judged[i][0].AdjustedPValue, 12);
        }
        Assert.Equal(Verdict.Inconsistent, judged[2][0].Verdict);
    }
}
