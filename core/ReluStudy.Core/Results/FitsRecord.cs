using System.Text.Json.Nodes;

namespace ReluStudy.Core.Results;

/// <summary>fits.json of a study's page, and what relustudy fit --json prints: one entry per fitted quantity and setting.</summary>
public sealed record FitsRecord
{
    public const string FormatName = "relustudy-fits";
    /// <summary>2: an object with "fits" (schema 1 was the bare list) and the axis values under "values".</summary>
    public const int CurrentSchema = 2;

    public string Format { get; init; } = FormatName;
    public int Schema { get; init; } = CurrentSchema;
    public required IReadOnlyList<FitRecord> Fits { get; init; }

    public void Write(string path) => VersionedJson.Write(path, this, ResultsJson.Files.FitsRecord);

    public string ToJson() => VersionedJson.Serialize(this, ResultsJson.Files.FitsRecord);

    public static FitsRecord Read(string path) =>
        VersionedJson.Read(path, ResultsJson.Files.FitsRecord, FormatName, CurrentSchema, Upgrade, arrayKey: "fits");

    /// <summary>Schema 1 named the axis values and each left-out value by the axis ("widths", {"width": 64}).</summary>
    private static void Upgrade(JsonObject root, int schema)
    {
        foreach (JsonObject fit in (root["fits"] as JsonArray ?? []).OfType<JsonObject>())
        {
            string axis = fit["axis"]?.GetValue<string>() ?? "width";
            string? plural = SweepAxis.All.FirstOrDefault(a => a.Name == axis)?.Plural.Replace(' ', '_');
            if (plural is not null) VersionedJson.Rename(fit, plural, "values");
            foreach (JsonObject left in (fit["excluded"] as JsonArray ?? []).OfType<JsonObject>()) VersionedJson.Rename(left, axis, "value");
        }
    }
}

/// <summary>One fitted prediction: log Q = a + b·log x over the runs it admitted, its interval and verdicts.</summary>
public sealed record FitRecord
{
    public required string Id { get; init; }
    public required string Prediction { get; init; }
    public required string Description { get; init; }
    public double? Exponent { get; init; }
    public double? Low { get; init; }
    public double? High { get; init; }
    public double? Predicted { get; init; }
    public required string Verdict { get; init; }
    public required IReadOnlyList<FitVerdict> Verdicts { get; init; }
    /// <summary>The swept axis (<see cref="SweepAxis.Name"/>).</summary>
    public required string Axis { get; init; }
    public required string Setting { get; init; }
    /// <summary>The axis values the fit used.</summary>
    public required IReadOnlyList<double> Values { get; init; }
    public required int Seeds { get; init; }
    public required int Points { get; init; }
    public required IReadOnlyList<LeftOut> Excluded { get; init; }
    public required double Margin { get; init; }
    public required int RunsWithoutValue { get; init; }
}

/// <summary>The fitted exponent against one predicted exponent.</summary>
public sealed record FitVerdict(double Predicted, string Verdict);

/// <summary>An axis value left out of a fit, and the measured reason.</summary>
public sealed record LeftOut(double Value, string Reason);
