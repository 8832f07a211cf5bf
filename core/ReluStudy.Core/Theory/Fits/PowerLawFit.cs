using ReluStudy.Core.Statistics;

namespace ReluStudy.Core.Theory.Fits;

/// <summary>One measurement of a quantity Q at a value x of the swept axis (width m, depth L, step η, ...), a seed and the run it came from.</summary>
public sealed record ScalingPoint(double X, ulong Seed, double Value, string Run = "");

/// <summary>
/// log Q = a + b·log x fitted per seed, b̄ the mean of the seeds' slopes with a 95 % t interval on S − 1 degrees of
/// freedom (<see cref="SeedSlopeFit"/>): the seed is the unit of replication, since a seed's points share its
/// initialisation. <see cref="Intercept"/> puts the line of slope b̄ through the points' centre (for drawing).
/// </summary>
public sealed record PowerLawResult(ClusteredSlope Slope, double Intercept, double XMin, double XMax, int Values, string ValuesName)
{
    public double Exponent => Slope.Estimate;
    public double Low => Slope.Low;
    public double High => Slope.High;
    public int Seeds => Slope.Seeds;
    public int Points => Slope.Points;

    /// <summary>Whether this many axis values and seeds can carry a verdict: at least <see cref="PowerLawFit.MinValues"/> and
    /// <see cref="PowerLawFit.MinSeeds"/>, and seeds that disagree by more than rounding (else there is no interval).</summary>
    public bool CanJudge => Values >= PowerLawFit.MinValues && Seeds >= PowerLawFit.MinSeeds && Slope.HasInterval;

    /// <summary>The two-sided p-value of H0: b = b* (NaN without an interval).</summary>
    public double PValue(double predicted) => Slope.PValue(predicted);
}

/// <summary>The power law through a quantity's points (log Q against log x), seed by seed.</summary>
public static class PowerLawFit
{
    /// <summary>Fewer axis values give no verdict: a line through a few points says little about an exponent.</summary>
    public const int MinValues = 5;
    /// <summary>Fewer seeds give no interval worth the name (2 seeds: 1 degree of freedom).</summary>
    public const int MinSeeds = 3;

    /// <summary>The fit through the positive, finite points (the others are counted by the caller); null without 2 distinct x.</summary>
    public static PowerLawResult? Fit(IReadOnlyList<ScalingPoint> points, string valuesName = "widths")
    {
        ScalingPoint[] used = points.Where(p => p.X > 0 && p.Value > 0 && double.IsFinite(p.Value)).ToArray();
        int values = used.Select(p => p.X).Distinct().Count();
        if (values < 2) return null;
        ClusteredSlope slope = SeedSlopeFit.PowerLaw(used.Select(p => p.X).ToArray(), used.Select(p => p.Seed).ToArray(), used.Select(p => p.Value).ToArray());
        double meanX = used.Average(p => Math.Log(p.X)), meanY = used.Average(p => Math.Log(p.Value));
        return new PowerLawResult(slope, meanY - slope.Estimate * meanX, used.Min(p => p.X), used.Max(p => p.X), values, valuesName);
    }
}
