using System.Runtime.CompilerServices;
using ReluStudy.Core.LinearAlgebra.Simd;

namespace ReluStudy.Core.LinearAlgebra.Gemm;

/// <summary>
/// The register tile: C[6 × 2v] (v = floats per vector) accumulated over k steps in 12 vector registers,
/// c_rj ← a_rp·b_pj + c_rj for p = 0..k−1 in order, starting from 0 or from C's current values.
/// Every element is therefore one sequential chain of multiply-adds over the whole reduction, whatever
/// the blocking and the thread count. A comes packed, six floats per step (one pointer: every broadcast an
/// offset from it), B as a packed panel of k rows × 2v.
/// </summary>
internal static unsafe class MicroKernel
{
    public const int Rows = 6;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TOps, TVec, TEpilogue>(
        int k, float* a, float* b, float* c, nint ldc,
        bool accumulate, bool final, ref TEpilogue epilogue)
        where TOps : struct, ISimdOps<TVec> where TVec : struct where TEpilogue : struct, IEpilogue<TVec>
    {
        nint w = TOps.Count;
        // The epilogue's operand (mask, weights) is read once the k steps are done: asked for now, it arrives during them (README, "Performance").
        if (final)
            for (int r = 0; r < Rows; r++) epilogue.Prefetch(c + r * ldc);
        TVec c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (accumulate)
        {
            c00 = TOps.Load(c); c01 = TOps.Load(c + w);
            c10 = TOps.Load(c + ldc); c11 = TOps.Load(c + ldc + w);
            c20 = TOps.Load(c + 2 * ldc); c21 = TOps.Load(c + 2 * ldc + w);
            c30 = TOps.Load(c + 3 * ldc); c31 = TOps.Load(c + 3 * ldc + w);
            c40 = TOps.Load(c + 4 * ldc); c41 = TOps.Load(c + 4 * ldc + w);
            c50 = TOps.Load(c + 5 * ldc); c51 = TOps.Load(c + 5 * ldc + w);
        }
        else
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = TOps.Zero;
        }

        for (int p = 0; p < k; p++)
        {
            TVec b0 = TOps.Load(b), b1 = TOps.Load(b + w);
            TVec x = TOps.Broadcast(a[0]);
            c00 = TOps.MultiplyAdd(x, b0, c00); c01 = TOps.MultiplyAdd(x, b1, c01);
            x = TOps.Broadcast(a[1]);
            c10 = TOps.MultiplyAdd(x, b0, c10); c11 = TOps.MultiplyAdd(x, b1, c11);
            x = TOps.Broadcast(a[2]);
            c20 = TOps.MultiplyAdd(x, b0, c20); c21 = TOps.MultiplyAdd(x, b1, c21);
            x = TOps.Broadcast(a[3]);
            c30 = TOps.MultiplyAdd(x, b0, c30); c31 = TOps.MultiplyAdd(x, b1, c31);
            x = TOps.Broadcast(a[4]);
            c40 = TOps.MultiplyAdd(x, b0, c40); c41 = TOps.MultiplyAdd(x, b1, c41);
            x = TOps.Broadcast(a[5]);
            c50 = TOps.MultiplyAdd(x, b0, c50); c51 = TOps.MultiplyAdd(x, b1, c51);
            a += Rows;
            b += 2 * w;
        }

        if (final)
        {
            epilogue.Row(c, c00, c01);
            epilogue.Row(c + ldc, c10, c11);
            epilogue.Row(c + 2 * ldc, c20, c21);
            epilogue.Row(c + 3 * ldc, c30, c31);
            epilogue.Row(c + 4 * ldc, c40, c41);
            epilogue.Row(c + 5 * ldc, c50, c51);
        }
        else
        {
            TOps.Store(c, c00); TOps.Store(c + w, c01);
            TOps.Store(c + ldc, c10); TOps.Store(c + ldc + w, c11);
            TOps.Store(c + 2 * ldc, c20); TOps.Store(c + 2 * ldc + w, c21);
            TOps.Store(c + 3 * ldc, c30); TOps.Store(c + 3 * ldc + w, c31);
            TOps.Store(c + 4 * ldc, c40); TOps.Store(c + 4 * ldc + w, c41);
            TOps.Store(c + 5 * ldc, c50); TOps.Store(c + 5 * ldc + w, c51);
        }
    }
}
