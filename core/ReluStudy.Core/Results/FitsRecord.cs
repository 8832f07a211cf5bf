using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

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

    /// <summary>For studies that search the largest stable step: which of its predictions describes η* across the swept
    /// axis (<see cref="Theory.Fits.StepPredictionRule"/>); absent otherwise and in files written before it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<StepPredictionRecord>? StepPredictions { get; init; }

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

/// <summary>One fitted prediction: log Q = a + b·log x over the runs it admitted, its interval, the tests and verdicts.</summary>
public sealed record FitRecord
{
    public required string Id { get; init; }
    public required string Prediction { get; init; }
    public required string Description { get; init; }
    /// <summary>b̄, the mean of the seeds' own slopes.</summary>
    public double? Exponent { get; init; }
    public double? Low { get; init; }
    public double? High { get; init; }
    /// <summary>How the interval was made ("b = -0.512, 95 % CI [...] (t, 2 df, 3 seeds)").</summary>
    public string? Interval { get; init; }
    public double? Predicted { get; init; }
    public required string Verdict { get; init; }
    /// <summary>The verdict as one line, competing predictions named.</summary>
    public string? VerdictText { get; init; }
    public required IReadOnlyList<FitVerdict> Verdicts { get; init; }
    /// <summary>The swept axis (<see cref="SweepAxis.Name"/>).</summary>
    public required string Axis { get; init; }
    public required string Setting { get; init; }
    /// <summary>The axis values the fit used.</summary>
    public required IReadOnlyList<double> Values { get; init; }
    public required int Seeds { get; init; }
    public required int Points { get; init; }
    public IReadOnlyList<SeedSlopeRecord> PerSeed { get; init; } = [];
    /// <summary>The ids of the runs the fit used.</summary>
    public IReadOnlyList<string> Runs { get; init; } = [];
    /// <summary>The runs left out, each with its measured reason.</summary>
    public required IReadOnlyList<LeftOut> Excluded { get; init; }
    /// <summary>Runs whose value is 0 (no logarithm) and runs without a value: counted, never dropped unsaid.</summary>
    public IReadOnlyList<string> ZeroValues { get; init; } = [];
    public IReadOnlyList<string> MissingValues { get; init; } = [];
    public required double Margin { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public DepartureRecord? Departure { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<LinearPhaseRecord>? LinearPhase { get; init; }
}

/// <summary>The fitted exponent against one predicted exponent: the p-value of b = b* (two-sided; for an upper bound, one-sided
/// against b &gt; b*) and its Benjamini–Hochberg adjustment across the study.</summary>
public sealed record FitVerdict(double Predicted, string Verdict, double? PValue = null, double? PValueAdjusted = null, bool Bound = false);

/// <summary>A run left out of a fit: its axis value, the measured reason, and its id (none in files of schema 1).</summary>
public sealed record LeftOut(double Value, string Reason, string? Id = null);

/// <summary>One seed's own least-squares slope over its points.</summary>
public sealed record SeedSlopeRecord(ulong Seed, double Slope, int Points);

/// <summary>The same exponent on the infinite-width prediction and on the linearised one, and the sentence that reads them.</summary>
public sealed record DepartureRecord(FittedExponent? InfiniteWidth, FittedExponent? Linearized, string Explanation);

public sealed record FittedExponent(double Exponent, double? Low, double? High, int Seeds);

/// <summary>A run's linear phase (P12): its rate, R², the curvature test's p-value and whether it reads as linear.</summary>
public sealed record LinearPhaseRecord(string Id, double Rate, double RSquared, double CurvaturePValue, bool Linear);

/// <summary>
/// One prediction p of η* against one axis: the seed-clustered log-log slope of η*/p (<see cref="Exponent"/>) with its
/// 1 − 2α interval (<see cref="Confidence"/>, 90 %), TOST's p-value that |slope| &lt; <see cref="Margin"/>, the two-sided
/// p-value of slope = 0 and its Benjamini–Hochberg adjustment, the verdict (consistent: describes; inconsistent: does not;
/// inconclusive; insufficient) and the ratio's level.
/// </summary>
public sealed record StepPredictionRecord
{
    /// <summary>"sharpness" (2/S(W(0))) or "ceiling" (the limit kernel's).</summary>
    public required string Prediction { get; init; }
    public required string Symbol { get; init; }
    public required string Ratio { get; init; }
    public required string Axis { get; init; }
    public required string Setting { get; init; }
    public double? Exponent { get; init; }
    public double? Low { get; init; }
    public double? High { get; init; }
    public required double Confidence { get; init; }
    public required double Margin { get; init; }
    public double? PValueEquivalence { get; init; }
    public double? PValue { get; init; }
    public double? PValueAdjusted { get; init; }
    public required string Verdict { get; init; }
    public required string VerdictText { get; init; }
    public required bool Describes { get; init; }
    public double? RatioGeometricMean { get; init; }
    public double? RatioMin { get; init; }
    public double? RatioMax { get; init; }
    public required IReadOnlyList<double> Values { get; init; }
    public required int Seeds { get; init; }
    public IReadOnlyList<SeedSlopeRecord> PerSeed { get; init; } = [];
    public IReadOnlyList<string> Runs { get; init; } = [];
    public IReadOnlyList<string> MissingValues { get; init; } = [];
}
