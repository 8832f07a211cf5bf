using ReluStudy.Core.Output;

namespace ReluStudy.Core.Results;

/// <summary>
/// spec.json: what identifies a run — its content id, label and sweep values, the SHA-256 of its prepared training
/// data and the canonical configuration text the id hashes.
/// </summary>
public sealed record SpecRecord
{
    public const string FormatName = "relustudy-spec";
    public const int CurrentSchema = 2;

    public string Format { get; init; } = FormatName;
    public int Schema { get; init; } = CurrentSchema;
    public required string Id { get; init; }
    public required string Label { get; init; }
    public required IReadOnlyDictionary<string, string> Axes { get; init; }
    public required string DataChecksum { get; init; }
    public required string Canonical { get; init; }

    public void Write(string folder) => VersionedJson.Write(ResultsLayout.In(folder, ResultsLayout.Spec), this, ResultsJson.Files.SpecRecord);

    /// <summary>The spec of a run folder; none for a folder written by relustudy train before spec files existed.</summary>
    public static SpecRecord? Read(string folder)
    {
        string path = ResultsLayout.In(folder, ResultsLayout.Spec);
        if (!File.Exists(path)) return null;
        // Schema 1 ("relustudy-spec/1") has the same keys.
        return VersionedJson.Read(path, ResultsJson.Files.SpecRecord, FormatName, CurrentSchema);
    }
}
