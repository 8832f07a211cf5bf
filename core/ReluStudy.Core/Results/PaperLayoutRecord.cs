namespace ReluStudy.Core.Results;

/// <summary>
/// papers/&lt;name&gt;.json under a results root: a script's pairing of studies as the panels of the paper's figures
/// ((a) MNIST, (b) CIFAR-10 for Zou et al.'s Figures 1–3), which the report lays out side by side.
/// </summary>
public sealed record PaperLayoutRecord
{
    public const string FormatName = "relustudy-paper-layout";
    public const int CurrentSchema = 2;

    public string Format { get; init; } = FormatName;
    public int Schema { get; init; } = CurrentSchema;
    public required string Name { get; init; }
    public required string Title { get; init; }
    public required IReadOnlyList<PaperPanel> Panels { get; init; }

    public void Write(string resultsRoot) => VersionedJson.Write(ResultsLayout.PaperLayoutPath(resultsRoot, Name), this, ResultsJson.Files.PaperLayoutRecord);

    public static PaperLayoutRecord Read(string path) => VersionedJson.Read(path, ResultsJson.Files.PaperLayoutRecord, FormatName, CurrentSchema);

    /// <summary>Every layout under a results root, in name order.</summary>
    public static IReadOnlyList<PaperLayoutRecord> ReadAll(string resultsRoot) => ResultsLayout.FilesIn(resultsRoot, ResultsLayout.Papers).Select(Read).ToArray();
}

/// <summary>One panel: the study drawn in it and the caption under it ("MNIST 3 vs 8").</summary>
public sealed record PaperPanel(string Study, string Caption);
