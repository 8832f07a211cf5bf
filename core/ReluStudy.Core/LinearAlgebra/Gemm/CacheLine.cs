using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace ReluStudy.Core.LinearAlgebra.Gemm;

/// <summary>Software prefetch, where the instruction set has one (x86); elsewhere nothing.</summary>
internal static unsafe class CacheLine
{
    /// <summary>Asks for every line holding the <paramref name="count"/> floats from <paramref name="p"/>, into every cache level.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Prefetch(float* p, int count)
    {
        if (!Sse.IsSupported) return;
        // Every 16 floats (64 bytes) from the start, then the last float: a run that does not start on a line
        // boundary reaches one line further than its length.
        for (int i = 0; i < count; i += 16) Sse.Prefetch0(p + i);
        Sse.Prefetch0(p + count - 1);
    }
}
