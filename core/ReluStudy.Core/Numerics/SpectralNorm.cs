namespace ReluStudy.Core.Numerics;

/// <summary>
/// ‖A‖₂ = σ_max(A) = √λ_max(AᵀA), by Lanczos on AᵀA in float64 (<see cref="Lanczos.Largest"/>), stopped on the
/// top Ritz pair's residual: λ_max ∈ [θ, θ + r] with r ≤ <see cref="RelativeTolerance"/>·θ, so σ is within half that
/// fraction below the true value, never above. A cold start is a fixed pseudo-random vector, so the value depends only
/// on A. A warm start adds the vector a previous call left in <c>v</c> to that random one: for the slowly moving
/// W(k) − W(0) of successive logged rows it starts close, and the random half guarantees a component along every
/// direction, so when the top two singular directions swap between rows (the old vector then nearly orthogonal to the
/// new top one) the iteration still finds σ₁ instead of settling on σ₂.
/// </summary>
public static class SpectralNorm
{
    /// <summary>
    /// Stop once the residual of the top Ritz pair of AᵀA is below this fraction of its value: σ is then guaranteed within
    /// 5·10⁻⁷ (relative) below ‖A‖₂, and in practice far closer, the Ritz value's error being of the order of the residual
    /// squared (on a 1024 × 1024 Gaussian matrix it agreed with a 10⁻¹⁰ stop to 10⁻¹²).
    /// </summary>
    public const double RelativeTolerance = 1e-6;

    /// <summary>Upper bound on Lanczos steps (the Krylov dimension, capped at the column count).</summary>
    public const int MaxSteps = 400;

    /// <param name="a">rows × cols, row-major (the array may be longer).</param>
    /// <param name="v">length ≥ cols: on return the right singular vector estimate; with <paramref name="warmStart"/>, also part of the start.</param>
    /// <param name="u">work space of length ≥ rows.</param>
    /// <param name="warmStart">start from <paramref name="v"/> (plus the fixed random vector) when it is non-zero.</param>
    public static double Estimate(float[] a, int rows, int cols, double[] v, double[] u, bool warmStart = false)
    {
        if (a.Length < (long)rows * cols) throw new ArgumentException($"a.Length ({a.Length}) < rows·cols ({(long)rows * cols})", nameof(a));
        if (v.Length < cols || u.Length < rows) throw new ArgumentException("work spaces too small");
        Span<double> vector = v.AsSpan(0, cols);

        var start = new double[cols];
        var rng = new Rng(0x5EC7, Rng.Streams.PowerIteration);
        for (int j = 0; j < cols; j++) start[j] = rng.NextNormal();
        Scale(start, 1.0 / Norm(start));
        double previous = warmStart ? Norm(vector) : 0;
        if (previous > 0 && double.IsFinite(previous))
            for (int j = 0; j < cols; j++) start[j] += v[j] / previous;

        Lanczos.Top top = Lanczos.Largest(cols, (x, y) =>
        {
            Multiply(a, rows, cols, x, u);
            MultiplyTransposed(a, rows, cols, u, y);
        }, start, vector, RelativeTolerance, MaxSteps);
        return Math.Sqrt(Math.Max(top.Value, 0));
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
