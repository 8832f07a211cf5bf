namespace ReluStudy.Core.Numerics;

/// <summary>
/// ‖A‖₂ = σ_max(A) by power iteration on AᵀA in float64: v ← AᵀAv/‖AᵀAv‖, σ ≈ ‖Av‖.
/// ‖Av‖ never exceeds σ_max, and it stops when it changes by less than <see cref="RelativeTolerance"/>.
/// A cold start uses a fixed pseudo-random vector, so the value depends only on A; a warm start
/// continues from the vector a previous call left in <c>v</c>, which for the slowly moving W(k) − W(0)
/// of successive logged iterations converges in a few steps instead of tens.
/// </summary>
public static class SpectralNorm
{
    /// <summary>Stop once successive estimates differ by less than this fraction.</summary>
    public const double RelativeTolerance = 1e-8;

    /// <summary>Upper bound on iterations; slow only when σ₁ ≈ σ₂, where the estimate is then still within a small fraction.</summary>
    public const int MaxIterations = 2000;

    /// <param name="a">rows × cols, row-major.</param>
    /// <param name="v">length cols: on return the right singular vector estimate; with <paramref name="warmStart"/>, also the start.</param>
    /// <param name="u">work space of length rows.</param>
    /// <param name="warmStart">start from <paramref name="v"/> when it is non-zero.</param>
    public static double Estimate(ReadOnlySpan<float> a, int rows, int cols, Span<double> v, Span<double> u, bool warmStart = false)
    {
        if (a.Length < (long)rows * cols) throw new ArgumentException($"a.Length ({a.Length}) < rows·cols ({(long)rows * cols})", nameof(a));
        if (v.Length < cols || u.Length < rows) throw new ArgumentException("work spaces too small");
        v = v[..cols];
        u = u[..rows];

        double start = warmStart ? Norm(v) : 0;
        if (!(start > 0) || !double.IsFinite(start))
        {
            var rng = new Rng(0x5EC7, Rng.Streams.PowerIteration);
            for (int j = 0; j < cols; j++) v[j] = rng.NextNormal();
            start = Norm(v);
        }
        Scale(v, 1.0 / start);

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

    /// <summary>u = A·v, each row a float64 dot product.</summary>
    private static void Multiply(ReadOnlySpan<float> a, int rows, int cols, ReadOnlySpan<double> v, Span<double> u)
    {
        for (int i = 0; i < rows; i++) u[i] = Float64.Dot(a.Slice(i * cols, cols), v);
    }

    /// <summary>v = Aᵀ·u, accumulated row by row.</summary>
    private static void MultiplyTransposed(ReadOnlySpan<float> a, int rows, int cols, ReadOnlySpan<double> u, Span<double> v)
    {
        v.Clear();
        for (int i = 0; i < rows; i++)
            if (u[i] != 0) Float64.AddScaled(u[i], a.Slice(i * cols, cols), v);
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
