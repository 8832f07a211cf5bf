using ReluStudy.Core.Kernels.Simd;

namespace ReluStudy.Core.Kernels.Gemm;

/// <summary>
/// How the packed GEMM cuts a product, per instruction set: the register tile is always 6 rows × 2 vectors
/// (<see cref="MicroKernel"/>), <see cref="ReductionBlock"/> (kc) steps of the reduction run in one kernel call,
/// and each worker walks its rows in blocks of <see cref="RowBlock"/> (mc). The blocking never changes a
/// result: every element is one chain over the whole reduction in order, its partial sums kept in float32
/// in C between blocks, exactly as in the registers.
/// </summary>
internal readonly record struct GemmBlocking(int ReductionBlock, int RowBlock)
{
    /// <summary>
    /// The blocking of <paramref name="level"/>, each chosen by measurement against OpenBLAS 0.3.21 on 2 cores
    /// (README "Performance"):
    /// <list type="bullet">
    /// <item>AVX-512 (AMD EPYC Zen 4): kc 256, mc 192. The 6 × 32 tile's B micro-panel (kc × 32 floats, 32 KB)
    /// stays in L1 across the row block; 16 row tiles per block gave 0.88× OpenBLAS on a 4096² product, 32 tiles
    /// 0.95×. Not re-measured since A is always packed (no AVX-512 machine at hand then).</item>
    /// <item>AVX2 (AMD EPYC Zen 3, 32 KB L1d, 512 KB L2): kc 1024, mc 192. Each extra reduction block reloads every
    /// C tile (partial sums) and re-packs A, so long blocks pay: `relustudy bench --only C,gemm` with kc 256 / 512 /
    /// 1024 / 2048 gave workload C at 0.94 / 0.97 / 1.02 / 1.03× OpenBLAS and the 1024² product at 1.00 / 0.92 /
    /// 1.05 / 0.99× (run-to-run noise here is ±5 %). The B micro-panel (kc × 16 floats, 64 KB) lives in L2 beside
    /// the streamed A tiles; 2048 gained nothing measurable for twice the panel. Re-measured paired in one
    /// process (medians of per-pair ratios, 4096² product): kc 1024 with mc 96 or 72, kc 512 with mc 96 and
    /// kc 2048 with mc 48 were 2–11 % slower than kc 1024, mc 192; on a C-sized GD layer mc 96 and kc 512 were
    /// within 3 % and kc 256 (mc 144) 6 % slower.</item>
    /// <item>SSE and scalar (fallbacks, not tuned): as AVX-512.</item>
    /// </list>
    /// </summary>
    public static GemmBlocking For(InstructionSet level) => level switch
    {
        InstructionSet.Vector256 => new(ReductionBlock: 1024, RowBlock: 32 * MicroKernel.Rows),
        _ => new(ReductionBlock: 256, RowBlock: 32 * MicroKernel.Rows),
    };

    /// <summary>"6x16 tile, kc 1024, mc 192": what run.json's machine section and the bench record.</summary>
    public string Describe(int tileColumns) => $"{MicroKernel.Rows}x{tileColumns} tile, kc {ReductionBlock}, mc {RowBlock}";
}
