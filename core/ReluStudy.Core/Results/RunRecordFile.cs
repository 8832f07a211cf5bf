using System.Text.Json;
using System.Text.Json.Nodes;
using ReluStudy.Core.Output;
using ReluStudy.Core.Training;

namespace ReluStudy.Core.Results;

/// <summary>run.json of a run folder: the one reader and writer of <see cref="RunRecord"/>.</summary>
public static class RunRecordFile
{
    /// <summary>Replaces the folder's run.json atomically.</summary>
    public static void Write(string folder, RunRecord record) =>
        VersionedJson.Write(ResultsLayout.In(folder, ResultsLayout.Record), record, ResultsJson.Files.RunRecord);

    /// <exception cref="ResultsFormatException">run.json is not a run record this version reads (one line naming it and the schema expected).</exception>
    public static RunRecord Read(string folder) =>
        VersionedJson.Read(ResultsLayout.In(folder, ResultsLayout.Record), ResultsJson.Files.RunRecord, RunRecord.FormatName, RunRecord.CurrentSchema, Upgrade);

    /// <summary>The folder's record, or why there is none that reads (no run.json: null and no problem).</summary>
    public static (RunRecord? Record, string? Problem) TryRead(string folder)
    {
        if (!ResultsLayout.HoldsRun(folder)) return (null, null);
        try
        {
            return (Read(folder), null);
        }
        catch (Exception e) when (e is ResultsFormatException or IOException)
        {
            return (null, e.Message);
        }
    }

    /// <summary>
    /// Where the run in <paramref name="folder"/> stands: new (no run.json), done (finished with a result), failed, or
    /// unfinished (running, interrupted, killed, or a run.json that does not read, which is run again).
    /// </summary>
    public static (RunState State, RunRecord? Record) State(string folder)
    {
        (RunRecord? record, string? problem) = TryRead(folder);
        if (record is null) return (problem is null ? RunState.New : RunState.Unfinished, null);
        RunState state = record.Status.IsFinished() ? RunState.Done : record.Status == RunStatus.Failed ? RunState.Failed : RunState.Unfinished;
        return (state, record);
    }

    /// <summary>
    /// One section of the record ("config", "summary", "software", "machine") as key and text, in file order: strings as
    /// they are, null as "", anything else as its JSON — for tables and for grouping runs by setting.
    /// </summary>
    public static IReadOnlyList<(string Key, string Text)> Section(RunRecord record, string section)
    {
        using JsonDocument json = JsonSerializer.SerializeToDocument(record, ResultsJson.Files.RunRecord);
        if (!json.RootElement.TryGetProperty(section, out JsonElement o) || o.ValueKind != JsonValueKind.Object) return [];
        return o.EnumerateObject().Select(p => (p.Name, p.Value.ValueKind switch
        {
            JsonValueKind.String => p.Value.GetString()!,
            JsonValueKind.Null => "",
            _ => p.Value.GetRawText(),
        })).ToArray();
    }

    /// <summary>Marks the run failed with the error's message, keeping whatever else run.json already says.</summary>
    public static void MarkFailed(string folder, RunRecord started, Exception e) =>
        Write(folder, started with { Status = RunStatus.Failed, Message = $"{e.GetType().Name}: {e.Message}", FinishedUtc = DateTime.UtcNow });

    /// <summary>Schema 1 ("relustudy-run/1"): deep runs had no "model", and η was "lr" (η·m "lr_times_width"); the Gram schedule was a number or a sentence.</summary>
    private static void Upgrade(JsonObject root, int schema)
    {
        if (schema != 1 || root["config"] is not JsonObject config) return;
        if (!config.ContainsKey("model"))
        {
            var entries = config.ToList();
            config.Clear();
            config["model"] = "deep";
            foreach ((string key, JsonNode? value) in entries) config[key] = value;
        }
        VersionedJson.Rename(config, "lr", "step");
        VersionedJson.Rename(config, "lr_times_width", "step_times_width");
        if (config["gram_every"] is JsonValue g && g.TryGetValue(out int every)) config["gram_every"] = $"every {every}";
    }
}
