namespace ReluStudy.Core.Numerics;

/// <summary>
/// ‖A‖₂ = σ_max(A) by power iteration on AᵀA in float64: v ← AᵀAv/‖AᵀAv‖, σ ≈ ‖Av‖.
/// ‖Av‖ never exceeds σ_max, and it stops when it changes by less than <see cref="RelativeTolerance"/>.
/// The start vector is a fixed pseudo-random one, so the value depends only on A.
/// </summary>
public static class SpectralNorm
{
    /// <summary>Stop once successive estimates differ by less than this fraction.</summary>
    public const double RelativeTolerance = 1e-9;

    /// <summary>Upper bound on iterations; slow only when σ₁ ≈ σ₂, where the estimate is then still within a small fraction.</summary>
    public const int MaxIterations = 2000;

    /// <param name="a">rows × cols, row-major.</param>
    /// <param name="v">work space of length cols.</param>
    /// <param name="u">work space of length rows.</param>
    public static double Estimate(ReadOnlySpan<float> a, int rows, int cols, Span<double> v, Span<double> u)
    {
        if (a.Length < (long)rows * cols) throw new ArgumentException($"a.Length ({a.Length}) < rows·cols ({(long)rows * cols})", nameof(a));
        if (v.Length < cols || u.Length < rows) throw new ArgumentException("work spaces too small");
        v = v[..cols];
        u = u[..rows];

        var rng = new Rng(0x5EC7, Rng.Streams.PowerIteration);
        for (int j = 0; j < cols; j++) v[j] = rng.NextNormal();
        Scale(v, 1.0 / Norm(v));

        double sigma = 0;
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            Multiply(a, rows, cols, v, u);
            double next = Norm(u);
            if (next == 0) return 0;
            MultiplyTransposed(a, rows, cols, u, v);
            double vNorm = Norm(v);
            if (vNorm == 0) return next;
            Scale(v, 1.0 / vNorm);
            bool converged = Math.Abs(next - sigma) <= RelativeTolerance * next;
            sigma = next;
            if (converged) break;
        }
        return sigma;
    }

    private static void Multiply(ReadOnlySpan<float> a, int rows, int cols, ReadOnlySpan<double> v, Span<double> u)
    {
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> row = a.Slice(i * cols, cols);
            double s = 0;
            for (int j = 0; j < cols; j++) s += row[j] * v[j];
            u[i] = s;
        }
    }

    private static void MultiplyTransposed(ReadOnlySpan<float> a, int rows, int cols, ReadOnlySpan<double> u, Span<double> v)
    {
        v.Clear();
        for (int i = 0; i < rows; i++)
        {
            double ui = u[i];
            if (ui == 0) continue;
            ReadOnlySpan<float> row = a.Slice(i * cols, cols);
            for (int j = 0; j < cols; j++) v[j] += ui * row[j];
        }
    }

    private static double Norm(ReadOnlySpan<double> x)
    {
        double s = 0;
        foreach (double value in x) s += value * value;
        return Math.Sqrt(s);
    }

    private static void Scale(Span<double> x, double factor)
    {
        for (int i = 0; i < x.Length; i++) x[i] *= factor;
    }
}
