using System.Runtime.CompilerServices;

namespace ReluStudy.Core.Kernels.Gemm;

/// <summary>
/// Copies operands into the layouts the micro-kernel streams: B as panels of k rows × <c>nr</c> columns
/// (the columns of one step contiguous), A as tiles of k steps × 6 rows. Edges are padded with zeros,
/// which add nothing to any product, so edge tiles run the same kernel.
/// </summary>
internal static unsafe class Packing
{
    /// <summary>Columns [j0, j0+nr) of B[k × n] into <paramref name="dst"/>[k × nr].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PanelOfB(Operand b, int k, int n, int j0, int nr, float* dst)
    {
        int width = Math.Min(nr, n - j0);
        if (b.ColumnStride == 1)
        {
            for (int p = 0; p < k; p++)
            {
                float* src = b.At(p, j0);
                float* row = dst + (nint)p * nr;
                if (width == nr) Unsafe.CopyBlockUnaligned(row, src, (uint)(nr * sizeof(float)));
                else
                {
                    for (int j = 0; j < width; j++) row[j] = src[j];
                    for (int j = width; j < nr; j++) row[j] = 0f;
                }
            }
            return;
        }

        // Transposed source: read each column of B (a contiguous row of the stored matrix) once.
        for (int j = 0; j < width; j++)
        {
            float* src = b.At(0, j0 + j);
            nint step = b.RowStride;
            for (int p = 0; p < k; p++) dst[(nint)p * nr + j] = src[p * step];
        }
        for (int j = width; j < nr; j++)
            for (int p = 0; p < k; p++) dst[(nint)p * nr + j] = 0f;
    }

    /// <summary>Rows [i0, i0+6) and steps [p0, p0+kc) of A[m × k] into <paramref name="dst"/>[kc × 6].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TileOfA(Operand a, int m, int i0, int p0, int kc, float* dst)
    {
        const int rows = MicroKernel.Rows;
        int height = Math.Min(rows, m - i0);
        if (a.RowStride == 1 && height == rows)
        {
            for (int p = 0; p < kc; p++)
                Unsafe.CopyBlockUnaligned(dst + (nint)p * rows, a.At(i0, p0 + p), rows * sizeof(float));
            return;
        }
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
