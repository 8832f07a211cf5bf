using ReluStudy.Core.CommandLine;
using ReluStudy.Core.Data;

namespace ReluStudy.Cli;

/// <summary>The data options shared by train and data stats: which binary task, how many examples, how prepared.</summary>
internal sealed record DataOptions(DataRequest Request, string ShortName)
{
    /// <summary>The data options of train, data stats and baselines.</summary>
    public static readonly OptionSpec[] Specs =
    [
        new("--dataset", "mnist|cifar10|csv:PATH", "data set (default mnist)"),
        new("--classes", "A,B", "class pair; A -> +1, B -> -1 (default 3,8 for mnist, cat,ship for cifar10)"),
        new("--n", "N", "training examples, class-balanced (default 1000)"),
        new("--data-dir", "DIR", "data root (else $RELUSTUDY_DATA, else the shipped subset)"),
        new("--mu", "MU", "last input coordinate of Assumption 4.1, in (0,1) (default 1/sqrt(2))"),
        new("--test-n", "N", "class-balanced test examples (default 0: none)"),
        new("--preprocess", "paper|none", "Assumption 4.1 preprocessing, or rows as given (default paper)"),
        new("--data-seed", "S", "seed of the subset draw (default 0, shared by all training seeds)"),
    ];

    public const int DefaultN = 1000;

    /// <summary>Reads the data options, adding every problem to <paramref name="o"/>'s errors.</summary>
    public static DataOptions Read(OptionReader o)
    {
        string datasetText = o.String("--dataset") ?? "mnist";
        DatasetKind kind = DatasetKind.Mnist;
        string? csvPath = null;
        if (datasetText == "mnist") kind = DatasetKind.Mnist;
        else if (datasetText == "cifar10") kind = DatasetKind.Cifar10;
        else if (datasetText.StartsWith("csv:", StringComparison.Ordinal) && datasetText.Length > 4)
        {
            kind = DatasetKind.Csv;
            csvPath = datasetText[4..];
        }
        else o.Errors.Add($"--dataset: must be mnist, cifar10 or csv:PATH; got '{datasetText}'");

        string? classesText = o.String("--classes") ?? kind switch { DatasetKind.Mnist => "3,8", DatasetKind.Cifar10 => "cat,ship", _ => null };
        string classA = "", classB = "";
        if (classesText is null) o.Errors.Add("--classes: is required for csv data (two labels as written in the file, e.g. --classes 0,1); got none");
        else
        {
            string[] parts = classesText.Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts.Any(p => p.Length == 0)) o.Errors.Add($"--classes: must be two class names A,B; got '{classesText}'");
            else if (parts[0] == parts[1]) o.Errors.Add($"--classes: the two classes must differ; got '{classesText}'");
            else (classA, classB) = (parts[0], parts[1]);
            if (kind == DatasetKind.Mnist && parts.Any(p => p.Length > 0 && !(p.Length == 1 && char.IsAsciiDigit(p[0]))))
                o.Errors.Add($"--classes: MNIST classes are digits 0..9; got '{classesText}'");
            if (kind == DatasetKind.Cifar10)
                foreach (string p in parts.Where(p => p.Length > 0))
                    if (!CifarReader.ClassNames.Contains(CifarFolder.NormalizeClass(p)))
                        o.Errors.Add($"--classes: CIFAR-10 classes are {string.Join(",", CifarReader.ClassNames)} or 0..9; got '{p}'");
        }

        int n = o.Int("--n", DefaultN, min: 2);
        double mu = o.Double("--mu", DataRequest.DefaultMu, v => v > 0 && v < 1, "a number in (0, 1)");
        int testN = o.Int("--test-n", 0, min: 0);
        if (testN == 1) o.Errors.Add("--test-n: must be 0 (no test split) or >= 2 (one of each class); got '1'");
        Preprocessing preprocess = o.Choice("--preprocess", Preprocessing.Paper,
            new Dictionary<string, Preprocessing> { ["paper"] = Preprocessing.Paper, ["none"] = Preprocessing.None });
        if (preprocess == Preprocessing.None && o.Has("--mu"))
            o.Errors.Add($"--mu: applies only to --preprocess paper; got '{o.String("--mu")}' with --preprocess none");
        ulong dataSeed = o.ULong("--data-seed", 0);
        if (o.String("--data-dir") is string dataDir && !Directory.Exists(dataDir))
            o.Errors.Add($"--data-dir: must be an existing folder; got '{dataDir}'");
        var request = new DataRequest
        {
            Kind = kind, CsvPath = csvPath, ClassA = classA, ClassB = classB, TrainCount = n, TestCount = testN,
            Mu = mu, Preprocess = preprocess, DataSeed = dataSeed, DataDir = o.String("--data-dir"),
        };
        return new DataOptions(request, kind == DatasetKind.Csv ? Path.GetFileNameWithoutExtension(csvPath)! : datasetText);
    }
}
