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

/// <summary>One claim in one comparison: the verdict, where the widths were compared, the statistic and the values behind it.</summary>
public sealed record ClaimRecord
{
    public required string Id { get; init; }
    public required string Comparison { get; init; }
    public required string Verdict { get; init; }
    public required string At { get; init; }
    public required string Setting { get; init; }
    public required ClaimStatistic Statistic { get; init; }
    public required IReadOnlyList<int> Widths { get; init; }
    public required IReadOnlyList<double> Means { get; init; }
    public string? Missing { get; init; }
    public required string Explanation { get; init; }
}

/// <summary>Spearman's ρ of width against the seed means, its one-sided p-value, and how many seeds' own ρ agree.</summary>
public sealed record ClaimStatistic(double? Spearman, double? PValue, int SeedsAgreeing, int Seeds);
