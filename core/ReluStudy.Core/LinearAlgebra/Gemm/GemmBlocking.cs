using ReluStudy.Core.LinearAlgebra.Simd;

namespace ReluStudy.Core.LinearAlgebra.Gemm;

/// <summary>
/// How the packed GEMM cuts a product, per instruction set: the register tile is always 6 rows × 2 vectors
/// (<see cref="MicroKernel"/>), <see cref="ReductionBlock"/> (kc) steps of the reduction run in one kernel call,
/// and each worker packs its rows of A in blocks of <see cref="RowBlock"/> (mc). With <see cref="RowSweeps"/>
/// each 6-row tile runs across every panel of B before the next tile starts, so C is written a whole row at a
/// time; the packed B block (kc × n floats, re-read by every tile) is then kept within <see cref="PackedBLimit"/>
/// bytes by shortening kc for wide products (<see cref="ReductionSteps"/>). Without it the panels are the
/// outer loop and each B micro-panel is reused down the row block. The blocking never changes a result: every
/// element is one chain over the whole reduction in order, its partial sums kept in float32 in C between
/// blocks, exactly as in the registers.
/// </summary>
internal readonly record struct GemmBlocking(int ReductionBlock, int RowBlock, bool RowSweeps = false, long PackedBLimit = 0)
{
    /// <summary>
    /// The shortest block <see cref="PackedBLimit"/> may cut kc to: every further block reloads and stores all of
    /// C's partial sums once more.
    /// </summary>
    public const int ShortestReductionBlock = 256;

    /// <summary>
    /// The blocking of <paramref name="level"/>, each chosen by measurement on 2 cores (the figures: README, "Performance"):
    /// AVX-512 kc 256, mc 192, panels outer, so the 6 × 32 tile's B micro-panel stays in L1 across the row block; AVX2 kc 1024,
    /// mc 192, row sweeps, packed B within a quarter of the last-level cache, because each extra reduction block reloads every
    /// C tile and writing whole rows of C pays; SSE and scalar, fallbacks not tuned, as AVX-512.
    /// </summary>
    public static GemmBlocking For(InstructionSet level) => level switch
    {
        InstructionSet.Vector256 => new(ReductionBlock: 1024, RowBlock: 32 * MicroKernel.Rows, RowSweeps: true, PackedBLimit: LastLevelCache.Bytes / 4),
        _ => new(ReductionBlock: 256, RowBlock: 32 * MicroKernel.Rows),
    };

    /// <summary>kc for a product n columns wide: <see cref="ReductionBlock"/>, shortened (to no less than 256) so kc × n floats fit the limit.</summary>
    public int ReductionSteps(int n)
    {
        if (PackedBLimit <= 0) return ReductionBlock;
        long fitting = PackedBLimit / (sizeof(float) * (long)Math.Max(n, 1));
        return (int)Math.Clamp(fitting, Math.Min(ShortestReductionBlock, ReductionBlock), ReductionBlock);
    }

    /// <summary>"6x16 tile, kc 1024, mc 192, row sweeps, packed B ≤ 8 MB": what run.json's machine section and the bench record.</summary>
    public string Describe(int tileColumns) =>
        $"{MicroKernel.Rows}x{tileColumns} tile, kc {ReductionBlock}, mc {RowBlock}" +
        (RowSweeps ? ", row sweeps" : "") + (PackedBLimit > 0 ? $", packed B ≤ {PackedBLimit >> 20} MB" : "");
}
