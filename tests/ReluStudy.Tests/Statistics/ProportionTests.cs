using ReluStudy.Core.Statistics;

namespace ReluStudy.Tests.Statistics;

/// <summary>The Clopper–Pearson interval against references (mpmath), closed forms at 0 and n, and its exact coverage.</summary>
public class ProportionTests
{
    [Fact]
    public void MatchesReferenceIntervals()
    {
        Proportion p = Proportion.Of(951, 1000);
        Assert.Equal(0.93573394685983034481, p.Low, 1e-10);
        Assert.Equal(0.96353294082795218985, p.High, 1e-10);
        Assert.Equal(0.951, p.Rate);
        Assert.Equal("951 of 1000 (95.1 %, 95 % CI [93.6, 96.4])", p.Describe());

        Proportion q = Proportion.Of(3, 20);
        Assert.Equal(0.032070937185463706275, q.Low, 1e-10);
        Assert.Equal(0.37892682654531389676, q.High, 1e-10);
    }

    [Fact]
    public void NoneAndAllHaveClosedForms()
    {
        // k = 0: high solves (1 − p)^n = α/2; k = n: low solves p^n = α/2.
        Proportion none = Proportion.Of(0, 10), all = Proportion.Of(10, 10);
        Assert.Equal(0.0, none.Low);
        Assert.Equal(1 - Math.Pow(0.025, 0.1), none.High, 1e-12);
        Assert.Equal(Math.Pow(0.025, 0.1), all.Low, 1e-12);
        Assert.Equal(1.0, all.High);
    }

    [Theory]
    [InlineData(50, 0.3)]
    [InlineData(200, 0.05)]
    [InlineData(1000, 0.95)]
    public void CoversAtLeastTheStatedLevelExactly(int n, double rate)
    {
        // Σ_k P(Bin(n, rate) = k)·1{rate ∈ CI(k)}, summed exactly over k: Clopper–Pearson never covers less than 95 %.
        double coverage = 0;
        for (int k = 0; k <= n; k++)
        {
            double logPmf = Gamma.Log(n + 1) - Gamma.Log(k + 1) - Gamma.Log(n - k + 1) + k * Math.Log(rate) + (n - k) * Math.Log(1 - rate);
            if (Proportion.Of(k, n).Contains(rate)) coverage += Math.Exp(logPmf);
        }
        Assert.InRange(coverage, 0.95, 1.0);
    }

    [Fact]
    public void RefusesNonsense()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Proportion.Of(1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Proportion.Of(5, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => Proportion.Of(1, 4, 1.0));
    }
}
