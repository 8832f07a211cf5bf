using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ReluStudy.Core.LinearAlgebra.Simd;
using ReluStudy.Core.LinearAlgebra.Gemm;

namespace ReluStudy.Core.LinearAlgebra;

/// <summary>
/// The machine's multiply-add peak at one instruction set, measured: on every worker at once, twelve independent
/// chains c ← c·x + y held in registers (as many as the GEMM's register tile keeps, enough to cover the FMA latency on
/// every current core), timed together. Counts 2 FLOPs per lane per multiply-add, as the products are counted.
/// </summary>
internal static class FmaPeak
{
    private const int Chains = 12;

    /// <summary>
    /// GFLOP/s of all the workers together: the fastest of <paramref name="repeats"/> timings sharing about
    /// <paramref name="seconds"/> (a peak is a maximum; on a shared machine one preempted worker halves a timing).
    /// </summary>
    public static double Measure(WorkerPool pool, InstructionSet level, double seconds, int repeats = 9)
    {
        Func<long, float> loop = level switch
        {
            InstructionSet.Vector512 => Loop<Simd512, Vector512<float>>,
            InstructionSet.Vector256 => Loop<Simd256, Vector256<float>>,
            InstructionSet.Vector128 => Loop<Simd128, Vector128<float>>,
            _ => Loop<SimdScalar, float>,
        };
        int lanes = level.FloatsPerVector();
        var work = new ChainWork(loop);
        // Calibrate on a short run, then time runs each long enough to swamp the fork and join.
        long iterations = 1 << 16;
        double elapsed = work.Time(pool, iterations);
        iterations = Math.Max(iterations, (long)(iterations * seconds / repeats / Math.Max(elapsed, 1e-6)));
        double fastest = double.PositiveInfinity;
        for (int r = 0; r < repeats; r++) fastest = Math.Min(fastest, work.Time(pool, iterations));
        return pool.Threads * iterations * Chains * 2.0 * lanes / fastest / 1e9;
    }

    /// <summary>Twelve independent multiply-add chains; the result is returned so the JIT keeps them.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Loop<TOps, TVec>(long iterations) where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        TVec x = TOps.Broadcast(0.999999f), y = TOps.Broadcast(1e-7f);
        TVec c0 = TOps.Broadcast(1f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
        TVec c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (long i = 0; i < iterations; i++)
        {
            c0 = TOps.MultiplyAdd(c0, x, y); c1 = TOps.MultiplyAdd(c1, x, y); c2 = TOps.MultiplyAdd(c2, x, y);
            c3 = TOps.MultiplyAdd(c3, x, y); c4 = TOps.MultiplyAdd(c4, x, y); c5 = TOps.MultiplyAdd(c5, x, y);
            c6 = TOps.MultiplyAdd(c6, x, y); c7 = TOps.MultiplyAdd(c7, x, y); c8 = TOps.MultiplyAdd(c8, x, y);
            c9 = TOps.MultiplyAdd(c9, x, y); c10 = TOps.MultiplyAdd(c10, x, y); c11 = TOps.MultiplyAdd(c11, x, y);
        }
        TVec sum = TOps.MultiplyAdd(c0, x, c1);
        sum = TOps.MultiplyAdd(c2, x, TOps.MultiplyAdd(c3, x, TOps.MultiplyAdd(c4, x, TOps.MultiplyAdd(c5, x, sum))));
        sum = TOps.MultiplyAdd(c6, x, TOps.MultiplyAdd(c7, x, TOps.MultiplyAdd(c8, x, TOps.MultiplyAdd(c9, x, sum))));
        sum = TOps.MultiplyAdd(c10, x, TOps.MultiplyAdd(c11, x, sum));
        return (float)TOps.SumToDouble(sum);
    }

    private sealed class ChainWork(Func<long, float> loop) : IParallelWork
    {
        private long _iterations;

        public double Time(WorkerPool pool, long iterations)
        {
            _iterations = iterations;
            long start = Stopwatch.GetTimestamp();
            pool.Run(this);
            return Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        public void Execute(int worker, int workers) => loop(_iterations);
    }
}
