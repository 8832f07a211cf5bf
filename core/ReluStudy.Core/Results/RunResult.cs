namespace ReluStudy.Core.Results;

/// <summary>A run folder read back — its record, spec and logged rows — as the fits, the report and export read it.</summary>
public sealed record RunResult(string Folder, RunRecord Record, SpecRecord? Spec, IReadOnlyList<CsvRow> Rows, IReadOnlyList<CsvRow> LayerRows,
    IReadOnlyList<CsvRow> PredictionRows, IReadOnlyList<CsvRow> KernelRows)
{
    /// <summary>The folder's name: the content id for study runs.</summary>
    public string Id => Path.GetFileName(Folder);

    public RunStatus Status => Record.Status;
    public RunConfiguration Config => Record.Config;
    public int Width => Config.Width;
    public ulong Seed => Config.Seed;

    /// <exception cref="ResultsFormatException">a file of the folder is not what this version reads.</exception>
    public static RunResult Read(string folder) =>
        new(Path.GetFullPath(folder), RunRecordFile.Read(folder), SpecRecord.Read(folder),
            CsvRow.ReadAll(RunFiles.In(folder, RunFiles.Metrics)), CsvRow.ReadAll(RunFiles.In(folder, RunFiles.Layers)),
            CsvRow.ReadAll(RunFiles.In(folder, RunFiles.Predictions)), CsvRow.ReadAll(RunFiles.In(folder, RunFiles.Kernel)));
}
