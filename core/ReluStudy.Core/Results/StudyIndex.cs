using System.Text.Json.Nodes;
using ReluStudy.Core.Training;

namespace ReluStudy.Core.Results;

/// <summary>One run of a study as study.json lists it; <see cref="Status"/> is null for a run not started.</summary>
public sealed record StudyIndexRun(string Id, string Label, string Model, IReadOnlyDictionary<string, string> Axes, RunStatus? Status);

/// <summary>study.json: a study's name, its declaration (which drives its pages) and every run with its status.</summary>
public sealed record StudyIndex
{
    public const string FormatName = "relustudy-study";
    /// <summary>3: the tracked tangent kernel is "TangentKernel" (schema 2 wrote "Kernel").</summary>
    public const int CurrentSchema = 3;

    public string Format { get; init; } = FormatName;
    public int Schema { get; init; } = CurrentSchema;
    public required string Name { get; init; }
    public required StudyDeclaration Declaration { get; init; }
    public required IReadOnlyList<StudyIndexRun> Runs { get; init; }

    public void Write(string studyFolder) =>
        VersionedJson.Write(ResultsLayout.In(studyFolder, ResultsLayout.StudyIndex), this, ResultsJson.Files.StudyIndex);

    /// <exception cref="ResultsFormatException">study.json is not a study index this version reads.</exception>
    public static StudyIndex Read(string studyFolder) =>
        VersionedJson.Read(ResultsLayout.In(studyFolder, ResultsLayout.StudyIndex), ResultsJson.Files.StudyIndex, FormatName, CurrentSchema, Upgrade);

    /// <summary>
    /// Schema 1 kept the declaration as text ("track": "Loss, TrainError", "compare": "Bounds, Fit P1", "" for not
    /// declared) and wrote "not-started" as a status; schema 2 tracked the tangent kernel as "Kernel".
    /// </summary>
    private static void Upgrade(JsonObject root, int schema)
    {
        JsonObject? d = root["declaration"] as JsonObject;
        if (schema == 2)
        {
            if (d?["track"] is JsonArray tracked)
                for (int i = 0; i < tracked.Count; i++)
                    if (tracked[i]?.GetValue<string>() == "Kernel") tracked[i] = nameof(TrackedQuantity.TangentKernel);
            return;
        }
        if (d is not null)
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
