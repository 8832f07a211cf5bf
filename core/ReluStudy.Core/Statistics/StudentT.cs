namespace ReluStudy.Core.Statistics;

/// <summary>
/// Student's t with ν &gt; 0 degrees of freedom (real ν): P(|T| ≥ |t|) = I_x(ν/2, ½) with x = ν/(ν + t²), so
/// F(t) = 1 − ½·I_x(ν/2, ½) for t ≥ 0 and ½·I_x(ν/2, ½) for t &lt; 0; the quantile solves F(t) = p by Newton steps
/// kept inside a bisection bracket. Both tails are computed directly (never as 1 − F), so a p-value of 1e-12 keeps
/// ~12 significant digits; tests demand 1e-12 of the CDF and 1e-10 of quantiles against 40-digit references.
/// </summary>
public static class StudentT
{
    private const int MaxIterations = 500;
    public const double MaxDegreesOfFreedom = 1e10;

    /// <summary>F(t) = P(T ≤ t).</summary>
    public static double Cdf(double t, double nu)
    {
        if (double.IsNaN(t)) return double.NaN;
        (double twoSided, double rest) = Tails(t, nu);
        return t < 0 ? 0.5 * twoSided : 0.5 + 0.5 * rest;
    }

    /// <summary>P(T &gt; t) = F(−t), the upper tail, accurate when small.</summary>
    public static double Survival(double t, double nu) => Cdf(-t, nu);

    /// <summary>P(|T| ≥ |t|) = I_x(ν/2, ½), x = ν/(ν + t²): the two-sided p-value of an observed t.</summary>
    public static double TwoSidedP(double t, double nu) => double.IsNaN(t) ? double.NaN : Tails(t, nu).TwoSided;

    /// <summary>f(t) = (1 + t²/ν)^(−(ν+1)/2) / (√ν·B(ν/2, ½)).</summary>
    public static double Density(double t, double nu)
    {
        CheckNu(nu);
        double a = Math.Abs(t);
        // ln(1 + t²/ν), without overflowing t² for huge t.
        double log = a > 1e100 ? 2 * Math.Log(a) - Math.Log(nu) : Gamma.LogOnePlus(a * a / nu);
        return Math.Exp(-0.5 * (nu + 1) * log - 0.5 * Math.Log(nu) - Gamma.LogBeta(0.5 * nu, 0.5));
    }

    /// <summary>The t with F(t) = p (−∞ at p = 0, +∞ at p = 1).</summary>
    public static double Quantile(double p, double nu)
    {
        CheckNu(nu);
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "a probability must lie in [0, 1]");
        if (p == 0) return double.NegativeInfinity;
        if (p == 1) return double.PositiveInfinity;
        if (p == 0.5) return 0;
        // By symmetry solve for the positive t with P(|T| ≥ t) = 2·min(p, 1 − p) (exact in floating point), or, near
        // the centre, with P(|T| < t) = |2p − 1| (also exact): the smaller of the two is matched, so a quantile near 0
        // keeps its relative accuracy instead of being read off a p-value that differs from 1 in the last bits.
        double centre = Math.Abs(2 * p - 1);
        double t = centre < 0.5 ? UpperPoint(centre, nu, central: true) : UpperPoint(2 * Math.Min(p, 1 - p), nu, central: false);
        return p < 0.5 ? -t : t;
    }

    /// <summary>The t &gt; 0 with P(|T| &lt; t) = target when <paramref name="central"/>, else with P(|T| ≥ t) = target; 0 &lt; target &lt; 1.</summary>
    private static double UpperPoint(double target, double nu, bool central)
    {
        // g(t) = P(|T| ≥ t) − target falls with t (or target − P(|T| < t), the same function); its derivative is −2 f(t).
        double G(double t)
        {
            (double twoSided, double rest) = Tails(t, nu);
            return central ? target - rest : twoSided - target;
        }
        // Bracket by doubling: for ν = 1 a two-sided target of 1e-300 is passed near t = 1e300.
        double lo = 0, hi = 1;
        while (G(hi) > 0)
        {
            lo = hi;
            hi *= 2;
            if (double.IsInfinity(hi)) return double.PositiveInfinity;
        }
        double t = hi;
        for (int i = 0; i < MaxIterations; i++)
        {
            double g = G(t);
            if (g == 0) return t;
            if (g > 0) lo = t;
            else hi = t;
            double next = t + g / (2 * Density(t, nu));
            // Newton while it stays strictly inside the bracket, else bisection (geometric across orders of magnitude).
            if (!(next > lo && next < hi))
                next = lo > 0 && hi / lo > 4 ? Math.Sqrt(lo * hi) : lo == 0 ? hi / 16 : 0.5 * (lo + hi);
            if (Math.Abs(next - t) <= 1e-15 * next || hi - lo <= 1e-15 * hi) return next;
            t = next;
        }
        return t;
    }

    /// <summary>(P(|T| ≥ |t|), P(|T| &lt; |t|)), the smaller of the two computed directly.</summary>
    private static (double TwoSided, double Central) Tails(double t, double nu)
    {
        CheckNu(nu);
        double a = Math.Abs(t), half = 0.5 * nu;
        if (double.IsPositiveInfinity(a)) return (0, 1);
        // x = ν/(ν + t²), y = t²/(ν + t²) = 1 − x, ln x and r = √(ν + t²), each without cancellation or overflowing t².
        double x, y, logX, r;
        if (a * a <= nu)
        {
            double s = a * a / nu;
            (x, y, logX, r) = (1 / (1 + s), s / (1 + s), -Gamma.LogOnePlus(s), Math.Sqrt(nu) * Math.Sqrt(1 + s));
        }
        else
        {
            double s = nu / a / a;
            (x, y, logX, r) = (s / (1 + s), 1 / (1 + s), Math.Log(nu) - 2 * Math.Log(a) - Gamma.LogOnePlus(s), a * Math.Sqrt(1 + s));
        }
        // Near t = 0 the central part P(|T| < t) = I_y(½, ν/2) is the small one; the fraction takes it directly there.
        if (x >= (half + 1) / (half + 2.5))
        {
            double central = IncompleteBeta.Both(half, 0.5, x, y).Upper;
            if (central <= 0.5) return (1 - central, central);
        }
        // The tails from P(T > |t|) = I_z(ν/2, ν/2), z = (1 − t/r)/2 = ν/(2r(r + |t|)), rather than from
        // I_x(ν/2, ½): for large ν that fraction at x ≈ 1 loses ~ε·ν in rounding (1e-10 at ν = 1e6), while this one, with
        // equal parameters, z ≤ ½ and the prefactor (4z(1 − z))^(ν/2)/(4^(ν/2)·B) = x^(ν/2)/(4^(ν/2)·B) formed from ln x and
        // Stirling's series, stays within ~1e-12 for ν up to 1e8.
        double z = nu / r / (r + a) / 2;
        double tail = IncompleteBeta.LowerFromLogFront(half, half, z, half * logX - Gamma.LogCentralBeta(half));
        return (2 * tail, 1 - 2 * tail);
    }

    private static void CheckNu(double nu)
    {
        // Above 1e10 the fraction would need ~10⁵ terms, and t is the normal distribution to 1e-10 anyway.
        if (!(nu > 0 && nu <= MaxDegreesOfFreedom))
            throw new ArgumentOutOfRangeException(nameof(nu), nu, $"Student's t needs degrees of freedom 0 < ν <= {MaxDegreesOfFreedom:g0}");
    }
}
