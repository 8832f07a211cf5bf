using System.Runtime.InteropServices;

namespace ReluStudy.Core.LinearAlgebra.Gemm;

/// <summary>
/// Packing buffers, 64-byte aligned in native memory and grown only when a larger product arrives, so
/// after the first GD iteration the products allocate nothing: the packed B (shared by all workers),
/// one packed A block per worker, and one float64 slot per 6-row tile for epilogue sums.
/// </summary>
internal sealed unsafe class GemmWorkspace : IDisposable
{
    private readonly float*[] _packedA;
    private float* _packedB;
    private long _packedBLength;
    private double[] _rowTileSums = [];

    public GemmWorkspace(int workers, GemmBlocking blocking)
    {
        Blocking = blocking;
        _packedA = new float*[workers];
        for (int w = 0; w < workers; w++)
            _packedA[w] = (float*)NativeMemory.AlignedAlloc((nuint)((long)(blocking.RowBlock + MicroKernel.Rows) * blocking.ReductionBlock * sizeof(float)), 64);
    }

    public GemmBlocking Blocking { get; }

    /// <summary>Room for an mc × kc block of A plus one 6-row edge tile.</summary>
    public float* PackedA(int worker) => _packedA[worker];

    public float* PackedB(long length)
    {
        if (length > _packedBLength)
        {
            NativeMemory.AlignedFree(_packedB);
            _packedB = (float*)NativeMemory.AlignedAlloc((nuint)(length * sizeof(float)), 64);
            _packedBLength = length;
        }
        return _packedB;
    }

    /// <summary>Zeroed float64 slots, one per 6-row tile.</summary>
    public double[] RowTileSums(int tiles)
    {
        if (_rowTileSums.Length < tiles) _rowTileSums = new double[tiles];
        Array.Clear(_rowTileSums, 0, tiles);
        return _rowTileSums;
    }

    public void Dispose()
    {
        foreach (float* p in _packedA) NativeMemory.AlignedFree(p);
        Array.Clear(_packedA);
        NativeMemory.AlignedFree(_packedB);
        _packedB = null;
        _packedBLength = 0;
    }
}
