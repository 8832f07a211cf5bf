using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace ReluStudy.Core.Kernels.Gemm;

/// <summary>Software prefetch, where the instruction set has one (x86); elsewhere nothing.</summary>
internal static unsafe class CacheLine
{
    /// <summary>Asks for the line(s) holding <paramref name="count"/> floats from <paramref name="p"/> into every cache level.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Prefetch(float* p, int count)
    {
        if (!Sse.IsSupported) return;
        Sse.Prefetch0(p);
        Sse.Prefetch0(p + count - 1);
    }
}
