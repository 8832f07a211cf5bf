using ReluStudy.Core.LinearAlgebra.Simd;

namespace ReluStudy.Core.LinearAlgebra.Gemm;

/// <summary>
/// The packed GEMM with each of its epilogues at one instruction-set level: a plain store (square SGEMM in the bench),
/// and the three fused products of the GD iteration behind <see cref="IMatrixKernels"/> (ReLU, mask, descend).
/// </summary>
internal unsafe interface IProducts
{
    /// <summary>C = A·B.</summary>
    void Store(Operand a, Operand b, float* c, int m, int n, int k);

    /// <summary>C = σ(A·B).</summary>
    void Relu(Operand a, Operand b, float* c, int m, int n, int k);

    /// <summary>C = (A·B) ⊙ 1{mask &gt; 0}, the mask laid out as C.</summary>
    void Mask(Operand a, Operand b, float* c, float* mask, int m, int n, int k);

    /// <summary>G = A·B (partial sums in <paramref name="scratch"/>); W ← W − ηG when <paramref name="apply"/>; returns ‖G‖²_F.</summary>
    double Descend(Operand a, Operand b, float* scratch, float* weights, int m, int n, int k, float stepSize, bool apply);
}

/// <inheritdoc cref="IProducts"/>
internal sealed unsafe class Products<TOps, TVec>(WorkerPool pool, GemmWorkspace space) : IProducts
    where TOps : struct, ISimdOps<TVec> where TVec : struct
{
    private readonly GemmJob<TOps, TVec, StoreEpilogue<TOps, TVec>> _store = new(space);
    private readonly GemmJob<TOps, TVec, ReluEpilogue<TOps, TVec>> _relu = new(space);
    private readonly GemmJob<TOps, TVec, MaskEpilogue<TOps, TVec>> _mask = new(space);
    private readonly GemmJob<TOps, TVec, DescendEpilogue<TOps, TVec>> _descend = new(space);

    public void Store(Operand a, Operand b, float* c, int m, int n, int k) =>
        _store.Run(pool, a, b, c, n, m, n, k, default);

    public void Relu(Operand a, Operand b, float* c, int m, int n, int k) =>
        _relu.Run(pool, a, b, c, n, m, n, k, default);

    public void Mask(Operand a, Operand b, float* c, float* mask, int m, int n, int k) =>
        _mask.Run(pool, a, b, c, n, m, n, k, new MaskEpilogue<TOps, TVec>((nint)(mask - c)));

    public double Descend(Operand a, Operand b, float* scratch, float* weights, int m, int n, int k, float stepSize, bool apply)
    {
        int tiles = (m + MicroKernel.Rows - 1) / MicroKernel.Rows;
        double[] sums = space.RowTileSums(tiles);
        fixed (double* s = sums)
            _descend.Run(pool, a, b, scratch, n, m, n, k, new DescendEpilogue<TOps, TVec>((nint)(weights - scratch), stepSize, apply, s));
        double total = 0;
        for (int t = 0; t < tiles; t++) total += sums[t];
        return total;
    }
}
