using ReluStudy.Core.CommandLine;
using System.Text.Json;
using ReluStudy.Cli.Bench;
using ReluStudy.Core.Data;
using ReluStudy.Core.LinearAlgebra;
using ReluStudy.Core.LinearAlgebra.Simd;
using ReluStudy.Core.Output;
using ReluStudy.Core.Training;

namespace ReluStudy.Cli;

/// <summary>
/// relustudy bench: the GD iteration at sizes A, B, C and square GEMMs, ours and (when Debian's
/// OpenBLAS is installed) the same work on cblas_sgemm, timed alternately in one process; peak memory of
/// a training run at each size; and the cost of the theory metrics at the default logging schedule.
/// </summary>
internal static class BenchCommand
{
    public static readonly OptionSet Options = new("relustudy bench [options]", "",
        [
            new("--only", "LIST", "comma-separated parts: A, B, C, gemm, metrics (default: all)"),
            new("--repeats", "N", "timed repetitions per item (default: 21 for A, 9 for B, 5 for C, 3-15 for GEMMs)"),
            new("--threads", "N", "worker threads (default: all cores)"),
            new("--level", "ISA", "the kernels' instruction set: one this machine runs, e.g. avx2 on an AVX-512 machine (default: the widest)"),
            new("--no-openblas", null, "skip the OpenBLAS comparison even when libopenblas.so.0 is present"),
            new("--json", null, "print the figures as JSON on stdout instead of a table"),
        ]);

