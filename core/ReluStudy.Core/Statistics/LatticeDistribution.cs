namespace ReluStudy.Core.Statistics;

/// <summary>
/// A distribution on the integers Offset, Offset + 1, ..., Offset + n − 1 (a statistic S in units of 1/Scale: S = value/Scale),
/// P(value = Offset + i) = Probabilities[i]. Tail sums are accumulated from the far end, so a p-value of 1e-20 is
/// the sum of the small terms and not 1 minus the sum of the large ones.
/// </summary>
public sealed class LatticeDistribution
{
    private readonly double[] _probabilities;
    private readonly double[] _atLeast;  // _atLeast[i] = Σ_(j ≥ i) p_j
    private readonly double[] _atMost;   // _atMost[i]  = Σ_(j ≤ i) p_j

    public LatticeDistribution(long offset, double[] probabilities, int scale = 1)
    {
        if (probabilities.Length == 0) throw new ArgumentException("a distribution needs at least one value", nameof(probabilities));
        if (scale < 1) throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be >= 1");
        Offset = offset;
        Scale = scale;
        _probabilities = (double[])probabilities.Clone();
        int n = _probabilities.Length;
        _atLeast = new double[n];
        _atMost = new double[n];
        double sum = 0;
        for (int i = n - 1; i >= 0; i--) _atLeast[i] = sum += _probabilities[i];
        sum = 0;
        for (int i = 0; i < n; i++) _atMost[i] = sum += _probabilities[i];
    }

    /// <summary>The smallest value (in units).</summary>
    public long Offset { get; }

    /// <summary>Units per unit of the statistic (2 for a statistic in halves).</summary>
    public int Scale { get; }

    public IReadOnlyList<double> Probabilities => _probabilities;

    /// <summary>The largest value (in units).</summary>
    public long Max => Offset + _probabilities.Length - 1;

    /// <summary>P(value = v).</summary>
    public double At(long units) => units < Offset || units > Max ? 0 : _probabilities[units - Offset];

    /// <summary>P(value ≥ v), at most 1.</summary>
    public double AtLeast(long units) => units <= Offset ? 1 : units > Max ? 0 : Math.Min(1, _atLeast[units - Offset]);

    /// <summary>P(value ≤ v), at most 1.</summary>
    public double AtMost(long units) => units >= Max ? 1 : units < Offset ? 0 : Math.Min(1, _atMost[units - Offset]);

    /// <summary>The smallest v with P(value ≥ v) ≤ α (Max + 1 when none): the critical value of an upper-tail test of size ≤ α.</summary>
    public long UpperCritical(double alpha)
    {
        for (long v = Offset; v <= Max; v++)
            if (AtLeast(v) <= alpha) return v;
        return Max + 1;
    }

    /// <summary>The distribution of the sum of independent draws from this and <paramref name="other"/> (same scale).</summary>
    public LatticeDistribution Convolve(LatticeDistribution other)
    {
        if (other.Scale != Scale) throw new ArgumentException($"cannot add statistics in units of 1/{Scale} and 1/{other.Scale}", nameof(other));
        return new LatticeDistribution(Offset + other.Offset, Convolve(_probabilities, other._probabilities), Scale);
    }

    /// <summary>c_k = Σ_i a_i·b_(k−i), skipping zeros (lattices of doubled ranks are half empty).</summary>
    internal static double[] Convolve(double[] a, double[] b)
    {
        var c = new double[a.Length + b.Length - 1];
        for (int i = 0; i < a.Length; i++)
        {
            double ai = a[i];
            if (ai == 0) continue;
            for (int j = 0; j < b.Length; j++) c[i + j] += ai * b[j];
        }
        return c;
    }
}
