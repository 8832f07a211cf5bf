namespace ReluStudy.Core.Statistics;

/// <summary>
/// The outcome of Benjamini–Hochberg at level q, in the order of the inputs: <see cref="Adjusted"/>[i] (NaN for an
/// excluded input), <see cref="Rejected"/>[i], and the indices of inputs that were NaN or null (not counted in m).
/// </summary>
public sealed record MultipleTestResult(double Level, int Tested, IReadOnlyList<double> Adjusted, IReadOnlyList<bool> Rejected,
    IReadOnlyList<int> Excluded)
{
    public int RejectedCount => Rejected.Count(r => r);
}

/// <summary>
/// Benjamini–Hochberg step-up: with the m valid p-values sorted, p_(1) ≤ ... ≤ p_(m), reject the i smallest for the
/// largest i with p_(i) ≤ i·q/m; adjusted p_(i) = min(1, min_(j ≥ i) m·p_(j)/j), so p_adj ≤ q exactly when rejected.
/// Why this procedure: a study checks many claims at once, and at 5 % each, 15 true claims would raise at least
/// one false "inconsistent" in 54 % of studies; BH keeps the expected share of false rejections among rejections at
/// q (for independent or positively dependent p-values), which for a study whose claims are all true is the chance
/// of any false alarm.
/// </summary>
public static class BenjaminiHochberg
{
    /// <summary>BH over <paramref name="pValues"/>; NaN entries are excluded (a test that could not be run).</summary>
    public static MultipleTestResult Adjust(IReadOnlyList<double> pValues, double q = 0.05) =>
        Adjust(pValues.Select(p => double.IsNaN(p) ? (double?)null : p).ToArray(), q);

    /// <summary>BH over <paramref name="pValues"/>; null and NaN entries are excluded and listed.</summary>
    public static MultipleTestResult Adjust(IReadOnlyList<double?> pValues, double q = 0.05)
    {
        if (!(q > 0 && q < 1)) throw new ArgumentOutOfRangeException(nameof(q), q, "the false discovery rate q must lie in (0, 1)");
        var excluded = new List<int>();
        var valid = new List<int>();
        for (int i = 0; i < pValues.Count; i++)
        {
            double? p = pValues[i];
            if (p is null || double.IsNaN(p.Value)) excluded.Add(i);
            else if (p.Value < 0 || p.Value > 1) throw new ArgumentOutOfRangeException(nameof(pValues), p.Value, $"p-value {i} lies outside [0, 1]");
            else valid.Add(i);
        }
        var adjusted = Enumerable.Repeat(double.NaN, pValues.Count).ToArray();
        var rejected = new bool[pValues.Count];
        int m = valid.Count;
        // Stable sort by p: ties keep input order; it does not matter, as tied p-values share their adjusted value.
        int[] order = valid.OrderBy(i => pValues[i]!.Value).ToArray();
        double running = 1;
        for (int rank = m; rank >= 1; rank--)
        {
            double p = pValues[order[rank - 1]]!.Value;
            // m·p/m is p, but not always in floating point; the largest p-value's adjusted value is itself.
            running = Math.Min(running, rank == m ? p : m * p / rank);
            adjusted[order[rank - 1]] = running;
        }
        // The step-up cut from the definition, not from p_adj ≤ q, so that rounding in m·p/i cannot move the boundary.
        int cut = 0;
        for (int rank = m; rank >= 1; rank--)
            if (pValues[order[rank - 1]]!.Value <= rank * q / m)
            {
                cut = rank;
                break;
            }
        for (int rank = 1; rank <= cut; rank++) rejected[order[rank - 1]] = true;
        return new MultipleTestResult(q, m, adjusted, rejected, excluded);
    }
}
