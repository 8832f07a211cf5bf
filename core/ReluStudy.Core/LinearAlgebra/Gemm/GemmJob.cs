using System.Runtime.CompilerServices;
using ReluStudy.Core.LinearAlgebra.Simd;

namespace ReluStudy.Core.LinearAlgebra.Gemm;

/// <summary>
/// C = op(A)·op(B) with a fused epilogue, Goto/BLIS style, one reduction block of kc steps at a time
/// (<see cref="GemmBlocking"/>, per instruction set): the block's rows of B are packed into column panels
/// shared by all workers, then the rows of C are cut into chunks of 6-row tiles that the workers take in
/// turn (so a core slowed by a neighbour, or a small efficiency core, takes fewer), each chunk packing its
/// rows of A before it runs them against every panel: tile by tile across the whole row (row sweeps) or panel
/// by panel down the chunk, as the blocking says. Work is split over output rows only, never over the
/// reduction, so every element is the same chain of multiply-adds whichever worker computes it; between
/// reduction blocks its partial sum waits in C, in float32, exactly as it was in the register.
/// </summary>
internal sealed unsafe class GemmJob<TOps, TVec, TEpilogue> : IParallelWork
    where TOps : struct, ISimdOps<TVec> where TVec : struct where TEpilogue : struct, IEpilogue<TVec>
{
    private const int Rows = MicroKernel.Rows;
    private const int MaxColumns = 32;

    /// <summary>
    /// About this many chunks per worker, so the last worker to finish waits little; a chunk is at most one row
    /// block (mc rows), so it reuses each B micro-panel across as many tiles as the blocking allows.
    /// </summary>
    private const int ChunksPerWorker = 8;

    private readonly GemmWorkspace _space;
    private Operand _a, _b;
    private float* _c;
    private nint _ldc;
    private int _m, _n, _k;
    private int _pc, _kc;
    private float* _packedB;
    private TEpilogue _epilogue;
    private bool _packing;
    private int _nextChunk;

    public GemmJob(GemmWorkspace space)
    {
        if (Columns > MaxColumns) throw new PlatformNotSupportedException($"vectors of {TOps.Count} floats exceed the edge-tile scratch");
        _space = space;
    }

    private static int Columns => 2 * TOps.Count;

    private int Panels => (_n + Columns - 1) / Columns;

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
        int blockSteps = _space.Blocking.ReductionSteps(n);
        _packedB = _space.PackedB((long)Panels * Math.Max(Math.Min(k, blockSteps), 1) * Columns);
        // k = 0 still makes one pass: the kernel runs no steps and the epilogue stores zeros.
        _pc = 0;
        do
        {
            _kc = Math.Min(blockSteps, k - _pc);
            _packing = true;
            pool.Run(this);
            _packing = false;
            _nextChunk = 0;
            pool.Run(this);
            _pc += _kc;
        }
        while (_pc < k);
    }

    public void Execute(int worker, int workers)
    {
        if (_packing) PackB(worker, workers);
        else MultiplyRows(worker, workers);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PackB(int worker, int workers)
    {
        if (_b.ColumnStride == 1)
        {
            // Row-major B: each worker copies a range of the block's rows into every panel, each row read once.
            Packing.RowsOfB(_b, _n, Columns, _pc, _kc, _kc * worker / workers, _kc * (worker + 1) / workers, _packedB);
            return;
        }
        int panels = Panels;
        int first = panels * worker / workers, last = panels * (worker + 1) / workers;
        for (int jp = first; jp < last; jp++)
            Packing.PanelOfTransposedB(_b, _n, jp * Columns, Columns, _pc, _kc, _packedB + (nint)jp * _kc * Columns);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MultiplyRows(int worker, int workers)
    {
        int tiles = (_m + Rows - 1) / Rows;
        int chunkTiles = Math.Clamp((tiles + workers * ChunksPerWorker - 1) / (workers * ChunksPerWorker), 1, _space.Blocking.RowBlock / Rows);
        int chunks = (tiles + chunkTiles - 1) / chunkTiles;
        float* packedA = _space.PackedA(worker);
        float* edgeC = stackalloc float[Rows * MaxColumns];
        TEpilogue epilogue = _epilogue;
        int panels = Panels, kc = _kc;
        bool accumulate = _pc > 0, final = _pc + kc >= _k, sweep = _space.Blocking.RowSweeps;

        for (int chunk = Interlocked.Increment(ref _nextChunk) - 1; chunk < chunks; chunk = Interlocked.Increment(ref _nextChunk) - 1)
        {
            int t0 = chunk * chunkTiles, t1 = Math.Min(tiles, t0 + chunkTiles);
            // Always packed: read in place, six rows a power-of-two stride apart share one set of the L1 cache.
            Packing.BlockOfA(_a, _m, t0 * Rows, t1 - t0, _pc, kc, packedA);
            // Row sweeps: each tile crosses all panels (one group); otherwise each panel goes down all tiles.
            int group = sweep ? panels : 1;
            for (int g0 = 0; g0 < panels; g0 += group)
                for (int t = t0; t < t1; t++)
                {
                    int i0 = t * Rows;
                    int height = Math.Min(Rows, _m - i0);
                    float* a = packedA + (nint)(t - t0) * Rows * kc;
                    if (final) epilogue.BeginRowTile(t);
                    for (int jp = g0; jp < g0 + group; jp++)
                    {
                        float* b = _packedB + (nint)jp * kc * Columns;
                        int j0 = jp * Columns;
                        int width = Math.Min(Columns, _n - j0);
                        float* c = _c + i0 * _ldc + j0;
                        if (height == Rows && width == Columns)
                            MicroKernel.Run<TOps, TVec, TEpilogue>(kc, a, b, c, _ldc, accumulate, final, ref epilogue);
                        else
                            EdgeTile(kc, a, b, c, height, width, accumulate, final, edgeC, ref epilogue);
                    }
                }
        }
    }

    /// <summary>A tile cut by the edge of C: run the full kernel on a zero-padded copy, then keep the valid part.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EdgeTile(int kc, float* a, float* b, float* c, int height, int width,
        bool accumulate, bool final, float* scratch, ref TEpilogue epilogue)
    {
        int columns = Columns;
        if (accumulate)
            for (int r = 0; r < Rows; r++)
                for (int j = 0; j < columns; j++)
                    scratch[r * columns + j] = r < height && j < width ? c[r * _ldc + j] : 0f;

        var store = default(StoreEpilogue<TOps, TVec>);
        MicroKernel.Run<TOps, TVec, StoreEpilogue<TOps, TVec>>(kc, a, b, scratch, columns, accumulate, final: false, ref store);
        for (int r = 0; r < height; r++)
            for (int j = 0; j < width; j++)
            {
                float value = scratch[r * columns + j];
                if (final) epilogue.Element(c + r * _ldc + j, value);
                else c[r * _ldc + j] = value;
            }
    }
}
