using ReluStudy.Core.Numerics;
using ReluStudy.Core.Theory;

namespace ReluStudy.Tests.Theory;

/// <summary>The scaling fit on synthetic power laws with known exponents and log-normal noise.</summary>
public class PowerLawFitTests
{
    private static readonly double[] Widths = [64, 128, 256, 512, 1024, 2048, 4096];

    private static ScalingPoint[] Synthetic(double exponent, int seeds, double noise, Rng rng) =>
        Widths.SelectMany(m => Enumerable.Range(1, seeds).Select(s =>
            new ScalingPoint(m, (ulong)s, 3.0 * Math.Pow(m, exponent) * Math.Exp(noise * rng.NextNormal())))).ToArray();

    [Fact]
    public void RecoversAKnownExponentAndJudgesPredictions()
    {
        ScalingPoint[] points = Synthetic(-0.5, seeds: 5, noise: 0.05, new Rng(1));
        PowerLawResult fit = PowerLawFit.Fit(points, [-0.5, -1.0 / 3, -1]);
        Assert.InRange(fit.Exponent, -0.53, -0.47);
        Assert.InRange(-0.5, fit.Low, fit.High);
        Assert.Equal(Verdict.Consistent, fit.Comparisons[0].Verdict);
        Assert.Equal(Verdict.Inconsistent, fit.Comparisons[1].Verdict);
        Assert.Equal(Verdict.Inconsistent, fit.Comparisons[2].Verdict);
        Assert.Equal(("seeds", 64.0, 4096.0, 35), (fit.Resampling, fit.WidthMin, fit.WidthMax, fit.Points));
    }

    [Fact]
    public void TheIntervalCoversTheTruthAtAboutTheStatedRate()
    {
        var rng = new Rng(2);
        const int trials = 200;
        int covered = 0;
        for (int t = 0; t < trials; t++)
        {
            PowerLawResult fit = PowerLawFit.Fit(Synthetic(1, seeds: 10, noise: 0.2, rng), [1], replicates: 500, seed: (ulong)t);
            if (fit.Low <= 1 && 1 <= fit.High) covered++;
        }
        // Nominal 95 %; binomial sd over 200 trials is 1.5 %, and a percentile bootstrap over 10 clusters runs a little narrow.
        Assert.InRange(covered / (double)trials, 0.88, 0.995);
    }

    [Fact]
    public void NoisyDataIsInconclusiveAndNonPositiveValuesAreExcluded()
    {
        ScalingPoint[] points = [.. Synthetic(-0.5, seeds: 2, noise: 1.5, new Rng(3)), new ScalingPoint(512, 1, 0), new ScalingPoint(512, 2, double.NaN)];
        PowerLawResult fit = PowerLawFit.Fit(points, [-0.5]);
        Assert.Equal(Verdict.Inconclusive, fit.Comparisons[0].Verdict);
        Assert.Equal(2, fit.Excluded);
    }

    [Theory]
    [InlineData(-0.5, -0.6, -0.4, Verdict.Consistent)]
    [InlineData(-0.5, -0.45, -0.3, Verdict.Inconsistent)]
    [InlineData(-0.5, -1.2, 0.1, Verdict.Inconclusive)]
    [InlineData(0.0, -0.2, 0.2, Verdict.Consistent)]
    public void Judge(double predicted, double low, double high, Verdict expected) =>
        Assert.Equal(expected, PowerLawFit.Judge(predicted, low, high));
}
