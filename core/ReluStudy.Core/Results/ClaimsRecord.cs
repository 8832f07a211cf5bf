using System.Text.Json.Serialization;

namespace ReluStudy.Core.Results;

/// <summary>claims.json of a study's page: one entry per figure claim and comparison.</summary>
public sealed record ClaimsRecord
{
    public const string FormatName = "relustudy-claims";
    /// <summary>2: an object with "claims" (schema 1 was the bare list).</summary>
    public const int CurrentSchema = 2;

    public string Format { get; init; } = FormatName;
    public int Schema { get; init; } = CurrentSchema;
    public required IReadOnlyList<ClaimRecord> Claims { get; init; }

    public void Write(string path) => VersionedJson.Write(path, this, ResultsJson.Files.ClaimsRecord);

    public string ToJson() => VersionedJson.Serialize(this, ResultsJson.Files.ClaimsRecord);

    public static ClaimsRecord Read(string path) => VersionedJson.Read(path, ResultsJson.Files.ClaimsRecord, FormatName, CurrentSchema, arrayKey: "claims");
}

/// <summary>
/// One claim in one comparison: the verdict, where the widths were compared, the test (page, jonckheere-terpstra or
/// equivalence), its one-sided p-value in the claim's direction and the other way (the TOST p-value for the equivalence),
/// and every value the test used, so that a reader can recompute it.
/// </summary>
public sealed record ClaimRecord
{
    public required string Id { get; init; }
    public required string Comparison { get; init; }
    public required string Verdict { get; init; }
    public required string At { get; init; }
    public required string Setting { get; init; }
    public string? Test { get; init; }
    /// <summary>"exact", "monte-carlo, N permutations", or the equivalence test's construction.</summary>
    public string? Method { get; init; }
    /// <summary>Page's L, Jonckheere–Terpstra's J, or the seed-clustered slope.</summary>
    public double? Statistic { get; init; }
    public double? PValue { get; init; }
    public double? PValueOtherWay { get; init; }
    /// <summary>The equivalence test's centre (the lazy regime's exponent at a fixed η·m·k), the fitted slope and the margin.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? PredictedExponent { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Slope { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Margin { get; init; }
    public IReadOnlyList<ClaimValue> Values { get; init; } = [];
    public required IReadOnlyList<int> Widths { get; init; }
    public required IReadOnlyList<double> Means { get; init; }
    public string? Missing { get; init; }
    public required string Explanation { get; init; }
}

/// <summary>One value a claim's test used: the run's width, seed and quantity.</summary>
public sealed record ClaimValue(int Width, ulong Seed, double Value);
