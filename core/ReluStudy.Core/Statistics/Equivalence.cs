namespace ReluStudy.Core.Statistics;

/// <summary>
/// The two one-sided tests of |b − c| &lt; δ on a seed-clustered slope: p_lower = P(T_(S−1) ≥ (b̄ − (c − δ))/SE) tests
/// H0: b ≤ c − δ, p_upper = P(T_(S−1) ≤ (b̄ − (c + δ))/SE) tests H0: b ≥ c + δ, and p_TOST = max(p_lower, p_upper).
/// All p-values are NaN when the fit has no interval.
/// </summary>
public sealed record EquivalenceTest(double Center, double Margin, double PLower, double PUpper, ClusteredSlope Fit)
{
    /// <summary>p_TOST = max(p_lower, p_upper).</summary>
    public double P => double.IsNaN(PLower) || double.IsNaN(PUpper) ? double.NaN : Math.Max(PLower, PUpper);

    /// <summary>p_TOST ≤ α: both "below" and "above" are rejected, so b lies within c ± δ (false without an interval).</summary>
    public bool Equivalent(double alpha = 0.05) => P <= alpha;

    /// <summary>The 1 − 2α interval; <see cref="Equivalent"/> holds exactly when it lies inside (c − δ, c + δ).</summary>
    public (double Low, double High) Interval(double alpha = 0.05) => Fit.Interval(1 - 2 * alpha);
}

/// <summary>
/// Equivalence testing (TOST) on <see cref="ClusteredSlope"/>. Why: failing to reject "b = 0" is not evidence of
/// no trend — with few seeds almost nothing is rejected. To claim "no trend" (or "b equals the prediction") the
/// burden is reversed: both "b ≤ c − δ" and "b ≥ c + δ" must be rejected, so noisy data cannot pass by being noisy.
/// </summary>
public static class Equivalence
{
    /// <summary>TOST of no trend: |b| &lt; δ.</summary>
    public static EquivalenceTest NoTrend(ClusteredSlope fit, double margin) => Within(fit, 0, margin);

    /// <summary>TOST of |b − c| &lt; δ for a margin δ &gt; 0.</summary>
    public static EquivalenceTest Within(ClusteredSlope fit, double center, double margin)
    {
        if (!(margin > 0) || double.IsInfinity(margin)) throw new ArgumentOutOfRangeException(nameof(margin), margin, "the equivalence margin must be finite and > 0");
        if (!double.IsFinite(center)) throw new ArgumentOutOfRangeException(nameof(center), center, "the centre must be finite");
        if (!fit.HasInterval) return new EquivalenceTest(center, margin, double.NaN, double.NaN, fit);
        int df = fit.DegreesOfFreedom;
        double pLower = StudentT.Survival((fit.Estimate - (center - margin)) / fit.StandardError, df);
        double pUpper = StudentT.Cdf((fit.Estimate - (center + margin)) / fit.StandardError, df);
        return new EquivalenceTest(center, margin, pLower, pUpper, fit);
    }
}
