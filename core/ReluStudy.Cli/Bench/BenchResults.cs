using System.Text.Json.Serialization;

namespace ReluStudy.Cli.Bench;

/// <summary>One GD-iteration workload, ours beside the OpenBLAS-based iteration.</summary>
internal sealed record WorkloadResult(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("d")] int D,
    [property: JsonPropertyName("m")] int M,
    [property: JsonPropertyName("L")] int L,
    [property: JsonPropertyName("seconds_median")] double SecondsMedian,
    [property: JsonPropertyName("gflops")] double Gflops,
    [property: JsonPropertyName("openblas_seconds_median")] double? OpenBlasSecondsMedian,
    [property: JsonPropertyName("openblas_gflops")] double? OpenBlasGflops,
    [property: JsonPropertyName("ratio_vs_openblas")] double? RatioVsOpenBlas,
    [property: JsonPropertyName("peak_rss_mb")] double? PeakRssMb,
    [property: JsonPropertyName("repeats")] int Repeats,
    [property: JsonPropertyName("fraction_of_peak")] double FractionOfPeak);

/// <summary>A square C = A·B.</summary>
internal sealed record GemmResult(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("size")] int Size,
    [property: JsonPropertyName("seconds_median")] double SecondsMedian,
    [property: JsonPropertyName("gflops")] double Gflops,
    [property: JsonPropertyName("openblas_gflops")] double? OpenBlasGflops,
    [property: JsonPropertyName("ratio_vs_openblas")] double? RatioVsOpenBlas,
    [property: JsonPropertyName("repeats")] int Repeats,
    [property: JsonPropertyName("fraction_of_peak")] double FractionOfPeak);

/// <summary>
/// The theory metrics' cost in a training run with the default logging schedule: <c>overhead</c> is the
/// time spent measuring logged rows over the rest of the same runs (medians), which machine noise cannot
/// skew; <c>overhead_from_totals</c> compares whole runs against runs logging only k = 0 and the last.
/// </summary>
internal sealed record MetricsOverhead(
    [property: JsonPropertyName("run")] string Run,
    [property: JsonPropertyName("logged_rows")] int LoggedRows,
    [property: JsonPropertyName("seconds_with_metrics")] double SecondsWithMetrics,
    [property: JsonPropertyName("metrics_seconds")] double MetricsSeconds,
    [property: JsonPropertyName("overhead")] double Overhead,
    [property: JsonPropertyName("seconds_without_metrics")] double SecondsWithoutMetrics,
    [property: JsonPropertyName("overhead_from_totals")] double OverheadFromTotals,
    [property: JsonPropertyName("repeats")] int Repeats);

internal sealed record BenchReport(
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("instruction_set")] string InstructionSet,
    [property: JsonPropertyName("machine")] string Machine,
    [property: JsonPropertyName("kernel_blocking")] string KernelBlocking,
    [property: JsonPropertyName("fma_peak_gflops")] double FmaPeakGflops,
    [property: JsonPropertyName("openblas")] string? OpenBlas,
    [property: JsonPropertyName("workloads")] IReadOnlyList<WorkloadResult> Workloads,
    [property: JsonPropertyName("gemms")] IReadOnlyList<GemmResult> Gemms,
    [property: JsonPropertyName("metrics_overhead")] MetricsOverhead? MetricsOverhead);
