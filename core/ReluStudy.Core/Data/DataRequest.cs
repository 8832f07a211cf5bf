namespace ReluStudy.Core.Data;

public enum DatasetKind { Mnist, Cifar10, Csv }

public enum Preprocessing
{
    /// <summary>Assumption 4.1: flatten, scale pixels to [0,1], x = (√(1−μ²)·z/‖z‖, μ).</summary>
    Paper,
    /// <summary>Rows exactly as given.</summary>
    None,
}

/// <summary>Which binary task to build: data set, class pair, subset sizes and preprocessing.</summary>
public sealed record DataRequest
{
    /// <summary>μ = 1/√2: theory.md §1's suggested default (the paper's own value is not stated).</summary>
    public static readonly double DefaultMu = 1.0 / Math.Sqrt(2.0);

    public required DatasetKind Kind { get; init; }
    /// <summary>For <see cref="DatasetKind.Csv"/>.</summary>
    public string? CsvPath { get; init; }
    /// <summary>Class A gets label +1, class B gets −1.</summary>
    public required string ClassA { get; init; }
    public required string ClassB { get; init; }
    /// <summary>n; class A gets ⌈n/2⌉ examples and class B ⌊n/2⌋.</summary>
    public required int TrainCount { get; init; }
    public int TestCount { get; init; }
    public double Mu { get; init; } = DefaultMu;
    public Preprocessing Preprocess { get; init; } = Preprocessing.Paper;
    /// <summary>Seeds the subset draw; separate from the training seed so a sweep over seeds shares its data.</summary>
    public ulong DataSeed { get; init; }
    public string? DataDir { get; init; }

    public string DatasetName => Kind switch
    {
        DatasetKind.Mnist => "mnist",
        DatasetKind.Cifar10 => "cifar10",
        _ => $"csv:{CsvPath}",
    };
}
