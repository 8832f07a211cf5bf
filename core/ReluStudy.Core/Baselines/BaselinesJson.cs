using System.Text.Json.Nodes;
using ReluStudy.Core.Data;

namespace ReluStudy.Core.Baselines;

/// <summary>The baselines of one prepared task as JSON (relustudy baselines --json, and results/&lt;study&gt;/baselines/ for the report).</summary>
public static class BaselinesJson
{
    public const string Format = "relustudy-baselines/1";

    public static JsonObject ToJson(IReadOnlyList<BaselineResult> results, DataDescription data, string dataChecksum, double validationFraction) => new()
    {
        ["format"] = Format,
        ["dataset"] = data.Dataset,
        ["class_a"] = data.ClassA,
        ["class_b"] = data.ClassB,
        ["train_count"] = data.TrainCount,
        ["test_count"] = data.TestCount,
        ["dimension"] = data.Dimension,
        ["preprocess"] = data.Preprocess,
        ["data_seed"] = data.DataSeed,
        ["data_checksum"] = dataChecksum,
        ["validation_fraction"] = validationFraction,
        ["baselines"] = new JsonArray(results.Select(r => (JsonNode)new JsonObject
        {
            ["name"] = r.Name,
            ["description"] = r.Description,
            ["test_accuracy"] = r.TestAccuracy,
            ["validation_accuracy"] = r.ValidationAccuracy,
            ["seconds"] = r.Seconds,
            ["search_seconds"] = r.SearchSeconds,
            ["hyperparameters"] = new JsonObject(r.Hyperparameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        }).ToArray()),
    };
}
