using ReluStudy.Core.Data;
using ReluStudy.Core.Results;
using ReluStudy.Core.Training;

namespace ReluStudy.Core.Studies;

/// <summary>One run of a plan: its spec, content id, folder, state on disk and estimated cost.</summary>
public sealed record PlannedRun(RunSpec Spec, string Id, string Folder, RunState State, RunStatus? Status, double Flops, double EstimatedSeconds)
{
    /// <summary>The largest η·m at which the tangent kernel's prediction is stable (<see cref="TangentKernel.StepCeiling"/>), for deep runs that predict.</summary>
    public double? MaxStableStepTimesWidth { get; init; }

    /// <summary>The part of <see cref="Flops"/> the sharpness measurements take at most (<see cref="RunSpec.SharpnessFlops"/>); 0 without.</summary>
    public double SharpnessFlops { get; init; }

    /// <summary>η·m of the run: above <see cref="MaxStableStepTimesWidth"/>, the lazy-regime predictions do not describe it.</summary>
    public double? StepTimesWidth => Spec.Deep?.StepTimesWidth;
}

/// <summary>A study's runs resolved against the results folder, with the prepared data they share.</summary>
public sealed class StudyPlan
{
    internal StudyPlan(string name, string folder, IReadOnlyList<PlannedRun> runs, IReadOnlyDictionary<(DataRequest, bool), LoadedData> data,
        StudyDeclaration declaration)
    {
        Declaration = declaration;
        Name = name;
        Folder = folder;
        Runs = runs;
        Data = data;
    }

    public string Name { get; }
    /// <summary>How the study was declared (summary, tracked quantities, theory, baselines), kept in study.json for its pages.</summary>
    public StudyDeclaration Declaration { get; }
    public string Folder { get; }
    public IReadOnlyList<PlannedRun> Runs { get; }
    /// <summary>Whether the runner trains ML.NET's baselines on each classification data set with a test split.</summary>
    public bool Baselines => Declaration.Baselines.Count > 0;
    internal IReadOnlyDictionary<(DataRequest Request, bool TwoLayer), LoadedData> Data { get; }

    /// <summary>The data sets whose baselines the plan asks for and whose file (baselines/&lt;checksum&gt;.json) is not there yet.</summary>
    internal IEnumerable<(LoadedData Data, string Path)> PendingBaselines =>
        Baselines
            ? Data.Values.DistinctBy(d => d.Checksum).Where(d => d.Classification?.Test is not null)
                .Select(d => (d, ResultsLayout.PerData(Folder, ResultsLayout.Baselines, d.Checksum))).Where(b => !File.Exists(b.Item2))
            : [];

    /// <summary>About how long the pending baselines take on this machine (<see cref="Core.Baselines.BaselineRunner.EstimatedSeconds"/>).</summary>
    public IReadOnlyList<double> PendingBaselineSeconds => PendingBaselines.Select(b => Core.Baselines.BaselineRunner.EstimatedSeconds(b.Data.Classification!.Train)).ToArray();

    /// <summary>The input dimension d of a run's prepared data.</summary>
    public int DimensionOf(PlannedRun run) => Data[(run.Spec.Data, run.Spec.IsTwoLayer)].Dimension;

    public double TotalFlops => Runs.Sum(r => r.Flops);
    public double EstimatedSeconds => Runs.Where(r => r.State != RunState.Done).Sum(r => r.EstimatedSeconds);
}

/// <summary>Prepared inputs of one data request: the classification set (deep model) or inputs and targets (two-layer), and their checksum.</summary>
public sealed record LoadedData(PreparedData? Classification, float[] X, double[] Y, int Dimension, DataDescription Description, string Checksum)
{
    /// <summary>Reads and prepares the data of <paramref name="request"/> for the deep network or the two-layer model.</summary>
    public static LoadedData Load(DataRequest request, bool twoLayer)
    {
        if (twoLayer)
        {
            (float[] x, double[] y, DataDescription d) = BinaryTask.PrepareRegression(request);
            return new LoadedData(null, x, y, d.Dimension, d, RunIdentity.DataChecksum(x, y));
        }
        PreparedData p = BinaryTask.Prepare(request);
        double[] labels = p.Train.Labels.Select(v => (double)v).ToArray();
        return new LoadedData(p, p.Train.Features, labels, p.Train.Dimension, p.Description, RunIdentity.DataChecksum(p.Train.Features, labels));
    }
}
