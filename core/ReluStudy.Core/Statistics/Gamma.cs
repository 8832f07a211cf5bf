namespace ReluStudy.Core.Statistics;

/// <summary>
/// ln Γ(x) for x &gt; 0 and ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b): Lanczos (g = 7, 9 terms) below 10, Stirling's
/// series above. The Beta function of one large and one small argument (the t distribution's B(ν/2, ½) for large ν)
/// is taken as a difference of Stirling series, because ln Γ(a) − ln Γ(a + b) computed from two large numbers would
/// lose ~|ln Γ(a)|·ε to cancellation (1e-9 at ν = 1e6).
/// </summary>
public static class Gamma
{
    private static readonly double[] LanczosCoefficients =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    private const double HalfLogTwoPi = 0.91893853320467274178;

    /// <summary>Below this Lanczos is used; at and above it Stirling's series with terms to x⁻¹¹ (error &lt; 1e-15).</summary>
    private const double StirlingFrom = 10;

    /// <summary>ln Γ(x) for x &gt; 0 (NaN otherwise).</summary>
    public static double Log(double x)
    {
        if (!(x > 0)) return double.NaN;
        if (double.IsPositiveInfinity(x)) return double.PositiveInfinity;
        if (x >= StirlingFrom) return (x - 0.5) * Math.Log(x) - x + HalfLogTwoPi + StirlingCorrection(x);
        // Lanczos is written for Γ(z + 1); shifting small x up keeps its relative accuracy near 0.
        if (x < 0.5) return LanczosLogGammaOfOnePlus(x) - Math.Log(x);
        return LanczosLogGammaOfOnePlus(x - 1);
    }

    /// <summary>ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b) for a, b &gt; 0.</summary>
    public static double LogBeta(double a, double b)
    {
        if (!(a > 0) || !(b > 0)) return double.NaN;
        double big = Math.Max(a, b), small = Math.Min(a, b);
        if (big < StirlingFrom) return Log(a) + Log(b) - Log(a + b);
        // ln Γ(big) − ln Γ(big + small) = −(big − ½)·log1p(small/big) − small·ln(big + small) + small + δ(big) − δ(big + small):
        // no two large numbers are subtracted.
        return Log(small) - (big - 0.5) * LogOnePlus(small / big) - small * Math.Log(big + small) + small
            + StirlingCorrection(big) - StirlingCorrection(big + small);
    }

    /// <summary>
    /// ln(4^a·B(a, a)) = ln B(a, a) + 2a·ln 2. For a ≥ 10 it is ½·ln(4π/a) + 2δ(a) − δ(2a) by Stirling's series, with
    /// no large terms at all (ln B(a, a) alone is ≈ −1.39a and would cost ε·a of accuracy).
    /// </summary>
    internal static double LogCentralBeta(double a) =>
        a >= StirlingFrom ? 0.5 * Math.Log(4 * Math.PI / a) + 2 * StirlingCorrection(a) - StirlingCorrection(2 * a)
            : LogBeta(a, a) + 2 * a * Math.Log(2);

    /// <summary>ln(1 + u), accurate for small u (Math has no log1p).</summary>
    internal static double LogOnePlus(double u)
    {
        // Goldberg's trick: the rounding of 1 + u is divided back out.
        double w = 1 + u;
        return w == 1 ? u : Math.Log(w) * u / (w - 1);
    }

    /// <summary>δ(x) = ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π] = 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷) + 1/(1188x⁹) − 691/(360360x¹¹).</summary>
    private static double StirlingCorrection(double x)
    {
        double inv = 1 / x, inv2 = inv * inv;
        return inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 * (1.0 / 1680 - inv2 * (1.0 / 1188 - inv2 * (691.0 / 360360))))));
    }

    /// <summary>ln Γ(1 + z) for z ≥ −½ by Lanczos' approximation, g = 7 (relative error in Γ ≈ 1e-15).</summary>
    private static double LanczosLogGammaOfOnePlus(double z)
    {
        double sum = LanczosCoefficients[0];
        for (int i = 1; i < LanczosCoefficients.Length; i++) sum += LanczosCoefficients[i] / (z + i);
        double t = z + 7.5;
        return HalfLogTwoPi + (z + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }
}
