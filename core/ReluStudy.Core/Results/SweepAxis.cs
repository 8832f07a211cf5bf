using ReluStudy.Core.Results;

namespace ReluStudy.Core.Results;

/// <summary>
/// A setting a study sweeps and a prediction's quantity is fitted against: width m, depth L, step η or mini-batch size B.
/// <paramref name="ConfigKeys"/> are its entries in run.json's config, which do not separate the runs of one fit.
/// </summary>
public sealed record SweepAxis(string Name, string Symbol, string Plural, IReadOnlyList<string> ConfigKeys, Func<RunResult, double?> Of)
{
    /// <summary>"width m": the axis label of a chart.</summary>
    public string Label => $"{Name} {Symbol}";

    public static readonly SweepAxis Width = new("width", "m", "widths", ["widths", "width", "step_times_width"], r => r.Width);
    public static readonly SweepAxis Depth = new("depth", "L", "depths", ["depth", "widths"], r => (r.Config as DeepRunConfiguration)?.Depth);
    public static readonly SweepAxis Step = new("step", "eta", "steps", ["step", "step_times_width"], r => r.Config.Step);
    public static readonly SweepAxis Batch = new("batch", "B", "batch sizes", ["batch"],
        r => (r.Config as DeepRunConfiguration)?.Batch is int b and > 0 ? b : null);

    /// <summary>Every axis, in the order the pages list them.</summary>
    public static readonly IReadOnlyList<SweepAxis> All = [Width, Depth, Step, Batch];
}
