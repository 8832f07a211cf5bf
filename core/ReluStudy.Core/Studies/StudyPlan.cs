using ReluStudy.Core.Data;

namespace ReluStudy.Core.Studies;

/// <summary>What a run's folder says about it.</summary>
public enum RunState
{
    /// <summary>No folder yet.</summary>
    New,
    /// <summary>Finished with a result (completed, target reached, zero error, diverged): reused as is.</summary>
    Done,
    /// <summary>Started but never finished (interrupted or killed): run again.</summary>
    Unfinished,
    /// <summary>Threw an error: run again only on request.</summary>
    Failed,
}

/// <summary>One run of a plan: its spec, content id, folder, state on disk and estimated cost.</summary>
public sealed record PlannedRun(RunSpec Spec, string Id, string Folder, RunState State, string? Status, double Flops, double EstimatedSeconds);

/// <summary>A study's runs resolved against the results folder, with the prepared data they share.</summary>
public sealed class StudyPlan
{
    internal StudyPlan(string name, string folder, IReadOnlyList<PlannedRun> runs, IReadOnlyDictionary<(DataRequest, bool), LoadedData> data,
        IReadOnlyDictionary<string, string> declaration)
    {
        Declaration = declaration;
        Name = name;
        Folder = folder;
        Runs = runs;
        Data = data;
    }

    public string Name { get; }
    /// <summary>The declaration's description (summary, tracked quantities, overlays) for study.json.</summary>
    public IReadOnlyDictionary<string, string> Declaration { get; }
    public string Folder { get; }
    public IReadOnlyList<PlannedRun> Runs { get; }
    /// <summary>Whether the runner trains ML.NET's baselines on each classification data set with a test split.</summary>
    public bool Baselines { get; init; }
    internal IReadOnlyDictionary<(DataRequest Request, bool TwoLayer), LoadedData> Data { get; }

    /// <summary>The input dimension d of a run's prepared data.</summary>
    public int DimensionOf(PlannedRun run) => Data[(run.Spec.Data, run.Spec.IsTwoLayer)].Dimension;

    public double TotalFlops => Runs.Sum(r => r.Flops);
    public double EstimatedSeconds => Runs.Where(r => r.State != RunState.Done).Sum(r => r.EstimatedSeconds);
}

/// <summary>Prepared inputs of one data request: the classification set (deep model) or inputs and targets (two-layer).</summary>
internal sealed record LoadedData(PreparedData? Classification, float[] X, double[] Y, int Dimension, DataDescription Description, string Checksum);
