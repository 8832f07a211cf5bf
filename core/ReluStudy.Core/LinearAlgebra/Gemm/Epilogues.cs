using System.Runtime.CompilerServices;
using ReluStudy.Core.LinearAlgebra.Simd;

namespace ReluStudy.Core.LinearAlgebra.Gemm;

/// <summary>
/// What happens to a finished tile of C = op(A)·op(B) as it leaves the registers: the elementwise
/// work of the GD iteration, fused into the product's store so no extra pass over memory is made.
/// <see cref="Row"/> takes one tile row (two vectors) bound for <c>c</c>; <see cref="Element"/> one
/// value of a partial edge tile. Both must compute the same function of their inputs.
/// </summary>
internal unsafe interface IEpilogue<TVec> where TVec : struct
{
    /// <summary>The tile row block (6 rows of C) the next <see cref="Row"/> calls belong to.</summary>
    void BeginRowTile(int tile);

    /// <summary>Asks for the cache line of the epilogue's own operand beside row start <paramref name="c"/> (mask, weights), if it reads one.</summary>
    void Prefetch(float* c);

    void Row(float* c, TVec low, TVec high);

    void Element(float* c, float value);
}

/// <summary>C = A·B.</summary>
internal unsafe struct StoreEpilogue<TOps, TVec> : IEpilogue<TVec>
    where TOps : struct, ISimdOps<TVec> where TVec : struct
{
    public void BeginRowTile(int tile) { }

    public void Prefetch(float* c) { }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Row(float* c, TVec low, TVec high)
    {
        TOps.Store(c, low);
        TOps.Store(c + TOps.Count, high);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Element(float* c, float value) => *c = value;
}

/// <summary>The forward layer: X_l = σ(X_{l−1}W_l), ReLU applied on the way out.</summary>
internal unsafe struct ReluEpilogue<TOps, TVec> : IEpilogue<TVec>
    where TOps : struct, ISimdOps<TVec> where TVec : struct
{
    public void BeginRowTile(int tile) { }

    public void Prefetch(float* c) { }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Row(float* c, TVec low, TVec high)
    {
        TOps.Store(c, TOps.Relu(low));
        TOps.Store(c + TOps.Count, TOps.Relu(high));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Element(float* c, float value) => *c = value > 0f ? value : 0f;
}

/// <summary>
/// The backward step through a ReLU: δ_{l−1} = (δ_l W_lᵀ) ⊙ 1{X_{l−1} &gt; 0}. The mask has C's layout and
/// lives <see cref="MaskOffset"/> floats away from it.
/// </summary>
internal unsafe struct MaskEpilogue<TOps, TVec>(nint maskOffset) : IEpilogue<TVec>
    where TOps : struct, ISimdOps<TVec> where TVec : struct
{
    public void BeginRowTile(int tile) { }

    public readonly nint MaskOffset = maskOffset;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(float* c) => CacheLine.Prefetch(c + MaskOffset, 2 * TOps.Count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Row(float* c, TVec low, TVec high)
    {
        float* mask = c + MaskOffset;
        TOps.Store(c, TOps.KeepWherePositive(low, TOps.Load(mask)));
        TOps.Store(c + TOps.Count, TOps.KeepWherePositive(high, TOps.Load(mask + TOps.Count)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Element(float* c, float value) => *c = c[MaskOffset] > 0f ? value : 0f;
}

/// <summary>
/// The weight update where the gradient is produced: G = X_{l−1}ᵀδ_l stays in registers, W_l ← W_l − ηG
/// (W_l lives <see cref="WeightOffset"/> floats from C, same layout) and ‖G‖_F² is summed in float64 into
/// one slot per tile row block, each in a fixed order, so the total does not depend on the thread count.
/// </summary>
internal unsafe struct DescendEpilogue<TOps, TVec>(nint weightOffset, float stepSize, bool apply, double* squaresPerRowTile) : IEpilogue<TVec>
    where TOps : struct, ISimdOps<TVec> where TVec : struct
{
    public readonly nint WeightOffset = weightOffset;
    private readonly float _negativeStep = -stepSize;
    private readonly bool _apply = apply;
    private readonly double* _squares = squaresPerRowTile;
    private int _tile;

    public void BeginRowTile(int tile) => _tile = tile;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(float* c)
    {
        if (_apply) CacheLine.Prefetch(c + WeightOffset, 2 * TOps.Count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Row(float* c, TVec low, TVec high)
    {
        _squares[_tile] += TOps.SumToDouble(TOps.MultiplyAdd(low, low, TOps.MultiplyAdd(high, high, TOps.Zero)));
        if (!_apply) return;
        float* w = c + WeightOffset;
        TVec step = TOps.Broadcast(_negativeStep);
        TOps.Store(w, TOps.MultiplyAdd(step, low, TOps.Load(w)));
        TOps.Store(w + TOps.Count, TOps.MultiplyAdd(step, high, TOps.Load(w + TOps.Count)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Element(float* c, float value)
    {
        _squares[_tile] += (double)value * value;
        if (!_apply) return;
        float* w = c + WeightOffset;
        *w = TOps.IsFused ? MathF.FusedMultiplyAdd(_negativeStep, value, *w) : _negativeStep * value + *w;
    }
}
