using ReluStudy.Core.Numerics;

namespace ReluStudy.Core.Theory.Fits;

/// <summary>One measurement of a quantity Q at a value x of the swept axis (width m, depth L, step η, ...) and a seed.</summary>
public sealed record ScalingPoint(double X, ulong Seed, double Value);

/// <summary>How a fitted exponent stands against a predicted one (docs/theory.md, section 8).</summary>
public enum Verdict
{
    /// <summary>The interval contains the prediction and is narrow enough, or lies within the margin around it.</summary>
    Consistent,
    /// <summary>The interval excludes the prediction (and does not lie within the margin), however wide it is.</summary>
    Inconsistent,
    /// <summary>The interval contains the prediction but is too wide to tell it from its neighbours.</summary>
    Inconclusive,
    /// <summary>Fewer than <see cref="PowerLawFit.MinWidths"/> widths or <see cref="PowerLawFit.MinSeeds"/> seeds: no verdict.</summary>
    Insufficient,
}

/// <summary>The fitted exponent against one predicted exponent.</summary>
public sealed record PredictedVerdict(double Predicted, Verdict Verdict);

/// <summary>log Q = a + b·log x fitted by least squares, with a 95 % bootstrap interval for b; <paramref name="Values"/>
/// counts the distinct x (widths, depths, ...: <paramref name="ValuesName"/>).</summary>
public sealed record PowerLawResult(
    double Exponent, double Intercept, double Low, double High, double XMin, double XMax,
    int Points, int Excluded, int Values, int Seeds, string Resampling, IReadOnlyList<PredictedVerdict> Verdicts, string ValuesName = "widths")
{
    /// <summary>"consistent with -0.5", "insufficient (3 widths, 2 seeds)", or "measured (no prediction)" for an exponent
    /// no text predicts, which is fitted and reported but not judged.</summary>
    public string Describe() => !PowerLawFit.CanJudge(Values, Seeds)
        ? $"insufficient ({Values} {ValuesName}, {Seeds} seeds)"
        : Verdicts.Count == 0 ? PowerLawFit.NoPrediction
        : string.Join(", ", Verdicts.Select(v => $"{v.Verdict.ToString().ToLowerInvariant()} with {v.Predicted.ToString("+0.###;-0.###", System.Globalization.CultureInfo.InvariantCulture)}"));
}

/// <summary>
/// Fit log Q = a + b log x over the swept axis's values x (width, depth, step or batch) and seeds by ordinary least squares;
/// the 95 % interval comes from resampling whole seeds with replacement (every value of a drawn seed goes in together, so
/// seed-to-seed correlation is kept)
/// when there are at least <see cref="MinSeedsToResample"/> seeds, else single points (docs/theory.md, section 8). Verdicts: none from fewer than 5
/// widths or 3 seeds (insufficient); consistent when the interval lies within ±<see cref="Margin"/> of b* (practically
/// equal, even if it excludes b* itself); inconsistent when it excludes b*, however wide; inconclusive when it contains
/// b* but is wider than max(|b*|, 1/2); consistent otherwise.
/// </summary>
public static class PowerLawFit
{
    public const int DefaultReplicates = 2000;
    /// <summary>The verdict of an exponent without a prediction: measured, reported, not judged.</summary>
    public const string NoPrediction = "measured (no prediction)";
    public const int MinWidths = 5;
    public const int MinSeeds = 3;
    /// <summary>The margin of practical equivalence: exponents within 0.05 of the prediction are not told apart.</summary>
    public const double Margin = 0.05;
    /// <summary>From this many seeds the interval resamples whole seeds (8 seeds: 6435 distinct resamples).</summary>
    public const int MinSeedsToResample = 8;

    /// <summary>Whether a fit over this many widths and seeds may reach a verdict.</summary>
    public static bool CanJudge(int widths, int seeds) => widths >= MinWidths && seeds >= MinSeeds;

    public static PowerLawResult Fit(IReadOnlyList<ScalingPoint> points, IReadOnlyList<double> predicted,
        int replicates = DefaultReplicates, ulong seed = 0xF17, string valuesName = "widths")
    {
        // In a fixed order, so that the bootstrap draws the same resamples whatever order the runs were read in.
        ScalingPoint[] used = points.Where(p => p.X > 0 && p.Value > 0 && double.IsFinite(p.Value))
            .OrderBy(p => p.X).ThenBy(p => p.Seed).ThenBy(p => p.Value).ToArray();
        int excluded = points.Count - used.Length;
        if (used.Select(p => p.X).Distinct().Count() < 2)
            throw new ArgumentException($"need positive values at >= 2 distinct x; got {used.Select(p => p.X).Distinct().Count()}", nameof(points));

        (double a, double b) = LeastSquares(used);
        ulong[] seeds = used.Select(p => p.Seed).Distinct().Order().ToArray();
        // Resampling whole seeds keeps any seed-to-seed correlation, but a few seeds give few distinct resamples (3 seeds:
        // 10), whose percentiles make the interval far too narrow; then single points are resampled instead.
        bool bySeed = seeds.Length >= MinSeedsToResample;
        var rng = new Rng(seed);
        var slopes = new List<double>(replicates);
        var sample = new List<ScalingPoint>();
        for (int r = 0; r < replicates; r++)
        {
            sample.Clear();
            if (bySeed)
                for (int s = 0; s < seeds.Length; s++)
                {
                    ulong drawn = seeds[rng.NextInt(seeds.Length)];
                    sample.AddRange(used.Where(p => p.Seed == drawn));
                }
            else
                for (int t = 0; t < used.Length; t++) sample.Add(used[rng.NextInt(used.Length)]);
            if (sample.Select(p => p.X).Distinct().Count() < 2) continue;
            slopes.Add(LeastSquares(sample).Slope);
        }
        slopes.Sort();
        double low = slopes[(int)Math.Floor(0.025 * (slopes.Count - 1))];
        double high = slopes[(int)Math.Ceiling(0.975 * (slopes.Count - 1))];
        int widths = used.Select(p => p.X).Distinct().Count();
        var verdicts = predicted.Select(p => new PredictedVerdict(p, Judge(p, low, high, widths, seeds.Length))).ToArray();
        return new PowerLawResult(b, a, low, high, used.Min(p => p.X), used.Max(p => p.X), used.Length, excluded,
            widths, seeds.Length, bySeed ? "seeds" : "points", verdicts, valuesName);
    }

    public static Verdict Judge(double predicted, double low, double high, int widths, int seeds)
    {
        if (!CanJudge(widths, seeds)) return Verdict.Insufficient;
        if (low >= predicted - Margin && high <= predicted + Margin) return Verdict.Consistent;
        if (predicted < low || predicted > high) return Verdict.Inconsistent;
        return high - low > Math.Max(Math.Abs(predicted), 0.5) ? Verdict.Inconclusive : Verdict.Consistent;
    }

    /// <summary>The line through (log x, log Q).</summary>
    private static (double Intercept, double Slope) LeastSquares(IReadOnlyList<ScalingPoint> points) =>
        Numerics.LeastSquares.Line(points.Select(p => (Math.Log(p.X), Math.Log(p.Value))).ToArray());
}
