using System.Globalization;

namespace ReluStudy.Core.Statistics;

/// <summary>One seed's least-squares slope b_s over its own points (at ≥ 2 distinct x).</summary>
public sealed record SeedSlope(ulong Seed, double Slope, int Points);

/// <summary>
/// The seed-clustered slope: b̄ = (1/S) Σ_s b_s, SE = sd(b_s)/√S, and the t interval b̄ ± t_(1−α/2; S−1)·SE.
/// <see cref="NoInterval"/> says why there is no interval (fewer than 2 seeds with a slope, or a spread between
/// seeds at rounding level); then <see cref="Low"/>, <see cref="High"/> and every p-value are NaN.
/// <see cref="PooledSlope"/>/<see cref="PooledIntercept"/> are the ordinary least-squares line through all points
/// (for drawing; its naive standard error would ignore that a seed's points move together, so none is given).
/// </summary>
public sealed record ClusteredSlope(
    double Estimate, double StandardError, int DegreesOfFreedom, double Low, double High, double Confidence,
    IReadOnlyList<SeedSlope> PerSeed, IReadOnlyList<ulong> SeedsWithoutSlope,
    double PooledIntercept, double PooledSlope, int Points, int Excluded, string? NoInterval)
{
    /// <summary>S, the number of seeds that gave a slope.</summary>
    public int Seeds => PerSeed.Count;

    public bool HasInterval => NoInterval is null;

    /// <summary>t = (b̄ − b*)/SE, on S − 1 degrees of freedom (NaN without an interval).</summary>
    public double T(double bStar) => HasInterval ? (Estimate - bStar) / StandardError : double.NaN;

    /// <summary>The two-sided p-value of H0: b = b*, P(|T_(S−1)| ≥ |t|) (NaN without an interval).</summary>
    public double PValue(double bStar) => HasInterval ? StudentT.TwoSidedP(T(bStar), DegreesOfFreedom) : double.NaN;

    /// <summary>b̄ ∓ t_(1−α/2; S−1)·SE at another two-sided <paramref name="confidence"/> ((NaN, NaN) without an interval).</summary>
    public (double Low, double High) Interval(double confidence)
    {
        if (!(confidence > 0 && confidence < 1)) throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "confidence must lie in (0, 1)");
        if (!HasInterval) return (double.NaN, double.NaN);
        double half = StudentT.Quantile(0.5 + 0.5 * confidence, DegreesOfFreedom) * StandardError;
        return (Estimate - half, Estimate + half);
    }

    /// <summary>"b = -0.512, 95 % CI [-0.540, -0.484] (t, 2 df, 3 seeds)" or "b = -0.512 from 1 seed: no interval (...)".</summary>
    public string Describe()
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        string b = $"b = {Estimate.ToString("0.###", c)}";
        return HasInterval
            ? $"{b}, {(100 * Confidence).ToString("0.#", c)} % CI [{Low.ToString("0.###", c)}, {High.ToString("0.###", c)}] (t, {DegreesOfFreedom} df, {Seeds} seeds)"
            : $"{b} from {Seeds} seed{(Seeds == 1 ? "" : "s")}: no interval ({NoInterval})";
    }
}

/// <summary>
/// Per-seed fits with a t interval: each seed's points get their own least-squares line, and the seeds' slopes b_s
/// are treated as S independent draws of the quantity the theorem is about. Why: the points of one seed share the
/// seed's initialisation and data order, so they are not independent; a fit through all points that counts them as
/// independent (or a bootstrap over 3 seeds, which has 10 distinct resamples) makes intervals far too narrow. The
/// seed is the unit of replication, so the interval is a one-sample t interval over seeds with S − 1 degrees of
/// freedom — exact when the b_s are normal, whatever the structure within a seed.
/// </summary>
public static class SeedSlopeFit
{
    public const double DefaultConfidence = 0.95;

    /// <summary>
    /// A spread of the b_s below 64 machine epsilons (2⁻⁵² each) of the slopes' scale, max|b_s| + max|v|/(max u − min u),
    /// counts as none: least squares computes a slope to about ε·|v|/(range of u), so noiseless data give b_s that differ
    /// only by rounding, and a t interval built on that would be a point of no meaning.
    /// </summary>
    private const double RoundingSpread = 64 * 2.220446049250313e-16;

