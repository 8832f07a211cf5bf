using ReluStudy.Core.Baselines;
using ReluStudy.Core.Data;

namespace ReluStudy.Core.Results;

/// <summary>
/// baselines/&lt;checksum&gt;.json, and what relustudy baselines --json prints: ML.NET's classifiers on one prepared data
/// set and test split, each with the hyperparameters that did best on a seeded validation split.
/// </summary>
public sealed record BaselinesRecord
{
    public const string FormatName = "relustudy-baselines";
    public const int CurrentSchema = 2;

    public string Format { get; init; } = FormatName;
    public int Schema { get; init; } = CurrentSchema;
    public required string Dataset { get; init; }
    public required string ClassA { get; init; }
    public required string ClassB { get; init; }
    public required int TrainCount { get; init; }
    public required int TestCount { get; init; }
    public required int Dimension { get; init; }
    public required string Preprocess { get; init; }
    public required ulong DataSeed { get; init; }
    public required string DataChecksum { get; init; }
    public required double ValidationFraction { get; init; }
    public required IReadOnlyList<BaselineResult> Baselines { get; init; }

    public static BaselinesRecord Of(IReadOnlyList<BaselineResult> results, DataDescription data, string dataChecksum, double validationFraction) => new()
    {
        Dataset = data.Dataset, ClassA = data.ClassA, ClassB = data.ClassB, TrainCount = data.TrainCount, TestCount = data.TestCount,
        Dimension = data.Dimension, Preprocess = data.Preprocess, DataSeed = data.DataSeed, DataChecksum = dataChecksum,
        ValidationFraction = validationFraction, Baselines = results,
    };

    public void Write(string path) => VersionedJson.Write(path, this, ResultsJson.Files.BaselinesRecord);

    public string ToJson() => VersionedJson.Serialize(this, ResultsJson.Files.BaselinesRecord);

    /// <exception cref="ResultsFormatException">the file is not a baselines file this version reads.</exception>
    public static BaselinesRecord Read(string path) => VersionedJson.Read(path, ResultsJson.Files.BaselinesRecord, FormatName, CurrentSchema);

    /// <summary>Every baselines file of a study folder, in file order.</summary>
    public static IReadOnlyList<BaselinesRecord> ReadAll(string studyFolder) =>
        ResultsLayout.FilesIn(studyFolder, ResultsLayout.Baselines).Select(Read).ToArray();
}
