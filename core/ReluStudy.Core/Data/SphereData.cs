using ReluStudy.Core.Numerics;

namespace ReluStudy.Core.Data;

/// <summary>Synthetic inputs on the unit sphere, for DZPS's experiment and controlled-separation checks.</summary>
public static class SphereData
{
    /// <summary>DZPS §5: n points uniform on S^{d−1} with labels y_i ~ N(0, 1) independent of x (the paper: n = d = 1000).</summary>
    public static (float[] X, double[] Y) GaussianLabels(int n, int d, ulong seed)
    {
        Check(n, d);
        var rng = new Rng(seed, Rng.Streams.DataSubset);
        var x = new float[(long)n * d];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            UnitVector(rng, x.AsSpan(i * d, d));
            y[i] = rng.NextNormal();
        }
        return (x, y);
    }

    /// <summary>
    /// Two balanced classes with different-label points at least φ apart: x = (y·φ/2, √(1 − φ²/4)·z), z uniform
    /// on S^{d−2}, so ‖x‖ = 1 and |x_1 − x′_1| = φ across classes. φ is a lower bound on Assumption 4.2's
    /// separation; the nearest cross-class pair approaches it as n grows.
    /// </summary>
    public static (float[] X, double[] Y) Separated(int n, int d, double phi, ulong seed)
    {
        Check(n, d);
        if (d < 2) throw new ArgumentOutOfRangeException(nameof(d), d, "d must be >= 2 for the separated variant");
        if (!(phi > 0 && phi <= 2)) throw new ArgumentOutOfRangeException(nameof(phi), phi, "phi must be in (0, 2]");
        var rng = new Rng(seed, Rng.Streams.DataSubset);
        var x = new float[(long)n * d];
        var y = new double[n];
        double radial = Math.Sqrt(1 - phi * phi / 4);
        for (int i = 0; i < n; i++)
        {
            y[i] = i % 2 == 0 ? 1 : -1;
            Span<float> row = x.AsSpan(i * d, d);
            UnitVector(rng, row[1..]);
            for (int t = 1; t < d; t++) row[t] = (float)(radial * row[t]);
            row[0] = (float)(y[i] * phi / 2);
        }
        return (x, y);
    }

    private static void UnitVector(Rng rng, Span<float> row)
    {
        var z = new double[row.Length];
        double squares = 0;
        for (int t = 0; t < z.Length; t++)
        {
            z[t] = rng.NextNormal();
            squares += z[t] * z[t];
        }
        double scale = 1 / Math.Sqrt(squares);
        for (int t = 0; t < z.Length; t++) row[t] = (float)(z[t] * scale);
    }

    private static void Check(int n, int d)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "n must be >= 1");
        if (d < 1) throw new ArgumentOutOfRangeException(nameof(d), d, "d must be >= 1");
    }
}
