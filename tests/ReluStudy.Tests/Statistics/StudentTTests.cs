using ReluStudy.Core.Statistics;

namespace ReluStudy.Tests.Statistics;

/// <summary>Student's t against published quantiles, closed forms (ν = 1, 2, 3) and 40-digit references (mpmath).</summary>
public class StudentTTests
{
    [Theory]
    [InlineData(0.975, 1, 12.70620474)]
    [InlineData(0.975, 2, 4.30265273)]
    [InlineData(0.975, 4, 2.77644511)]
    [InlineData(0.975, 10, 2.22813885)]
    [InlineData(0.95, 2, 2.91998558)]
    public void QuantilesMatchTheTables(double p, double nu, double expected) =>
        Assert.Equal(expected, StudentT.Quantile(p, nu), 1e-8);

    [Theory]
    [InlineData(0.975, 1, 12.706204736174693314)]
    [InlineData(0.975, 2, 4.3026527297494617894)]
    [InlineData(0.975, 4, 2.7764451051977934898)]
    [InlineData(0.975, 10, 2.2281388519862742245)]
    [InlineData(0.95, 2, 2.9199855803537241703)]
    [InlineData(0.975, 30, 2.0422724563012378878)]
    [InlineData(0.995, 5, 4.0321429835552271793)]
    [InlineData(0.999, 1, 318.3088389855501632)]
    [InlineData(0.975, 2.5, 3.5746548420036817607)]
    [InlineData(0.9, 1.5, 2.1963984175655377638)]
    [InlineData(0.975, 1000, 1.9623390808264081039)]
    [InlineData(0.975, 1e6, 1.9599663568141066553)]
    [InlineData(1 - 1e-10, 3, 2225.7692232960747425)]
    [InlineData(1e-12, 7, -104.02182926264720445)]
    [InlineData(0.6, 3, 0.27667066233268984701)]
    [InlineData(0.5000001, 5, 2.6343055227537268418e-7)]
    [InlineData(0.025, 2, -4.3026527297494637234)]
    [InlineData(0.05, 1, -6.3137515146750427427)]
    public void QuantilesMatchHighPrecisionReferencesToTenDigits(double p, double nu, double expected)
    {
        double q = StudentT.Quantile(p, nu);
        Assert.True(Math.Abs(q - expected) <= 1e-10 * Math.Abs(expected), $"t_{p}({nu}) = {q:R}, reference {expected:R}, relative error {Math.Abs(q / expected - 1):g3}");
    }