    /// <summary>
    /// log y = a + b·log x per seed, for a power law y ∝ x^b: points with x ≤ 0, y ≤ 0 or either non-finite are left
    /// out (counted in <see cref="ClusteredSlope.Excluded"/>), as the logarithm is undefined there.
    /// </summary>
    public static ClusteredSlope PowerLaw(IReadOnlyList<double> x, IReadOnlyList<ulong> seed, IReadOnlyList<double> y,
        double confidence = DefaultConfidence)
    {
        CheckLengths(x, seed, y);
        var u = new double[x.Count];
        var v = new double[x.Count];
        for (int i = 0; i < x.Count; i++)
        {
            bool usable = x[i] > 0 && y[i] > 0 && double.IsFinite(x[i]) && double.IsFinite(y[i]);
            u[i] = usable ? Math.Log(x[i]) : double.NaN;
            v[i] = usable ? Math.Log(y[i]) : double.NaN;
        }
        return Line(u, seed, v, confidence);
    }

    /// <summary>v = a + b·u per seed, on the scale given (non-finite points are left out and counted).</summary>
    public static ClusteredSlope Line(IReadOnlyList<double> u, IReadOnlyList<ulong> seed, IReadOnlyList<double> v,
        double confidence = DefaultConfidence)
    {
        CheckLengths(u, seed, v);
        if (!(confidence > 0 && confidence < 1)) throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "confidence must lie in (0, 1)");
        // Points in a canonical order (seed, u, v), so that every sum — and so every last bit of the result — is the
        // same whatever order the runs were read in.
        List<int> used = Enumerable.Range(0, u.Count).Where(i => double.IsFinite(u[i]) && double.IsFinite(v[i]))
            .OrderBy(i => seed[i]).ThenBy(i => u[i]).ThenBy(i => v[i]).ToList();
        int excluded = u.Count - used.Count;

        var perSeed = new List<SeedSlope>();
        var without = new List<ulong>();
        foreach (IGrouping<ulong, int> group in used.GroupBy(i => seed[i]))
        {
            int[] idx = group.ToArray();
            double slope = Slope(idx, u, v).Slope;
            if (double.IsFinite(slope)) perSeed.Add(new SeedSlope(group.Key, slope, idx.Length));
            else without.Add(group.Key);
        }
        (double pooledIntercept, double pooledSlope) = Slope(used.ToArray(), u, v);

        int s = perSeed.Count;
        double mean = s == 0 ? double.NaN : perSeed.Sum(p => p.Slope) / s;
        double sd = s < 2 ? double.NaN : Math.Sqrt(perSeed.Sum(p => (p.Slope - mean) * (p.Slope - mean)) / (s - 1));
        double se = sd / Math.Sqrt(s);
        string? noInterval = s switch
        {
            0 => "no seed has points at 2 distinct x",
            1 => "1 seed: the spread between seeds is unknown",
            _ when sd <= RoundingSpread * SlopeScale(perSeed, used, u, v) =>
                $"all {s} seeds give the same slope to rounding: the spread between seeds is zero and a t interval would be a point",
            _ => null,
        };
        double low = double.NaN, high = double.NaN;
        if (noInterval is null)
        {
            double half = StudentT.Quantile(0.5 + 0.5 * confidence, s - 1) * se;
            (low, high) = (mean - half, mean + half);
        }
        return new ClusteredSlope(mean, se, Math.Max(s - 1, 0), low, high, confidence, perSeed, without,
            pooledIntercept, pooledSlope, used.Count, excluded, noInterval);
    }

    /// <summary>max|b_s| + max|v|/(max u − min u): the size of a slope's rounding error, in units of ε.</summary>
    private static double SlopeScale(List<SeedSlope> perSeed, List<int> used, IReadOnlyList<double> u, IReadOnlyList<double> v)
    {
        double maxV = used.Max(i => Math.Abs(v[i]));
        double range = used.Max(i => u[i]) - used.Min(i => u[i]);
        return perSeed.Max(p => Math.Abs(p.Slope)) + maxV / range;
    }

    /// <summary>Least squares through the indexed points (NaN unless ≥ 2 distinct u).</summary>
    private static (double Intercept, double Slope) Slope(int[] idx, IReadOnlyList<double> u, IReadOnlyList<double> v) =>
        Numerics.LeastSquares.Line(idx.Select(i => (u[i], v[i])).ToArray());

    private static void CheckLengths(IReadOnlyList<double> x, IReadOnlyList<ulong> seed, IReadOnlyList<double> y)
    {
        if (x.Count != seed.Count || x.Count != y.Count)
            throw new ArgumentException($"x, seed and y must have one entry per point; got {x.Count}, {seed.Count}, {y.Count}");
    }
}
