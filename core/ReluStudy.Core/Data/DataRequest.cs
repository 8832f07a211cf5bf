namespace ReluStudy.Core.Data;

public enum DatasetKind
{
    Mnist,
    Cifar10,
    Csv,
    /// <summary>n points uniform on the unit sphere in R^d with labels y ~ N(0, 1) (DZPS §5; two-layer model only).</summary>
    Sphere,
    /// <summary>Two balanced classes ±1 on the unit sphere whose different-label points are at least φ apart.</summary>
    SeparatedSphere,
}

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
    /// <summary>μ = 1/√2: docs/theory.md section 1's default (the paper's own value is not stated).</summary>
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
    /// <summary>d of the synthetic sets.</summary>
    public int Dimension { get; init; } = 1000;
    /// <summary>φ of <see cref="DatasetKind.SeparatedSphere"/>.</summary>
    public double Phi { get; init; } = 0.1;

    public bool IsSynthetic => Kind is DatasetKind.Sphere or DatasetKind.SeparatedSphere;

    public string DatasetName => Kind switch
    {
        DatasetKind.Mnist => "mnist",
        DatasetKind.Cifar10 => "cifar10",
        DatasetKind.Sphere => "sphere",
        DatasetKind.SeparatedSphere => "sphere-separated",
        _ => $"csv:{CsvPath}",
    };
}