    [Theory]
    [InlineData(0.1, 3.7, 0.53723736626490487617)]
    [InlineData(-2.5, 3.7, 0.035911011455913386391)]
    [InlineData(40, 1.3, 0.99713435572763328694)]
    [InlineData(1e-8, 5, 0.50000000379606689822)]
    [InlineData(7, 50, 0.99999999699953188557)]
    [InlineData(-30, 10, 1.9808961710156621352e-11)]
    [InlineData(3, 1e4, 0.99864677590500116686)]
    [InlineData(-1e5, 2, 4.9999999992500000001e-11)]
    [InlineData(2, 1e6, 0.97724973307434039579)]
    [InlineData(-3, 1e8, 0.0013498983640187471935)]
    [InlineData(-1, 1e7, 0.15865526602999297491)]
    [InlineData(-0.5, 1e5, 0.30853808882720901947)]
    [InlineData(-1e6, 2.5, 7.1933971908142384634e-16)]
    [InlineData(-1e100, 1, 3.1830988618379066648e-101)]
    public void CdfMatchesHighPrecisionReferences(double t, double nu, double expected)
    {
        double f = StudentT.Cdf(t, nu);
        // Lower tails to relative accuracy; upper values to absolute accuracy (their complement is the accurate one).
        double error = Math.Abs(f - expected) / Math.Min(1, Math.Abs(expected));
        Assert.True(error <= 1e-12, $"F({t}; {nu}) = {f:R}, reference {expected:R}, error {error:g3}");
        Assert.Equal(1 - expected, StudentT.Survival(t, nu), 1e-14);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1.5)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(1e5)]
    public void TheCdfIsOneHalfAtZero(double nu)
    {
        Assert.Equal(0.5, StudentT.Cdf(0, nu));
        Assert.Equal(1.0, StudentT.TwoSidedP(0, nu));
        Assert.Equal(0.0, StudentT.Quantile(0.5, nu));
    }

    private static readonly double[] Grid = [-1e8, -1e3, -50, -3, -1, -0.25, -1e-9, 0, 1e-9, 0.25, 1, 3, 50, 1e3, 1e8];

    [Fact]
    public void OneDegreeOfFreedomIsCauchy()
    {
        foreach (double t in Grid)
        {
            // F(t) = ½ + atan(t)/π; for t < 0 that is atan(1/|t|)/π, which keeps the small tail's relative accuracy.
            double expected = t < 0 ? Math.Atan(-1 / t) / Math.PI : 0.5 + Math.Atan(t) / Math.PI;
            AssertClose(expected, StudentT.Cdf(t, 1), $"Cauchy F({t})");
        }
    }

    [Fact]
    public void TwoDegreesOfFreedomHaveTheirClosedForm()
    {
        foreach (double t in Grid)
        {
            // F(t) = ½ + t/(2√(2 + t²)); for t < 0 rewritten as 1/(√(2 + t²)(√(2 + t²) + |t|)) to avoid cancellation.
            double r = Math.Sqrt(2 + t * t);
            double expected = t < 0 ? 1 / (r * (r - t)) : 0.5 + t / (2 * r);
            AssertClose(expected, StudentT.Cdf(t, 2), $"ν = 2 F({t})");
        }
    }

    [Fact]
    public void ThreeDegreesOfFreedomHaveTheirClosedForm()
    {
        foreach (double t in Grid.Where(t => Math.Abs(t) <= 50))
        {
            // F(t) = ½ + [t/(√3(1 + t²/3)) + atan(t/√3)]/π.
            double expected = 0.5 + (t / (Math.Sqrt(3) * (1 + t * t / 3)) + Math.Atan(t / Math.Sqrt(3))) / Math.PI;
            Assert.Equal(expected, StudentT.Cdf(t, 3), 1e-13);
        }
    }

    [Fact]
    public void QuantileInvertsTheCdfAcrossDegreesOfFreedomAndTails()
    {
        double[] nus = [1, 1.5, 2, 3, 7.5, 30, 1e3, 1e6];
        double[] ps = [1e-12, 1e-6, 0.01, 0.3, 0.5 - 1e-9, 0.5 + 1e-9, 0.9, 0.999999];
        foreach (double nu in nus)
            foreach (double p in ps)
            {
                double t = StudentT.Quantile(p, nu);
                // Compare in the tail that is small, where both p and the CDF have full relative accuracy.
                double back = p < 0.5 ? StudentT.Cdf(t, nu) : StudentT.Survival(t, nu);
                double target = p < 0.5 ? p : 1 - p;
                double tol = Math.Abs(p - 0.5) < 1e-6 ? 1e-14 : 1e-11 * target;
                Assert.True(Math.Abs(back - target) <= tol, $"ν = {nu}, p = {p}: t = {t:R}, F(t) back = {back:R}");
                // Symmetry, at a p whose complement is exact in floating point (1 − 1e-12 is not).
                double pm = 1 - p;
                Assert.Equal(-StudentT.Quantile(1 - pm, nu), StudentT.Quantile(pm, nu));
            }
    }

    [Fact]
    public void DensityIntegratesToTheCdf()
    {
        // Simpson's rule on [−2, 1.5] for ν = 2.7.
        const double nu = 2.7, a = -2, b = 1.5;
        const int n = 2000;
        double h = (b - a) / n, sum = StudentT.Density(a, nu) + StudentT.Density(b, nu);
        for (int i = 1; i < n; i++) sum += (i % 2 == 1 ? 4 : 2) * StudentT.Density(a + i * h, nu);
        Assert.Equal(StudentT.Cdf(b, nu) - StudentT.Cdf(a, nu), sum * h / 3, 1e-12);
    }

    [Fact]
    public void EdgesAndBadArguments()
    {
        Assert.Equal(double.PositiveInfinity, StudentT.Quantile(1, 3));
        Assert.Equal(double.NegativeInfinity, StudentT.Quantile(0, 3));
        Assert.Equal(1.0, StudentT.Cdf(double.PositiveInfinity, 3));
        Assert.Equal(0.0, StudentT.Cdf(double.NegativeInfinity, 3));
        Assert.True(double.IsNaN(StudentT.Cdf(double.NaN, 3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Cdf(1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Cdf(1, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Cdf(1, 1e11));
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Quantile(1.5, 3));
    }

    private static void AssertClose(double expected, double actual, string what)
    {
        double error = Math.Abs(actual - expected) / Math.Min(1, Math.Abs(expected));
        Assert.True(error <= 1e-13, $"{what} = {actual:R}, expected {expected:R}, error {error:g3}");
    }
}
