using ReluStudy.Core.Statistics;

namespace ReluStudy.Tests.Statistics;

/// <summary>ln Γ, I_x(a, b) and the Beta quantile against 40-digit references (mpmath) and identities.</summary>
public class SpecialFunctionTests
{
    [Theory]
    [InlineData(0.5, 0.5723649429247000870717)]
    [InlineData(1e-5, 11.51291969289582562562)]
    [InlineData(2.5, 0.2846828704729191596325)]
    [InlineData(7.3, 7.147892523022248692104)]
    [InlineData(9.999, 12.79957578007741371469)]
    [InlineData(10, 12.80182748008146961121)]
    [InlineData(10.001, 12.80407928525186138262)]
    [InlineData(100, 359.134205369575398776)]
    [InlineData(12345.678, 103959.9199055460598243)]
    [InlineData(1e8, 1742068066.103834709276)]
    public void LogGammaMatchesReferences(double x, double expected) =>
        Assert.True(Math.Abs(Gamma.Log(x) - expected) <= 2e-15 * Math.Max(1, Math.Abs(expected)), $"ln Γ({x}) = {Gamma.Log(x):R}, reference {expected:R}");

    [Fact]
    public void LogBetaOfALargeAndASmallArgumentKeepsItsDigits()
    {
        // ln B(a, ½) = ln Γ(½) + ln Γ(a) − ln Γ(a + ½) ~ ln √π − ½ ln a; the Stirling difference is checked against the
        // asymptotic series ln Γ(a + ½) − ln Γ(a) = ½ ln a − 1/(8a) + 1/(192a³) + ...
        foreach (double a in new[] { 1e3, 1e5, 5e5, 1e8 })
        {
            double series = 0.5 * Math.Log(a) - 1 / (8 * a) + 1 / (192 * a * a * a);
            Assert.Equal(0.5 * Math.Log(Math.PI) - series, Gamma.LogBeta(a, 0.5), 1e-13);
            Assert.Equal(Gamma.LogBeta(a, 0.5), Gamma.LogBeta(0.5, a));
        }
    }

    [Theory]
    [InlineData(2.5, 3.5, 0.3, 0.2967529892956663783235)]
    [InlineData(50, 60, 0.45, 0.4642352914306036286654)]
    [InlineData(0.5, 0.5, 0.01, 0.06376856085851984858279)]
    [InlineData(1000, 2, 0.999, 0.7353908495419277620207)]
    [InlineData(1e4, 1e4, 0.505, 1 - 0.0786470088816643197431)]
    public void IncompleteBetaMatchesReferences(double a, double b, double x, double expected)
    {
        (double lower, double upper) = IncompleteBeta.Both(a, b, x, 1 - x);
        Assert.Equal(expected, lower, 1e-12);
        Assert.Equal(1 - expected, upper, 1e-12);
        Assert.Equal(expected, IncompleteBeta.Regularized(a, b, x), 1e-12);
    }

    [Fact]
    public void IncompleteBetaIdentities()
    {
        foreach (double x in new[] { 1e-6, 0.05, 0.3, 0.5, 0.77, 0.999 })
        {
            // I_x(a, 1) = x^a and I_x(1, b) = 1 − (1 − x)^b.
            Assert.Equal(Math.Pow(x, 3.3), IncompleteBeta.Regularized(3.3, 1, x), 1e-14);
            Assert.Equal(1 - Math.Pow(1 - x, 4.5), IncompleteBeta.Regularized(1, 4.5, x), 1e-14);
            // Symmetry: I_x(a, b) = 1 − I_(1−x)(b, a).
            Assert.Equal(IncompleteBeta.Regularized(2.2, 7.1, x), IncompleteBeta.Both(7.1, 2.2, 1 - x, x).Upper, 1e-14);
        }
        Assert.Equal((0.0, 1.0), IncompleteBeta.Both(2, 3, 0, 1));
        Assert.Equal((1.0, 0.0), IncompleteBeta.Both(2, 3, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => IncompleteBeta.Regularized(0, 1, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => IncompleteBeta.Regularized(1, 1, 1.5));
    }

    [Fact]
    public void BetaQuantileInvertsTheCdf()
    {
        foreach ((double a, double b) in new[] { (0.5, 0.5), (1.0, 1.0), (2.0, 30.0), (951.0, 50.0), (3.0, 18.0), (0.3, 7.0) })
            foreach (double p in new[] { 1e-10, 0.025, 0.3, 0.5, 0.9, 0.975 })
            {
                double x = BetaDistribution.Quantile(p, a, b);
                Assert.True(Math.Abs(BetaDistribution.Cdf(x, a, b) - p) <= 1e-12 * Math.Max(p, 1e-3),
                    $"Beta({a}, {b}): x = {x:R} for p = {p}, F(x) = {BetaDistribution.Cdf(x, a, b):R}");
            }
        Assert.Equal(4.6374097462639025364e-7, BetaDistribution.Quantile(1e-10, 2, 30), 1e-12 * 4.6374097462639025364e-7);
        Assert.Equal(0.0, BetaDistribution.Quantile(0, 2, 3));
        Assert.Equal(1.0, BetaDistribution.Quantile(1, 2, 3));
    }
}
