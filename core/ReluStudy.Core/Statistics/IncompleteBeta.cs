namespace ReluStudy.Core.Statistics;

/// <summary>
/// I_x(a, b) = B(x; a, b)/B(a, b) = ∫₀ˣ t^(a−1)(1 − t)^(b−1) dt / B(a, b), the regularized incomplete beta function,
/// by its continued fraction (Numerical Recipes' betacf) evaluated with the modified Lentz method. The fraction
/// converges fast for x &lt; (a + 1)/(a + b + 2); above that the symmetry I_x(a, b) = 1 − I_(1−x)(b, a) is used, so
/// whichever of I and 1 − I is small is computed directly and never as 1 minus something close to 1.
/// Accuracy: ~1e-15 relative when one of a, b is below 10 (the t distribution's b = ½, for any ν); when both are
/// large, the rounding of ln B(a, b) and a·ln x grows the error like ε·(a + b)·ln(a + b) (~2e-13 at a = b = 10⁴).
/// </summary>
public static class IncompleteBeta
{
    /// <summary>Lentz's guard against a zero denominator.</summary>
    private const double Tiny = 1e-300;
    /// <summary>Stop once a convergent changes the value by less than this factor.</summary>
    private const double Tolerance = 4e-16;
    /// <summary>The fraction needs O(√max(a, b)) terms; this is far beyond any a, b the product meets.</summary>
    private const int MaxIterations = 1_000_000;

    /// <summary>I_x(a, b) for a, b &gt; 0 and 0 ≤ x ≤ 1.</summary>
    public static double Regularized(double a, double b, double x) => Both(a, b, x, 1 - x).Lower;

    /// <summary>
    /// (I_x(a, b), 1 − I_x(a, b)) for a, b &gt; 0, given both x and y = 1 − x: a caller who knows y more accurately
    /// than 1 − x can be computed (the t distribution's y = t²/(ν + t²) near t = 0) passes it, and the small one of
    /// the pair keeps its full relative accuracy.
    /// </summary>
    public static (double Lower, double Upper) Both(double a, double b, double x, double y)
    {
        if (!(a > 0) || !(b > 0)) throw new ArgumentOutOfRangeException(nameof(a), $"I_x(a, b) needs a, b > 0; got a = {a}, b = {b}");
        if (!(x >= 0 && x <= 1) || !(y >= 0 && y <= 1))
            throw new ArgumentOutOfRangeException(nameof(x), $"I_x(a, b) needs 0 <= x <= 1 and y = 1 - x; got x = {x}, y = {y}");
        if (x == 0) return (0, 1);
        if (y == 0) return (1, 0);
        // x^a·y^b/B(a, b), in logs so that large a, b neither overflow nor underflow before the product is formed.
        // ln x for x near 1 is taken as ln(1 − y): Math.Log(x) would carry x's rounding (ε/y relative), and a·ln x
        // with a = ν/2 = 5e5 would turn that into an error of 1e-11 in I.
        double logX = x < 0.5 ? Math.Log(x) : Gamma.LogOnePlus(-y);
        double logY = y < 0.5 ? Math.Log(y) : Gamma.LogOnePlus(-x);
        double front = Math.Exp(a * logX + b * logY - Gamma.LogBeta(a, b));
        if (x < (a + 1) / (a + b + 2))
        {
            double lower = front * ContinuedFraction(a, b, x) / a;
            return (lower, 1 - lower);
        }
        double upper = front * ContinuedFraction(b, a, y) / b;
        return (1 - upper, upper);
    }

    /// <summary>
    /// I_x(a, b) = exp(logFront)·F(a, b, x)/a, F the continued fraction below, for a caller who can form
    /// logFront = ln(x^a·(1 − x)^b/B(a, b)) more accurately than the generic route (the t distribution with large ν).
    /// Converges fast for x &lt; (a + 1)/(a + b + 2).
    /// </summary>
    internal static double LowerFromLogFront(double a, double b, double x, double logFront) =>
        x == 0 ? 0 : Math.Exp(logFront) * ContinuedFraction(a, b, x) / a;

    /// <summary>
    /// The fraction 1/(1 + d₁/(1 + d₂/(1 + ...))) with d_(2m+1) = −(a + m)(a + b + m)x/((a + 2m)(a + 2m + 1)) and
    /// d_(2m) = m(b − m)x/((a + 2m − 1)(a + 2m)), so that I_x(a, b) = x^a·(1 − x)^b/(a·B(a, b)) times it.
    /// </summary>
    private static double ContinuedFraction(double a, double b, double x)
    {
        double qab = a + b, qap = a + 1, qam = a - 1;
        double c = 1, d = 1 - qab * x / qap;
        if (Math.Abs(d) < Tiny) d = Tiny;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= MaxIterations; m++)
        {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            if (Math.Abs(d) < Tiny) d = Tiny;
            c = 1 + aa / c;
            if (Math.Abs(c) < Tiny) c = Tiny;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            if (Math.Abs(d) < Tiny) d = Tiny;
            c = 1 + aa / c;
            if (Math.Abs(c) < Tiny) c = Tiny;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) <= Tolerance) return h;
        }
        throw new InvalidOperationException($"the incomplete beta continued fraction did not converge for a = {a}, b = {b}, x = {x}");
    }
}
