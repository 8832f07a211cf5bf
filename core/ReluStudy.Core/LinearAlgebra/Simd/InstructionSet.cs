using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ReluStudy.Core.LinearAlgebra.Simd;

/// <summary>The vector width the kernels run at. Wider levels need FMA, which every such CPU has.</summary>
public enum InstructionSet
{
    Scalar,
    Vector128,
    Vector256,
    Vector512,
}

public static class InstructionSets
{
    /// <summary>The widest level this process may use (honours DOTNET_EnableAVX512=0 and the like).</summary>
    public static InstructionSet Best { get; } = Detect();

    /// <summary>This level and every narrower one: the paths a test on this machine can exercise.</summary>
    public static IReadOnlyList<InstructionSet> Available { get; } =
        Enum.GetValues<InstructionSet>().Where(level => level <= Best).ToArray();

    /// <summary>Floats per vector at this level.</summary>
    public static int FloatsPerVector(this InstructionSet level) => level switch
    {
        InstructionSet.Vector512 => Vector512<float>.Count,
        InstructionSet.Vector256 => Vector256<float>.Count,
        InstructionSet.Vector128 => Vector128<float>.Count,
        _ => 1,
    };

    public static string Name(this InstructionSet level) => level switch
    {
        InstructionSet.Vector512 => "avx512",
        InstructionSet.Vector256 => "avx2",
        InstructionSet.Vector128 => "sse",
        _ => "scalar",
    };

    private static InstructionSet Detect()
    {
        if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported) return InstructionSet.Vector512;
        if (Vector256.IsHardwareAccelerated && Fma.IsSupported) return InstructionSet.Vector256;
        if (Vector128.IsHardwareAccelerated) return InstructionSet.Vector128;
        return InstructionSet.Scalar;
    }
}
