using ReluStudy.Core.Model;

namespace ReluStudy.Core.Curvature;

/// <summary>
/// What a <see cref="Sharpness"/> on h rows of a network of shape (d, m_1..m_L) costs at most, for plans and memory
/// checks: its time in FLOPs (multiply-adds × 2, the bench's count) and the bytes it holds.
/// </summary>
public static class SharpnessCost
{
    /// <summary>
    /// One Hessian product and one Gauss–Newton product (<see cref="LossHessian"/>): the Hessian takes 2 matrix products
    /// at layer 1 and 6 at each layer above, the Gauss–Newton product 2 and 4, each of h·m_{l−1}·m_l multiply-adds. A GD
    /// iteration takes 2 and 3, so a Hessian product is 1.2–1.8 GD iterations on the same rows by this count (measured
    /// 1.3 at L = 3, m = 256 and 2.2 at L = 15, m = 128, where the float64 transposes of the direction add to it).
    /// </summary>
    public static double FlopsPerStepPair(int rows, int d, IReadOnlyList<int> widths)
    {
        double first = (double)d * widths[0], above = DeepReluNet.ParameterCount(d, widths) - first;
        return 2.0 * rows * ((2 + 2) * first + (6 + 4) * above);
    }

    /// <summary>
    /// The most one measurement costs: <paramref name="maxSteps"/> Lanczos steps on the Hessian and as many on the
    /// Gauss–Newton matrix (each run stops once converged, the top value in about 8, the second in about 30), and the
    /// reorthogonalisation, which at step k reads the k basis vectors about twice (2·2·k·P FLOPs).
    /// </summary>
    public static double MaxFlopsPerMeasure(int rows, int d, IReadOnlyList<int> widths, int maxSteps = Sharpness.DefaultMaxSteps)
    {
        double p = DeepReluNet.ParameterCount(d, widths);
        return maxSteps * FlopsPerStepPair(rows, d, widths) + 2 * (2.0 * maxSteps * (maxSteps + 1)) * p;
    }

    /// <summary>
    /// The most one Gauss–Newton top eigenvalue alone costs (<see cref="Sharpness.MeasureGaussNewton"/>, the critical step's
    /// measurement): <paramref name="maxSteps"/> Gauss–Newton products (2 matrix products at layer 1 and 4 above) and their
    /// reorthogonalisation (2·k·(k+1)·P). It converges in about the top Hessian value's 8 steps, far below the limit.
    /// </summary>
    public static double MaxFlopsPerGaussNewton(int rows, int d, IReadOnlyList<int> widths, int maxSteps = Sharpness.DefaultMaxSteps)
    {
        double p = DeepReluNet.ParameterCount(d, widths), first = (double)d * widths[0];
        return maxSteps * 2.0 * rows * (2 * first + 4 * (p - first)) + 2.0 * maxSteps * (maxSteps + 1) * p;
    }

    /// <summary>
    /// Bytes held: the h rows it is given (a copy when they are a subsample) and <see cref="LossHessian"/>'s float32
    /// buffers (X_l, δ_l and R(X_l) of every layer, 3h·Σm_l; three h·max m_l; W_l, W_lᵀ, V_l, V_lᵀ and a product, under
    /// 5P), then in float64 the Krylov basis, <paramref name="maxSteps"/> vectors of P, Lanczos's own w and the two start vectors.
    /// </summary>
    public static double Bytes(int rows, int d, IReadOnlyList<int> widths, int maxSteps = Sharpness.DefaultMaxSteps)
    {
        double p = DeepReluNet.ParameterCount(d, widths), units = widths.Sum(w => (double)w);
        return 4 * ((double)rows * d + 3.0 * rows * units + 3.0 * rows * widths.Max() + 5 * p) + 8 * (maxSteps + 3) * p;
    }
}
