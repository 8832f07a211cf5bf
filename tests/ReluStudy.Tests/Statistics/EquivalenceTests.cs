using ReluStudy.Core.Numerics;
using ReluStudy.Core.Statistics;

namespace ReluStudy.Tests.Statistics;

/// <summary>TOST on constructed seed slopes: precise flat data pass, noisy flat data and a real trend do not.</summary>
public class EquivalenceTests
{
    /// <summary>A fit whose per-seed slopes are exactly <paramref name="slopes"/> (two points per seed).</summary>
    private static ClusteredSlope FitWithSlopes(params double[] slopes)
    {
        var u = new List<double>();
        var seed = new List<ulong>();
        var v = new List<double>();
        for (int s = 0; s < slopes.Length; s++)
        {
            u.AddRange([0, 1]);
            seed.AddRange([(ulong)s, (ulong)s]);
            v.AddRange([s, s + slopes[s]]);
        }
        return SeedSlopeFit.Line(u, seed, v);
    }

    [Fact]
    public void PreciseFlatSlopesAreEquivalentToNoTrend()
    {
        ClusteredSlope fit = FitWithSlopes(-0.01, 0, 0.01, 0.005, -0.005);
        EquivalenceTest tost = Equivalence.NoTrend(fit, 0.05);
        // b̄ = 0, SE = √(0.00025/4)/√5 = 0.0035355; t for each side = 0.05/SE = 14.142 on 4 df.
        double t = 0.05 / (Math.Sqrt(0.00025 / 4) / Math.Sqrt(5));
        Assert.Equal(StudentT.Survival(t, 4), tost.PLower, 1e-15);
        Assert.Equal(StudentT.Survival(t, 4), tost.PUpper, 1e-15);
        Assert.True(tost.Equivalent(0.05));
        Assert.True(tost.P < 1e-3);
    }

    [Fact]
    public void NoisyFlatSlopesAreNotEvidenceOfNoTrend()
    {
        // b̄ = 0 exactly, so "b = 0" is not rejected (p = 1), yet the data cannot tell b from ±0.05.
        ClusteredSlope fit = FitWithSlopes(-0.3, 0.3, 0);
        Assert.Equal(1.0, fit.PValue(0), 1e-12);
        EquivalenceTest tost = Equivalence.NoTrend(fit, 0.05);
        Assert.False(tost.Equivalent(0.05));
        Assert.True(tost.P > 0.3, $"p_TOST = {tost.P}");
    }

    [Fact]
    public void ASlopeAtTheMarginIsNotEquivalent()
    {
        EquivalenceTest tost = Equivalence.NoTrend(FitWithSlopes(0.049, 0.05, 0.051), 0.05);
        Assert.Equal(0.5, tost.PUpper, 1e-12);
        Assert.False(tost.Equivalent(0.05));
        // Around a predicted exponent instead of 0.
        Assert.True(Equivalence.Within(FitWithSlopes(0.049, 0.05, 0.051), 0.05, 0.01).Equivalent(0.05));
    }

    [Fact]
    public void EquivalentExactlyWhenTheNinetyPercentIntervalLiesInsideTheMargin()
    {
        var rng = new Rng(5);
        int agreeing = 0, equivalent = 0;
        for (int trial = 0; trial < 500; trial++)
        {
            int seeds = 2 + rng.NextInt(6);
            double centre = 0.04 * rng.NextNormal(), spread = 0.03 * rng.NextDouble();
            ClusteredSlope fit = FitWithSlopes(Enumerable.Range(0, seeds).Select(_ => centre + spread * rng.NextNormal()).ToArray());
            EquivalenceTest tost = Equivalence.NoTrend(fit, 0.05);
            (double low, double high) = tost.Interval(0.05);
            bool inside = low > -0.05 && high < 0.05;
            if (inside == tost.Equivalent(0.05)) agreeing++;
            if (inside) equivalent++;
            Assert.Equal((low, high), fit.Interval(0.90));
        }
        Assert.Equal(500, agreeing);
        Assert.InRange(equivalent, 50, 450); // both outcomes were exercised
    }

    [Fact]
    public void NoIntervalMeansNoEquivalence()
    {
        ClusteredSlope one = SeedSlopeFit.Line([0, 1], [3, 3], [0, 0.001]);
        EquivalenceTest tost = Equivalence.NoTrend(one, 0.05);
        Assert.True(double.IsNaN(tost.P));
        Assert.False(tost.Equivalent(0.05));
        Assert.Throws<ArgumentOutOfRangeException>(() => Equivalence.NoTrend(one, 0));
    }
}
