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
    /// The blocking of <paramref name="level"/>, each chosen by measurement on 2 cores (README "Performance"):
    /// <list type="bullet">
    /// <item>AVX-512 (AMD EPYC Zen 4): kc 256, mc 192, panels outer. The 6 × 32 tile's B micro-panel (kc × 32
    /// floats, 32 KB) stays in L1 across the row block; 16 row tiles per block gave 0.88× OpenBLAS on a 4096²
    /// product, 32 tiles 0.95×. Not re-measured since (no AVX-512 machine at hand).</item>
    /// <item>AVX2 (AMD EPYC Zen 3, 32 KB L1d, 512 KB L2, 32 MB L3): kc 1024, mc 192, row sweeps, packed B at most
    /// a quarter of the last-level cache. Long reduction blocks pay because each extra block reloads every C tile
    /// and re-packs A (`relustudy bench --only C,gemm` with kc 256 / 512 / 1024 / 2048 gave workload C at 0.94 /
    /// 0.97 / 1.02 / 1.03× OpenBLAS). Row sweeps against panels outer, paired in one process (medians of per-pair
    /// time ratios, lower is faster): C-sized layer (4000 × 1024 × 1024) forward 0.90–0.95, backward 0.95–0.96,
    /// gradient 0.93–0.96; B-sized (1000 rows) 0.97–0.99; A-sized (1000 × 256 × 256) 0.94–0.99 forward and
    /// backward, gradient 1.00–1.02; square 1024² 0.96, 2048² 0.94–0.95. Sweeping only part of a row (16, 32
    /// or 64 panels at a time) gained nothing at C's or the 2048² size: it is the whole rows of C that pay. The
    /// 4096² product with kc 1024 re-reads a 16 MB packed B per tile and ran 2× slower swept; kc 512 (8 MB) ran
    /// 0.92–1.02 of panels outer at kc 1024, hence the quarter-of-L3 limit. mc matters little once tiles sweep rows
    /// (48, 96 and 192 within the noise).</item>
    /// <item>SSE and scalar (fallbacks, not tuned): as AVX-512.</item>
    /// </list>
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
