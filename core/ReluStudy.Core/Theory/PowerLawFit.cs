using ReluStudy.Core.Numerics;

namespace ReluStudy.Core.Theory;

/// <summary>One measurement of a quantity Q at width m (and seed).</summary>
public sealed record ScalingPoint(double Width, ulong Seed, double Value);

public enum Verdict { Consistent, Inconsistent, Inconclusive }

/// <summary>The fitted exponent against one predicted exponent.</summary>
public sealed record Comparison(double Predicted, Verdict Verdict);

/// <summary>log Q = a + b·log m fitted by least squares, with a 95 % bootstrap interval for b.</summary>
public sealed record PowerLawResult(
    double Exponent, double Intercept, double Low, double High, double WidthMin, double WidthMax,
    int Points, int Excluded, int Seeds, string Resampling, IReadOnlyList<Comparison> Comparisons);

/// <summary>
/// theory.md §7: fit log Q = a + b log m over widths (and seeds) by ordinary least squares; the interval
/// comes from resampling whole seeds with replacement (every width of a drawn seed goes in together, so
/// seed-to-seed correlation is kept) when there are at least 3 seeds (theory.md §7), else single points. A prediction b* is
/// consistent when the interval contains it, inconsistent when it does not, and inconclusive when the
/// interval is wider than max(|b*|, 1/2) — too wide to tell b* from its neighbours.
/// </summary>
public static class PowerLawFit
{
    public const int DefaultReplicates = 2000;

    public static PowerLawResult Fit(IReadOnlyList<ScalingPoint> points, IReadOnlyList<double> predicted,
        int replicates = DefaultReplicates, ulong seed = 0xF17)
    {
        ScalingPoint[] used = points.Where(p => p.Width > 0 && p.Value > 0 && double.IsFinite(p.Value)).ToArray();
        int excluded = points.Count - used.Length;
        if (used.Select(p => p.Width).Distinct().Count() < 2)
            throw new ArgumentException($"need positive values at >= 2 distinct widths; got {used.Select(p => p.Width).Distinct().Count()}", nameof(points));

        (double a, double b) = LeastSquares(used);
        ulong[] seeds = used.Select(p => p.Seed).Distinct().Order().ToArray();
        bool bySeed = seeds.Length >= 3; // two seeds give only three distinct resamples
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
            if (sample.Select(p => p.Width).Distinct().Count() < 2) continue;
            slopes.Add(LeastSquares(sample).Slope);
        }
        slopes.Sort();
        double low = slopes[(int)Math.Floor(0.025 * (slopes.Count - 1))];
        double high = slopes[(int)Math.Ceiling(0.975 * (slopes.Count - 1))];
        var comparisons = predicted.Select(p => new Comparison(p, Judge(p, low, high))).ToArray();
        return new PowerLawResult(b, a, low, high, used.Min(p => p.Width), used.Max(p => p.Width), used.Length, excluded,
            seeds.Length, bySeed ? "seeds" : "points", comparisons);
    }

    public static Verdict Judge(double predicted, double low, double high)
    {
        if (high - low > Math.Max(Math.Abs(predicted), 0.5)) return Verdict.Inconclusive;
        return predicted >= low && predicted <= high ? Verdict.Consistent : Verdict.Inconsistent;
    }

    private static (double Intercept, double Slope) LeastSquares(IReadOnlyList<ScalingPoint> points)
    {
        double mx = 0, my = 0;
        foreach (ScalingPoint p in points)
        {
            mx += Math.Log(p.Width);
            my += Math.Log(p.Value);
        }
        mx /= points.Count;
        my /= points.Count;
        double sxx = 0, sxy = 0;
        foreach (ScalingPoint p in points)
        {
            double dx = Math.Log(p.Width) - mx;
            sxx += dx * dx;
            sxy += dx * (Math.Log(p.Value) - my);
        }
        double slope = sxy / sxx;
        return (my - slope * mx, slope);
    }
}
