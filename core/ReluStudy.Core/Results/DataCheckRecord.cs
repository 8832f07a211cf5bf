using System.Text.Json.Serialization;

namespace ReluStudy.Core.Results;

/// <summary>
/// data/&lt;checksum&gt;.json, and what relustudy data stats --json prints: a prepared data set checked against the
/// papers' assumptions (ZCZG 4.1 and 4.2, DZPS's λ0 = λ_min(H∞)) before any bound is drawn for it.
/// </summary>
public sealed record DataCheckRecord
{
    public const string FormatName = "relustudy-data-stats";
    public const int CurrentSchema = 2;

    public string Format { get; init; } = FormatName;
    public int Schema { get; init; } = CurrentSchema;
    public required string Dataset { get; init; }
    public required IReadOnlyList<string> Classes { get; init; }
    public required int N { get; init; }
    public required int D { get; init; }
    /// <summary>The μ the preprocessing used, if any.</summary>
    public double? Mu { get; init; }
    public required double MinNorm { get; init; }
    public required double MaxNorm { get; init; }
    /// <summary>max_i |x_{i,d} − μ| (null without μ).</summary>
    public double? MaxLastCoordinateDeviation { get; init; }
    /// <summary>Assumption 4.1 within float32 storage (1e-6): unit norms and, with μ, x_d = μ.</summary>
    [JsonPropertyName("assumption_4_1_holds")] public required bool Assumption41Holds { get; init; }
    /// <summary>φ = min over y_i ≠ y_j of ‖x_i − x_j‖, recomputed exactly for the attaining pair.</summary>
    public required double Phi { get; init; }
    public required PairOfExamples PhiPair { get; init; }
    /// <summary>Different-label pairs with identical inputs (a violation of Assumption 4.2: φ = 0).</summary>
    public required int CrossClassDuplicates { get; init; }
    [JsonPropertyName("assumption_4_2_holds")] public required bool Assumption42Holds { get; init; }
    /// <summary>Over the examples: the distance to the nearest example of the other class.</summary>
    public required Spread NearestOtherClass { get; init; }
    /// <summary>The pair with the smallest angle between the lines through x_i and x_j.</summary>
    public required ParallelPair MostParallel { get; init; }
    public required double Lambda0 { get; init; }
    /// <summary>λ0 lies in [Lambda0 − Lambda0ErrorBound, Lambda0] (Lanczos Ritz value and residual).</summary>
    public required double Lambda0ErrorBound { get; init; }
    public required double LambdaMax { get; init; }
    public required double LambdaMaxErrorBound { get; init; }
    /// <summary>λ_max/λ0; null when H∞ is not positive definite.</summary>
    public double? Condition { get; init; }
    public required bool HInfinityPositiveDefinite { get; init; }
    public required string Eigensolver { get; init; }
    public required double Seconds { get; init; }
    /// <summary>The SHA-256 of the prepared training data (in a study's data folder; none from relustudy data stats).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? DataChecksum { get; init; }

    public void Write(string path) => VersionedJson.Write(path, this, ResultsJson.Files.DataCheckRecord);

    public string ToJson() => VersionedJson.Serialize(this, ResultsJson.Files.DataCheckRecord);

    /// <exception cref="ResultsFormatException">the file is not a data check this version reads.</exception>
    public static DataCheckRecord Read(string path) => VersionedJson.Read(path, ResultsJson.Files.DataCheckRecord, FormatName, CurrentSchema);

    /// <summary>Every data check of a study folder, in file order.</summary>
    public static IReadOnlyList<DataCheckRecord> ReadAll(string studyFolder) =>
        ResultsLayout.FilesIn(studyFolder, ResultsLayout.DataChecks).Select(Read).ToArray();
}

/// <summary>Two training examples (row indices).</summary>
public sealed record PairOfExamples(int I, int J);

/// <summary>Two training examples and the angle between the lines through them, in degrees.</summary>
public sealed record ParallelPair(int I, int J, double AngleDegrees);

/// <summary>A distribution summarised: its extremes, quartiles, 5th and 95th percentiles.</summary>
public sealed record Spread(double Min, double P05, double P25, double Median, double P75, double P95, double Max)
{
    public static Spread Of(double[] values)
    {
        double[] v = values.Order().ToArray();
        double At(double q) => v[(int)Math.Round(q * (v.Length - 1))];
        return new Spread(v[0], At(0.05), At(0.25), At(0.5), At(0.75), At(0.95), v[^1]);
    }
}
