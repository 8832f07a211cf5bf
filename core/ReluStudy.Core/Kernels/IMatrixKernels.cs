namespace ReluStudy.Core.Kernels;

/// <summary>
/// The seam between the network's math and its fastest implementation: the three matrix-product
/// shapes one GD iteration needs, and the ReLU. All matrices are row-major float32; sizes are
/// passed explicitly because buffers may be larger than the current product (mini-batches).
/// Implementations must give bit-identical results for any thread count.
/// </summary>
public interface IMatrixKernels
{
    /// <summary>Worker threads the kernels may use.</summary>
    int Threads { get; }

    /// <summary>C[m×n] = A[m×k] · B[k×n].</summary>
    void MultiplyNN(float[] a, float[] b, float[] c, int m, int k, int n);

    /// <summary>C[k×n] = Aᵀ · B with A[m×k], B[m×n]: the weight gradient, reducing over examples.</summary>
    void MultiplyTN(float[] a, float[] b, float[] c, int m, int k, int n);

    /// <summary>C[m×k] = A · Bᵀ with A[m×n], B[k×n]: the backward pass through a layer.</summary>
    void MultiplyNT(float[] a, float[] b, float[] c, int m, int n, int k);

    /// <summary>x = max(x, 0) over the first <paramref name="count"/> entries.</summary>
    void Relu(float[] x, int count);
}
