using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ReluStudy.Core.LinearAlgebra.Simd;

// One struct per instruction-set level. 512- and 256-bit levels require FMA (every AVX-512 and
// .NET's AVX2 level include it), so they round identically; the 128-bit and scalar levels use a
// separate multiply and add, which is what the hardware without FMA gives, and also agree with each other.

internal unsafe struct Simd512 : ISimdOps<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;
    public static bool IsFused => true;
    public static Vector512<float> Zero => Vector512<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Broadcast(float x) => Vector512.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Load(float* p) => Vector512.Load(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, Vector512<float> v) => v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Relu(Vector512<float> a) => KeepWherePositive(a, a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> KeepWherePositive(Vector512<float> a, Vector512<float> mask) => Vector512.ConditionalSelect(Vector512.GreaterThan(mask, Vector512<float>.Zero), a, Vector512<float>.Zero);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double SumToDouble(Vector512<float> a) => Simd256.SumToDouble(a.GetLower()) + Simd256.SumToDouble(a.GetUpper());
}

internal unsafe struct Simd256 : ISimdOps<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;
    public static bool IsFused => true;
    public static Vector256<float> Zero => Vector256<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Broadcast(float x) => Vector256.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Load(float* p) => Vector256.Load(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, Vector256<float> v) => v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Relu(Vector256<float> a) => KeepWherePositive(a, a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> KeepWherePositive(Vector256<float> a, Vector256<float> mask) => Vector256.ConditionalSelect(Vector256.GreaterThan(mask, Vector256<float>.Zero), a, Vector256<float>.Zero);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double SumToDouble(Vector256<float> a) => Simd128.SumToDouble(a.GetLower()) + Simd128.SumToDouble(a.GetUpper());
}

internal unsafe struct Simd128 : ISimdOps<Vector128<float>>
{
    public static int Count => Vector128<float>.Count;
    public static bool IsFused => false;
    public static Vector128<float> Zero => Vector128<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Broadcast(float x) => Vector128.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Load(float* p) => Vector128.Load(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, Vector128<float> v) => v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => a * b + c;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Relu(Vector128<float> a) => KeepWherePositive(a, a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> KeepWherePositive(Vector128<float> a, Vector128<float> mask) => Vector128.ConditionalSelect(Vector128.GreaterThan(mask, Vector128<float>.Zero), a, Vector128<float>.Zero);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double SumToDouble(Vector128<float> a) => (double)a.GetElement(0) + a.GetElement(1) + a.GetElement(2) + a.GetElement(3);
}

/// <summary>The path without hardware intrinsics: a "vector" of one float.</summary>
internal unsafe struct SimdScalar : ISimdOps<float>
{
    public static int Count => 1;
    public static bool IsFused => false;
    public static float Zero => 0f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Broadcast(float x) => x;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Load(float* p) => *p;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, float v) => *p = v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MultiplyAdd(float a, float b, float c) => a * b + c;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Relu(float a) => a > 0f ? a : 0f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float KeepWherePositive(float a, float mask) => mask > 0f ? a : 0f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double SumToDouble(float a) => a;
}
