using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ReluStudy.Core.LinearAlgebra.Gemm;

/// <summary>
/// Copies operands into the layouts the micro-kernel streams: B as panels of k rows × <c>nr</c> columns
/// (the columns of one step contiguous), A as tiles of k steps × 6 rows. Edges are padded with zeros,
/// which add nothing to any product, so edge tiles run the same kernel.
/// </summary>
internal static unsafe class Packing
{
    /// <summary>
    /// Steps (rows of a row-major source) copied per pass over the panels or tiles they feed: rows 4 KB apart fall in one
    /// set of the 8-way L1 cache, so more than 8 of them evict each other (README, "Performance").
    /// </summary>
    private const int StepsPerPass = 8;

    /// <summary>
    /// Rows [pc + q0, pc + q1) of a row-major B[k × n] into every panel of <paramref name="dst"/>: panel jp holds
    /// columns [jp·nr, jp·nr + nr) of rows [pc, pc + kc) as kc × nr, zero-padded past n.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RowsOfB(Operand b, int n, int nr, int pc, int kc, int q0, int q1, float* dst)
    {
        int fullPanels = n / nr, rest = n - fullPanels * nr;
        nint panelSize = (nint)kc * nr;
        // A few rows at a time, so each panel receives a contiguous run rather than one row's worth per visit.
        for (int qb = q0; qb < q1; qb += StepsPerPass)
        {
            int qe = Math.Min(q1, qb + StepsPerPass);
            for (int jp = 0; jp < fullPanels; jp++)
                for (int q = qb; q < qe; q++)
                    Copy(b.At(pc + q, jp * nr), dst + jp * panelSize + (nint)q * nr, nr);
            if (rest == 0) continue;
            for (int q = qb; q < qe; q++)
            {
                float* src = b.At(pc + q, fullPanels * nr);
                float* last = dst + fullPanels * panelSize + (nint)q * nr;
                for (int j = 0; j < rest; j++) last[j] = src[j];
                for (int j = rest; j < nr; j++) last[j] = 0f;
            }
        }
    }

    /// <summary>
    /// Columns [j0, j0+nr) and rows [pc, pc + kc) of a B[k × n] stored transposed (its columns contiguous) into
    /// <paramref name="dst"/>[kc × nr], zero-padded past n: each column of B is read front to back.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PanelOfTransposedB(Operand b, int n, int j0, int nr, int pc, int kc, float* dst)
    {
        int width = Math.Min(nr, n - j0);
        nint step = b.RowStride;
        int j = 0;
        // Four columns of B (rows of the stored matrix) at a time: four loads, one 16-byte store per step.
        for (; j + 4 <= width; j += 4)
        {
            float* s0 = b.At(pc, j0 + j), s1 = s0 + b.ColumnStride, s2 = s1 + b.ColumnStride, s3 = s2 + b.ColumnStride;
            float* d = dst + j;
            for (int q = 0; q < kc; q++, d += nr)
                Vector128.Create(s0[q * step], s1[q * step], s2[q * step], s3[q * step]).Store(d);
        }
        for (; j < width; j++)
        {
            float* src = b.At(pc, j0 + j);
            for (int q = 0; q < kc; q++) dst[(nint)q * nr + j] = src[q * step];
        }
        for (; j < nr; j++)
            for (int q = 0; q < kc; q++) dst[(nint)q * nr + j] = 0f;
    }

    /// <summary>count floats from src to dst in the widest vectors the machine has (a block copy of variable size is a call).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(float* src, float* dst, int count)
    {
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; j + 8 <= count; j += 8) Vector256.Load(src + j).Store(dst + j);
        for (; j + 4 <= count; j += 4) Vector128.Load(src + j).Store(dst + j);
        for (; j < count; j++) dst[j] = src[j];
    }

    /// <summary>
    /// <paramref name="tiles"/> consecutive 6-row tiles of A from row <paramref name="i0"/>, steps [p0, p0+kc), each
    /// into its own [kc × 6] slot of <paramref name="dst"/>, rows past m zero. Row-major A: each tile interleaves
    /// its six rows, read front to back. Transposed A (its columns contiguous): a step at a time across all the
    /// tiles, one contiguous run per step; tile by tile, steps a page apart cost a TLB walk per six floats.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BlockOfA(Operand a, int m, int i0, int tiles, int p0, int kc, float* dst)
    {
        const int rows = MicroKernel.Rows;
        int full = Math.Clamp((m - i0) / rows, 0, tiles);
        if (a.RowStride == 1)
        {
            // A few steps at a time, so the pages they lie on stay in the TLB while every tile takes its six floats.
            for (int pb = 0; pb < kc; pb += StepsPerPass)
            {
                int pe = Math.Min(kc, pb + StepsPerPass);
                for (int t = 0; t < full; t++)
                {
                    float* slot = dst + (nint)t * rows * kc;
                    for (int p = pb; p < pe; p++)
                        Unsafe.CopyBlockUnaligned(slot + (nint)p * rows, a.At(i0 + t * rows, p0 + p), rows * sizeof(float));
                }
            }
        }
        else if (a.ColumnStride == 1)
        {
            for (int t = 0; t < full; t++)
            {
                float* s0 = a.At(i0 + t * rows, p0);
                float* s1 = s0 + a.RowStride, s2 = s1 + a.RowStride, s3 = s2 + a.RowStride, s4 = s3 + a.RowStride, s5 = s4 + a.RowStride;
                float* d = dst + (nint)t * rows * kc;
                for (int p = 0; p < kc; p++, d += rows)
                {
                    d[0] = s0[p]; d[1] = s1[p]; d[2] = s2[p];
                    d[3] = s3[p]; d[4] = s4[p]; d[5] = s5[p];
                }
            }
        }
        else full = 0;
        for (int t = full; t < tiles; t++) TileOfA(a, m, i0 + t * rows, p0, kc, dst + (nint)t * rows * kc);
    }

    /// <summary>Rows [i0, i0+6) and steps [p0, p0+kc) of A[m × k] into <paramref name="dst"/>[kc × 6], rows past m zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TileOfA(Operand a, int m, int i0, int p0, int kc, float* dst)
    {
        const int rows = MicroKernel.Rows;
        int height = Math.Min(rows, m - i0);
        for (int r = 0; r < rows; r++)
        {
            if (r >= height)
            {
                for (int p = 0; p < kc; p++) dst[(nint)p * rows + r] = 0f;
                continue;
            }
            float* src = a.At(i0 + r, p0);
            nint step = a.ColumnStride;
            for (int p = 0; p < kc; p++) dst[(nint)p * rows + r] = src[p * step];
        }
    }
}
