using ReluStudy.Core.Numerics;
using ReluStudy.Core.Statistics;

namespace ReluStudy.Tests.Statistics;

/// <summary>Per-seed slopes with a t interval: hand-computed cases, exclusions, and the cases with no interval.</summary>
public class SeedSlopeFitTests
{
    [Fact]
    public void ThreeSeedsWithSlopesOneTwoThreeByHand()
    {
        // Seed s has v = s·u + 10s at u = 1, 2, 3: b_s = 1, 2, 3, so b̄ = 2, sd = 1, SE = 1/√3, df = 2.
        double[] u = [1, 2, 3, 1, 2, 3, 1, 2, 3];
        ulong[] seed = [1, 1, 1, 2, 2, 2, 3, 3, 3];
        double[] v = u.Select((x, i) => seed[i] * x + 10.0 * seed[i]).ToArray();
        ClusteredSlope fit = SeedSlopeFit.Line(u, seed, v);

        Assert.True(fit.HasInterval);
        Assert.Equal([1.0, 2.0, 3.0], fit.PerSeed.Select(s => Math.Round(s.Slope, 12)));
        Assert.Equal(2.0, fit.Estimate, 1e-12);
        Assert.Equal(1 / Math.Sqrt(3), fit.StandardError, 1e-12);
        Assert.Equal(2, fit.DegreesOfFreedom);
        double half = 4.3026527297494617894 / Math.Sqrt(3);
        Assert.Equal(2 - half, fit.Low, 1e-10);
        Assert.Equal(2 + half, fit.High, 1e-10);
        // H0: b = 0 gives t = 2√3; for ν = 2, P(|T| ≥ t) = 1 − t/√(2 + t²) = 1 − √(12/14).
        Assert.Equal(1 - Math.Sqrt(12.0 / 14), fit.PValue(0), 1e-13);
        Assert.Equal(1.0, fit.PValue(2), 1e-13);
        Assert.Equal(2 * Math.Sqrt(3), fit.T(0), 1e-12);
        // The pooled line: mean v at u is 2u + 20, so slope 2.
        Assert.Equal(2.0, fit.PooledSlope, 1e-12);
        Assert.Equal(20.0, fit.PooledIntercept, 1e-12);
        Assert.Equal((9, 0), (fit.Points, fit.Excluded));
        (double low90, double high90) = fit.Interval(0.90);
        Assert.Equal(2 + 2.9199855803537241703 / Math.Sqrt(3), high90, 1e-10);
        Assert.Equal(2 - 2.9199855803537241703 / Math.Sqrt(3), low90, 1e-10);
    }

    [Fact]
    public void PowerLawTakesLogsAndLeavesOutWhatHasNone()
    {
        double[] widths = [64, 128, 256, 512, 1024];
        var x = new List<double>();
        var seed = new List<ulong>();
        var y = new List<double>();
        double[] exponents = [-0.45, -0.5, -0.55];
        for (int s = 0; s < 3; s++)
            foreach (double m in widths)
            {
                x.Add(m);
                seed.Add((ulong)(s + 7));
                y.Add(3 * Math.Pow(m, exponents[s]));
            }
        // Unusable points: y = 0, y < 0, y = NaN, x = 0; and a seed seen at one width only.
        x.AddRange([64, 128, 256, 0, 512]);
        seed.AddRange([7UL, 8, 9, 7, 42]);
        y.AddRange([0, -1, double.NaN, 5, 2]);

        ClusteredSlope fit = SeedSlopeFit.PowerLaw(x, seed, y);
        Assert.Equal(4, fit.Excluded);
        Assert.Equal(16, fit.Points);
        Assert.Equal([42UL], fit.SeedsWithoutSlope);
        Assert.Equal([7UL, 8, 9], fit.PerSeed.Select(s => s.Seed));
        Assert.Equal(-0.5, fit.Estimate, 1e-12);
        Assert.Equal(0.05 / Math.Sqrt(3), fit.StandardError, 1e-12);
        Assert.InRange(-0.5, fit.Low, fit.High);
    }

    [Fact]
    public void TheResultDoesNotDependOnTheOrderOfThePoints()
    {
        var rng = new Rng(11);
        var points = new List<(double X, ulong Seed, double Y)>();
        foreach (double m in new double[] { 64, 128, 256, 512, 1024 })
            for (ulong s = 1; s <= 4; s++) points.Add((m, s, Math.Exp(0.3 * rng.NextNormal()) * Math.Pow(m, -1)));
        ClusteredSlope first = Fit(points);
        var shuffled = points.ToArray();
        rng.Shuffle(shuffled.AsSpan());
        ClusteredSlope second = Fit(shuffled);
        Assert.Equal((first.Estimate, first.StandardError, first.Low, first.High, first.PooledSlope),
            (second.Estimate, second.StandardError, second.Low, second.High, second.PooledSlope));

        static ClusteredSlope Fit(IReadOnlyList<(double X, ulong Seed, double Y)> p) =>
            SeedSlopeFit.PowerLaw(p.Select(q => q.X).ToArray(), p.Select(q => q.Seed).ToArray(), p.Select(q => q.Y).ToArray());
    }

    [Fact]
    public void OneSeedGivesAnEstimateButNoInterval()
    {
        ClusteredSlope fit = SeedSlopeFit.PowerLaw([64, 128, 256], [5, 5, 5], [1, 0.5, 0.26]);
        Assert.False(fit.HasInterval);
        Assert.Equal(1, fit.Seeds);
        Assert.Equal(0, fit.DegreesOfFreedom);
        Assert.Contains("1 seed", fit.NoInterval);
        Assert.True(double.IsNaN(fit.Low) && double.IsNaN(fit.High) && double.IsNaN(fit.PValue(-1)) && double.IsNaN(fit.StandardError));
        Assert.True(double.IsFinite(fit.Estimate));
        Assert.Contains("no interval", fit.Describe());
    }

    [Fact]
    public void IdenticalSlopesGiveNoIntervalRatherThanAPoint()
    {
        // Noiseless power laws with different prefactors: the three slopes agree to rounding.
        double[] widths = [64, 128, 256, 512, 1024];
        double[] x = widths.Concat(widths).Concat(widths).ToArray();
        ulong[] seed = x.Select((_, i) => (ulong)(i / 5)).ToArray();
        double[] y = x.Select((m, i) => (1 + seed[i]) * 0.7 * Math.Pow(m, -1.0 / 3)).ToArray();
        ClusteredSlope fit = SeedSlopeFit.PowerLaw(x, seed, y);
        Assert.False(fit.HasInterval);
        Assert.Contains("same slope", fit.NoInterval);
        Assert.Equal(-1.0 / 3, fit.Estimate, 1e-13);
        Assert.True(double.IsNaN(fit.PValue(-1.0 / 3)));
    }

    [Fact]
    public void NoSeedWithTwoWidthsMeansNoEstimate()
    {
        ClusteredSlope fit = SeedSlopeFit.PowerLaw([64, 128], [1, 2], [1, 2]);
        Assert.Equal(0, fit.Seeds);
        Assert.True(double.IsNaN(fit.Estimate));
        Assert.Equal([1UL, 2], fit.SeedsWithoutSlope);
        Assert.Equal(Math.Log(2) / Math.Log(2), fit.PooledSlope, 1e-12); // the pooled line still exists
        Assert.Throws<ArgumentException>(() => SeedSlopeFit.PowerLaw([1, 2], [1], [1, 2]));
    }
}
