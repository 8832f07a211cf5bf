namespace ReluStudy.Core.Statistics;

/// <summary>
/// The Beta(a, b) distribution: F(x) = I_x(a, b), f(x) = x^(a−1)(1 − x)^(b−1)/B(a, b), and the quantile F⁻¹(p)
/// by Newton's method kept inside a bisection bracket (Newton alone can leave [0, 1] where f is flat or steep).
/// Used for the Clopper–Pearson binomial interval.
/// </summary>
public static class BetaDistribution
{
    private const int MaxIterations = 400;

    /// <summary>F(x) = I_x(a, b).</summary>
    public static double Cdf(double x, double a, double b) =>
        x <= 0 ? 0 : x >= 1 ? 1 : IncompleteBeta.Regularized(a, b, x);

    /// <summary>f(x) = x^(a−1)(1 − x)^(b−1)/B(a, b) on (0, 1).</summary>
    public static double Density(double x, double a, double b) =>
        x <= 0 || x >= 1 ? 0 : Math.Exp((a - 1) * Math.Log(x) + (b - 1) * Math.Log(1 - x) - Gamma.LogBeta(a, b));

    /// <summary>The x with I_x(a, b) = p, for 0 ≤ p ≤ 1 (tests: F(x) within 1e-12·max(p, 1e-3) of p).</summary>
    public static double Quantile(double p, double a, double b)
    {
        if (!(a > 0) || !(b > 0)) throw new ArgumentOutOfRangeException(nameof(a), $"Beta(a, b) needs a, b > 0; got a = {a}, b = {b}");
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "a probability must lie in [0, 1]");
        if (p == 0) return 0;
        if (p == 1) return 1;
        // Solve in the lower tail, where x is small and keeps its relative accuracy: I_x(a, b) = p ⇔ I_(1−x)(b, a) = 1 − p.
        if (p > 0.5) return 1 - LowerQuantile(1 - p, b, a);
        return LowerQuantile(p, a, b);
    }

    private static double LowerQuantile(double p, double a, double b)
    {
        double lo = 0, hi = 1;
        double x = a / (a + b);
        for (int i = 0; i < MaxIterations; i++)
        {
            double f = IncompleteBeta.Both(a, b, x, 1 - x).Lower - p;
            if (f == 0) return x;
            if (f < 0) lo = x;
            else hi = x;
            double density = Density(x, a, b);
            double next = density > 0 ? x - f / density : double.NaN;
            // Newton when it stays strictly inside the bracket; otherwise bisect (geometrically when the bracket
            // spans orders of magnitude, since a quantile near 0 would take ~1000 arithmetic halvings).
            if (!(next > lo && next < hi))
                next = lo == 0 ? hi / 16 : hi / lo > 4 ? Math.Sqrt(lo * hi) : 0.5 * (lo + hi);
            if (Math.Abs(next - x) <= 1e-15 * x || hi - lo <= 1e-15 * hi) return next;
            x = next;
        }
        return x;
    }
}
