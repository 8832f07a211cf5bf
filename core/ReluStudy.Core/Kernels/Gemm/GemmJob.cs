using System.Runtime.CompilerServices;
using ReluStudy.Core.Kernels.Simd;

namespace ReluStudy.Core.Kernels.Gemm;

/// <summary>
/// C = op(A)·op(B) with a fused epilogue, Goto/BLIS style: B is packed once into column panels shared
/// by all workers; each worker owns a contiguous range of 6-row tiles and walks it in blocks of
/// <see cref="GemmWorkspace.RowBlock"/> rows × <see cref="GemmWorkspace.ReductionBlock"/> steps, A read in
/// place when its rows are contiguous and packed otherwise. Work is split over output rows only, never
/// over the reduction, so every element is the same chain of multiply-adds for any worker count.
/// </summary>
internal sealed unsafe class GemmJob<TOps, TVec, TEpilogue> : IParallelWork
    where TOps : struct, ISimdOps<TVec> where TVec : struct where TEpilogue : struct, IEpilogue<TVec>
{
    private const int Rows = MicroKernel.Rows;
    private const int MaxColumns = 32;
    private readonly GemmWorkspace _space;
    private Operand _a, _b;
    private float* _c;
    private nint _ldc;
    private int _m, _n, _k;
    private float* _packedB;
    private TEpilogue _epilogue;
    private bool _packing;

    public GemmJob(GemmWorkspace space)
    {
        if (Columns > MaxColumns) throw new PlatformNotSupportedException($"vectors of {TOps.Count} floats exceed the edge-tile scratch");
        _space = space;
    }

    private static int Columns => 2 * TOps.Count;

    /// <summary>C[m × n] (row stride <paramref name="ldc"/>) = epilogue(A[m × k] · B[k × n]).</summary>
    public void Run(WorkerPool pool, Operand a, Operand b, float* c, nint ldc, int m, int n, int k, TEpilogue epilogue)
    {
        if (m == 0 || n == 0) return;
        _a = a;
        _b = b;
        _c = c;
        _ldc = ldc;
        (_m, _n, _k) = (m, n, k);
        _epilogue = epilogue;
        int panels = (n + Columns - 1) / Columns;
        _packedB = _space.PackedB((long)panels * Math.Max(k, 1) * Columns);
        _packing = true;
        pool.Run(this);
        _packing = false;
        pool.Run(this);
    }

    public void Execute(int worker, int workers)
    {
        if (_packing) PackB(worker, workers);
        else MultiplyRows(worker, workers);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PackB(int worker, int workers)
    {
        int panels = (_n + Columns - 1) / Columns;
        int first = panels * worker / workers, last = panels * (worker + 1) / workers;
        for (int jp = first; jp < last; jp++)
            Packing.PanelOfB(_b, _k, _n, jp * Columns, Columns, _packedB + (nint)jp * _k * Columns);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MultiplyRows(int worker, int workers)
    {
        int tiles = (_m + Rows - 1) / Rows;
        int first = tiles * worker / workers, last = tiles * (worker + 1) / workers;
        const int blockTiles = GemmWorkspace.RowBlock / Rows;
        float* packedA = _space.PackedA(worker);
        float* edgeA = packedA + GemmWorkspace.RowBlock * GemmWorkspace.ReductionBlock;
        float* edgeC = stackalloc float[Rows * MaxColumns];
        TEpilogue epilogue = _epilogue;
        bool packA = _a.ColumnStride != 1;
        int panels = (_n + Columns - 1) / Columns;

        for (int t0 = first; t0 < last; t0 += blockTiles)
        {
            int t1 = Math.Min(last, t0 + blockTiles);
            bool partialLast = t1 * Rows > _m;
            int pc = 0;
            do
            {
                int kc = Math.Min(GemmWorkspace.ReductionBlock, _k - pc);
                bool accumulate = pc > 0, final = pc + kc >= _k;
                if (packA)
                    for (int t = t0; t < t1; t++) Packing.TileOfA(_a, _m, t * Rows, pc, kc, packedA + (nint)(t - t0) * Rows * kc);
                else if (partialLast)
                    Packing.TileOfA(_a, _m, (t1 - 1) * Rows, pc, kc, edgeA);

                for (int jp = 0; jp < panels; jp++)
                {
                    float* b = _packedB + ((nint)jp * _k + pc) * Columns;
                    int j0 = jp * Columns;
                    int width = Math.Min(Columns, _n - j0);
                    for (int t = t0; t < t1; t++)
                    {
                        int i0 = t * Rows;
                        int height = Math.Min(Rows, _m - i0);
                        float* a;
                        nint rowStride, stepStride;
                        if (packA || height < Rows)
                        {
                            a = packA ? packedA + (nint)(t - t0) * Rows * kc : edgeA;
                            (rowStride, stepStride) = (1, Rows);
                        }
                        else
                        {
                            a = _a.At(i0, pc);
                            (rowStride, stepStride) = (_a.RowStride, 1);
                        }

                        float* c = _c + i0 * _ldc + j0;
                        if (final) epilogue.BeginRowTile(t);
                        if (height == Rows && width == Columns)
                            MicroKernel.Run<TOps, TVec, TEpilogue>(kc, a, rowStride, stepStride, b, c, _ldc, accumulate, final, ref epilogue);
                        else
                            EdgeTile(kc, a, rowStride, stepStride, b, c, height, width, accumulate, final, edgeC, ref epilogue);
                    }
                }
                pc += kc;
            }
            while (pc < _k);
        }
    }

    /// <summary>A tile cut by the edge of C: run the full kernel on a zero-padded copy, then keep the valid part.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EdgeTile(int kc, float* a, nint rowStride, nint stepStride, float* b, float* c, int height, int width,
        bool accumulate, bool final, float* scratch, ref TEpilogue epilogue)
    {
        int columns = Columns;
        if (accumulate)
            for (int r = 0; r < Rows; r++)
                for (int j = 0; j < columns; j++)
                    scratch[r * columns + j] = r < height && j < width ? c[r * _ldc + j] : 0f;

        var store = default(StoreEpilogue<TOps, TVec>);
        MicroKernel.Run<TOps, TVec, StoreEpilogue<TOps, TVec>>(kc, a, rowStride, stepStride, b, scratch, columns, accumulate, final: false, ref store);
        for (int r = 0; r < height; r++)
            for (int j = 0; j < width; j++)
            {
                float value = scratch[r * columns + j];
                if (final) epilogue.Element(c + r * _ldc + j, value);
                else c[r * _ldc + j] = value;
            }
    }
}
