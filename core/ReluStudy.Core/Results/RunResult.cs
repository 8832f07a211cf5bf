using ReluStudy.Core.Training;

namespace ReluStudy.Core.Results;

/// <summary>A run folder read back — its record, spec and logged rows — as the fits, the report and export read it.</summary>
public sealed record RunResult(string Folder, RunRecord Record, SpecRecord? Spec, IReadOnlyList<CsvRow> Rows, IReadOnlyList<CsvRow> LayerRows,
    IReadOnlyList<CsvRow> PredictionRows, IReadOnlyList<CsvRow> TangentKernelRows)
{
    /// <summary>sharpness.csv's rows; none for a run that did not measure sharpness (and for every folder written before it existed).</summary>
    public IReadOnlyList<CsvRow> SharpnessRows { get; init; } = [];

    /// <summary>The folder's name: the content id for study runs.</summary>
    public string Id => Path.GetFileName(Folder);

    public RunStatus Status => Record.Status;
    public RunConfiguration Config => Record.Config;
    public int Width => Config.Width;
    public ulong Seed => Config.Seed;

    /// <summary>The sweep values that pick the run out of its study (width = 64, seed = 2); none for a single train run.</summary>
    public IReadOnlyDictionary<string, string> Axes => Spec?.Axes ?? new Dictionary<string, string>();

    /// <exception cref="ResultsFormatException">a file of the folder is not what this version reads.</exception>
    public static RunResult Read(string folder) =>
        new(Path.GetFullPath(folder), RunRecordFile.Read(folder), SpecRecord.Read(folder),
            CsvRow.ReadAll(ResultsLayout.In(folder, ResultsLayout.Metrics)), CsvRow.ReadAll(ResultsLayout.In(folder, ResultsLayout.Layers)),
            CsvRow.ReadAll(ResultsLayout.In(folder, ResultsLayout.Predictions)), CsvRow.ReadAll(ResultsLayout.In(folder, ResultsLayout.TangentKernel)))
        {
            SharpnessRows = CsvRow.ReadAll(ResultsLayout.In(folder, ResultsLayout.Sharpness)),
        };
}
