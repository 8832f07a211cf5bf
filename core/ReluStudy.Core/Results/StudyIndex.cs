using System.Text.Json.Nodes;
using ReluStudy.Core.Output;

namespace ReluStudy.Core.Results;

/// <summary>One run of a study as study.json lists it; <see cref="Status"/> is null for a run not started.</summary>
public sealed record StudyIndexRun(string Id, string Label, string Model, IReadOnlyDictionary<string, string> Axes, RunStatus? Status);

/// <summary>study.json: a study's name, its declaration (which drives its pages) and every run with its status.</summary>
public sealed record StudyIndex
{
    public const string FormatName = "relustudy-study";
    public const int CurrentSchema = 2;

    public string Format { get; init; } = FormatName;
    public int Schema { get; init; } = CurrentSchema;
    public required string Name { get; init; }
    public required StudyDeclaration Declaration { get; init; }
    public required IReadOnlyList<StudyIndexRun> Runs { get; init; }

    public void Write(string studyFolder) =>
        AtomicFile.WriteAllText(RunFiles.In(studyFolder, RunFiles.StudyIndex), ResultsFiles.Serialize(this, ResultsJson.Files.StudyIndex));

    /// <exception cref="ResultsFormatException">study.json is not a study index this version reads.</exception>
    public static StudyIndex Read(string studyFolder) =>
        ResultsFiles.Deserialize(RunFiles.In(studyFolder, RunFiles.StudyIndex), ResultsJson.Files.StudyIndex, FormatName, CurrentSchema, UpgradeFromSchema1);

    /// <summary>
    /// Schema 1 kept the declaration as text ("track": "Loss, TrainError", "compare": "Bounds, Fit P1", "" for not
    /// declared) and wrote "not-started" as a status.
    /// </summary>
    private static void UpgradeFromSchema1(JsonObject root)
    {
        if (root["declaration"] is JsonObject d)
        {
            foreach (string key in new[] { "track", "compare", "baselines" })
            {
                string text = d[key]?.GetValue<string>() ?? "";
                d[key] = text.Length == 0
                    ? (key == "baselines" ? new JsonArray() : null)
                    : new JsonArray(text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(v => (JsonNode)v).ToArray());
            }
        }
        if (root["runs"] is JsonArray runs)
            foreach (JsonObject run in runs.OfType<JsonObject>())
                if (!RunStatuses.TryParse(run["status"]?.GetValue<string>(), out _)) run["status"] = null;
    }
}
