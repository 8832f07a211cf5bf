namespace ReluStudy.Core.LinearAlgebra.Simd;

/// <summary>
/// The few vector operations the kernels need, as static members of a struct so that a generic
/// kernel is compiled once per instruction set with every call inlined (TensorPrimitives' pattern).
/// <typeparamref name="TVec"/> is the hardware vector type itself, so locals stay in registers.
/// </summary>
internal unsafe interface ISimdOps<TVec> where TVec : struct
{
    /// <summary>Floats per vector.</summary>
    static abstract int Count { get; }

    /// <summary>Whether <see cref="MultiplyAdd(TVec, TVec, TVec)"/> rounds once (a fused multiply-add).</summary>
    static abstract bool IsFused { get; }

    static abstract TVec Zero { get; }

    static abstract TVec Broadcast(float x);

    static abstract TVec Load(float* p);

    static abstract void Store(float* p, TVec v);

    /// <summary>a·b + c.</summary>
    static abstract TVec MultiplyAdd(TVec a, TVec b, TVec c);

    /// <summary>a &gt; 0 ? a : 0 (so NaN and −0 become +0 on every path).</summary>
    static abstract TVec Relu(TVec a);

    /// <summary>a where mask &gt; 0, else 0.</summary>
    static abstract TVec KeepWherePositive(TVec a, TVec mask);

    /// <summary>The lanes' sum, widened to float64 lane by lane and added in lane order.</summary>
    static abstract double SumToDouble(TVec a);
}
