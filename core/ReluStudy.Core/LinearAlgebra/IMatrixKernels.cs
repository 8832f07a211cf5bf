using ReluStudy.Core.LinearAlgebra.Simd;

namespace ReluStudy.Core.LinearAlgebra;

/// <summary>
/// The seam between the network's math and its fastest implementation: the three matrix products of
/// one GD iteration, each with its elementwise work fused in. Matrices are row-major float32; sizes are
/// passed explicitly because buffers may be larger than the current batch. Implementations give
/// bit-identical results for any thread count and allocate nothing once warmed up.
/// </summary>
public interface IMatrixKernels : IDisposable
{
    /// <summary>Worker threads the kernels use.</summary>
    int Threads { get; }

    /// <summary>The vector width the kernels run at.</summary>
    InstructionSet InstructionSet { get; }

    /// <summary>X_l = σ(X_{l−1} W_l): output[rows×width] from input[rows×fanIn] and weights[fanIn×width].</summary>
    void ForwardLayer(float[] input, float[] weights, float[] output, int rows, int fanIn, int width);

    /// <summary>δ_{l−1} = (δ_l W_lᵀ) ⊙ 1{X_{l−1} &gt; 0}: result[rows×fanIn] from delta[rows×width], weights[fanIn×width], below = X_{l−1}.</summary>
    void BackwardLayer(float[] delta, float[] weights, float[] below, float[] result, int rows, int width, int fanIn);

    /// <summary>
    /// G = X_{l−1}ᵀ δ_l, and W_l ← W_l − η·G when <paramref name="apply"/>; returns ‖G‖²_F.
    /// G itself is never stored: each tile updates W_l as it leaves the registers.
    /// </summary>
    double DescendLayer(float[] below, float[] delta, float[] weights, int rows, int fanIn, int width, float stepSize, bool apply);

    /// <summary>C = A·Aᵀ: gram[rows×rows] from a[rows×columns] (the tangent kernel's per-layer Gram matrices).</summary>
    void Gram(float[] a, float[] gram, int rows, int columns);

    /// <summary>
    /// Runs <paramref name="body"/>(worker, workers) once on each of the kernels' workers, the caller being
    /// worker 0: other parallel work of an iteration (the metrics) uses the same threads instead of
    /// competing with them.
    /// </summary>
    void ForEachWorker(Action<int, int> body);
}