    private static readonly string[] Parts = ["A", "B", "C", "gemm", "metrics"];

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellation)
    {
        if (Help.Asked(args, Options, stdout)) return ExitCodes.Ok;
        OptionReader o = Options.Read(args);
        foreach (string p in o.Positionals) o.Errors.Add($"bench: takes no positional arguments; got '{p}'");
        string[] only = (o.String("--only") ?? string.Join(",", Parts)).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (string part in only.Where(p => !Parts.Contains(p)))
            o.Errors.Add($"--only: every part must be one of {string.Join(", ", Parts)}; got '{part}'");
        int? repeats = o.Has("--repeats") ? o.Int("--repeats", 1, min: 1, max: 10_000) : null;
        int threads = o.Threads();
        InstructionSet level = o.Choice("--level", InstructionSets.Best, InstructionSets.Available.ToDictionary(l => l.Name()));
        if (o.Failed(stderr)) return ExitCodes.BadOption;


        var workloads = new List<WorkloadResult>();
        var gemms = new List<GemmResult>();
        MetricsOverhead? overhead = null;
        double peak;
        string blocking;
        OpenBlas? blas;
        using (var ours = new SimdKernels(threads, level))
        {
            // Before OpenBLAS is loaded: its idle threads spin for a while and would take a core from the peak's loops.
            blocking = ours.Blocking;
            peak = ours.MeasureFmaPeak();
            blas = o.Has("--no-openblas") ? null : OpenBlas.TryLoad(threads);
            stderr.WriteLine($"bench: {threads} thread(s), kernels {ours.InstructionSet.Name()} ({blocking}), multiply-add peak {peak:F1} GFLOP/s, "
                             + (blas is null ? "OpenBLAS not used (install libopenblas0 to compare)" : $"OpenBLAS {blas.Config}"));
            foreach (Workload w in Workload.Standard.Where(w => only.Contains(w.Name)))
            {
                cancellation.ThrowIfCancellationRequested();
                workloads.Add(MeasureWorkload(w, ours, blas, threads, repeats ?? DefaultRepeats(w), stderr));
            }
            if (only.Contains("gemm"))
                foreach (int size in new[] { 1024, 2048, 4096 })
                {
                    cancellation.ThrowIfCancellationRequested();
                    gemms.Add(MeasureGemm(size, ours, blas, repeats ?? Math.Max(3, 15 * 1024 / size), stderr));
                }
            if (workloads.Count + gemms.Count > 0)
            {
                // A peak is a maximum, and a shared machine's speed drifts over minutes: the larger of the peaks before
                // and after the products (after OpenBLAS's idle threads have gone to sleep).
                Thread.Sleep(TimeSpan.FromSeconds(1));
                peak = Math.Max(peak, ours.MeasureFmaPeak());
                stderr.WriteLine($"bench: multiply-add peak after the products {peak:F1} GFLOP/s (the larger of before and after)");
            }
        }
        if (only.Contains("metrics"))
        {
            cancellation.ThrowIfCancellationRequested();
            overhead = MeasureMetricsOverhead(threads, level, repeats ?? 5, stderr, cancellation);
        }

        var report = new BenchReport("relustudy-bench/2", threads, level.Name(), Core.Results.RunEnvironment.CpuModel(),
            blocking, peak, blas?.Config, workloads.Select(w => w with { FractionOfPeak = w.Gflops / peak }).ToList(),
            gemms.Select(g => g with { FractionOfPeak = g.Gflops / peak }).ToList(), overhead);
        if (o.Has("--json")) stdout.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
        else BenchTable.Write(report, stdout);
        return ExitCodes.Ok;
    }

    private static int DefaultRepeats(Workload w) => w.Name switch { "A" => 21, "B" => 9, _ => 5 };

    private static WorkloadResult MeasureWorkload(Workload w, SimdKernels ours, OpenBlas? blas, int threads, int repeats, TextWriter log)
    {
        log.WriteLine($"bench: workload {w.Name} (n={w.N}, d={w.D}, m={w.M}, L={w.L}), {repeats} interleaved repeats ...");
        Dataset data = w.SyntheticData();
        (double seconds, double? theirs) = TimeIterations(w, data, ours, blas, threads, repeats);
        double? peakRss = PeakOfTrainingRun(w, data, ours);
        double gflops = w.Flops / seconds / 1e9;
        double? theirGflops = theirs is double t ? w.Flops / t / 1e9 : null;
        return new WorkloadResult(w.Name, w.N, w.D, w.M, w.L, seconds, gflops, theirs, theirGflops,
            theirGflops is double g ? gflops / g : null, peakRss, repeats, FractionOfPeak: double.NaN);
    }

    // Not inlined, so both networks are garbage once it returns and stay out of the memory figure.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (double Ours, double? Theirs) TimeIterations(Workload w, Dataset data, SimdKernels ours, OpenBlas? blas, int threads, int repeats)
    {
        var mine = new GdIteration(w, data, ours);
        var other = blas is null ? null : new GdIteration(w, data, new OpenBlasKernels(blas, threads));
        return Interleaved.Medians(mine.Seconds, other is null ? null : other.Seconds, repeats);
    }

    /// <summary>Peak RSS of the process while it trains this size for two logged iterations (every metric, W(0), patterns).</summary>
    private static double? PeakOfTrainingRun(Workload w, Dataset data, IMatrixKernels kernels)
    {
        if (!PeakMemory.Restart()) return null;
        var config = new TrainingConfig { Widths = Enumerable.Repeat(w.M, w.L).ToArray(), StepSize = 1e-3, Iterations = 2, Threads = kernels.Threads };
        Trainer.Run(config, data, null, new NullObserver(), kernels);
        return PeakMemory.PeakMegabytes();
    }

    private static GemmResult MeasureGemm(int size, SimdKernels ours, OpenBlas? blas, int repeats, TextWriter log)
    {
        log.WriteLine($"bench: square GEMM {size}, {repeats} interleaved repeats ...");
        var rng = new Random(size);
        float[] a = Enumerable.Range(0, size * size).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        float[] b = Enumerable.Range(0, size * size).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var c = new float[size * size];
        double Ours()
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            ours.MultiplyNN(a, b, c, size, size, size);
            return System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        double Theirs()
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            blas!.Sgemm(false, false, size, size, size, a, b, c);
            return System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        (double seconds, double? theirs) = Interleaved.Medians(Ours, blas is null ? null : Theirs, repeats);
        double flops = 2.0 * size * size * size;
        double gflops = flops / seconds / 1e9;
        double? theirGflops = theirs is double t ? flops / t / 1e9 : null;
        return new GemmResult($"sgemm-{size}", size, seconds, gflops, theirGflops, theirGflops is double g ? gflops / g : null, repeats, FractionOfPeak: double.NaN);
    }

    /// <summary>The default single run (relustudy train) with the default logging schedule against logging only k = 0 and k = K, alternately.</summary>
    private static MetricsOverhead MeasureMetricsOverhead(int threads, InstructionSet level, int repeats, TextWriter log, CancellationToken cancellation)
    {
        var request = new DataRequest { Kind = DatasetKind.Mnist, ClassA = "3", ClassB = "8", TrainCount = 1000 };
        Dataset train = BinaryTask.Prepare(request).Train;
        var logged = new TrainingConfig
        {
            Widths = Enumerable.Repeat(128, 15).ToArray(), StepSize = 0.005, Iterations = 300, Seed = 1, Threads = threads,
        };
        var bare = logged with { Schedule = LogSchedule.Every(int.MaxValue) };
        int rows = Enumerable.Range(0, logged.Iterations + 1).Count(k => logged.Schedule.IsLogged(k, logged.Iterations));
        log.WriteLine($"bench: metrics overhead on the default train run (MNIST 3v8, n=1000, L=15, m=128, K=300, {rows} logged rows), {repeats} interleaved repeats ...");
        using var kernels = new SimdKernels(threads, level);
        var fractions = new List<double>();
        var measuring = new List<double>();
        double Time(TrainingConfig config)
        {
            TrainingOutcome outcome = Trainer.Run(config, train, null, new NullObserver(), kernels, cancellation);
            if (ReferenceEquals(config, logged))
            {
                fractions.Add(outcome.MetricsSeconds / (outcome.Seconds - outcome.MetricsSeconds));
                measuring.Add(outcome.MetricsSeconds);
            }
            return outcome.Seconds;
        }
        (double with, double? without) = Interleaved.Medians(() => Time(logged), () => Time(bare), repeats, warmups: 1);
        fractions.RemoveAt(0); // the warm-up run
        measuring.RemoveAt(0);
        return new MetricsOverhead("mnist 3v8, n=1000, L=15, m=128, K=300, default schedule", rows, with, Interleaved.Median(measuring),
            Interleaved.Median(fractions), without!.Value, with / without.Value - 1, repeats);
    }

    private sealed class NullObserver : ITrainingObserver
    {
        public void OnIteration(int iteration, int lastIteration, double loss, double trainError) { }
        public void OnRow(MetricsRow row) { }
    }
}
