using ReluStudy.Core.Numerics;

namespace ReluStudy.Core.Data;

/// <summary>What a run was trained on, for the run record.</summary>
public sealed record DataDescription(
    string Dataset, string ClassA, string ClassB, int TrainCount, int TestCount, int Dimension,
    double? Mu, string Preprocess, ulong DataSeed, string Origin, string TrainSource, string? TestSource);

/// <summary>A prepared binary task: training set, optional test split, and where it came from.</summary>
public sealed record PreparedData(Dataset Train, Dataset? Test, DataDescription Description);

/// <summary>Builds the training (and test) set a <see cref="DataRequest"/> asks for.</summary>
public static class BinaryTask
{
    /// <param name="allowPhiZero">Keep identical inputs with different labels (for the data check, which reports them) instead of refusing the data.</param>
    public static PreparedData Prepare(DataRequest request, bool allowPhiZero = false)
    {
        PreparedData prepared = Build(request, allowPhiZero);
        // The raw files and the pipeline's buffers (hundreds of MB for full MNIST or CIFAR-10) are garbage
        // now; hand them back to the OS before training allocates its activations, or they add to the peak.
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return prepared;
    }

    /// <summary>
    /// Inputs and real-valued targets for the two-layer model: the synthetic spheres directly, any class
    /// pair with its ±1 labels.
    /// </summary>
    public static (float[] X, double[] Y, DataDescription Description) PrepareRegression(DataRequest request)
    {
        if (request.Kind != DatasetKind.Sphere)
        {
            PreparedData prepared = Prepare(request);
            return (prepared.Train.Features, prepared.Train.Labels.Select(v => (double)v).ToArray(), prepared.Description);
        }
        (float[] x, double[] y) = SphereData.GaussianLabels(request.TrainCount, request.Dimension, request.DataSeed);
        return (x, y, Synthetic(request, "uniform on the unit sphere, y ~ N(0, 1)"));
    }

    private static DataDescription Synthetic(DataRequest r, string source) =>
        new(r.DatasetName, "", "", r.TrainCount, 0, r.Dimension, null, "none", r.DataSeed, "synthetic", source, null);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static PreparedData Build(DataRequest request, bool allowPhiZero)
    {
        if (request.Kind == DatasetKind.Sphere)
            throw DataFormatException.BadOption("--dataset: sphere has real-valued (Gaussian) labels and suits only the two-layer model; use sphere-separated for +-1 classes");
        if (request.Kind == DatasetKind.SeparatedSphere)
        {
            (float[] x, double[] y) = SphereData.Separated(request.TrainCount, request.Dimension, request.Phi, request.DataSeed);
            string source = $"unit sphere, two classes at least phi = {request.Phi.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)} apart";
            return new PreparedData(new Dataset(x, y.Select(v => (float)v).ToArray(), request.Dimension), null, Synthetic(request, source));
        }
        if (request.ClassA == request.ClassB)
            throw DataFormatException.BadOption($"--classes: the two classes must differ; got {request.ClassA},{request.ClassB}");
        if (request.Preprocess == Preprocessing.Paper && !(request.Mu > 0 && request.Mu < 1))
            throw DataFormatException.BadOption($"--mu: must be in (0, 1); got {request.Mu}");

        (RawExamples trainRaw, RawExamples? testRaw, string origin, DataRequest normalized) = Load(request);
        var rng = new Rng(normalized.DataSeed, Rng.Streams.DataSubset);

        (List<uint> a, List<uint> b) = Split(trainRaw, normalized);
        string? whereMore = origin == DataLocator.ShippedOrigin
            ? DataLocator.FullDataHint(normalized.Kind == DatasetKind.Mnist ? "mnist" : "cifar10") : null;
        uint[] train = PairPipeline.DrawBalanced(a, b, normalized.TrainCount, rng, normalized.ClassA, normalized.ClassB, trainRaw.Source, "--n", whereMore);

        uint[] test = [];
        RawExamples? testSource = testRaw;
        if (normalized.TestCount > 0)
        {
            if (testSource is null)
            {
                // CSV: hold the test split out of the rows not used for training.
                testSource = trainRaw;
                var used = train.ToHashSet();
                a = a.Where(i => !used.Contains(i)).ToList();
                b = b.Where(i => !used.Contains(i)).ToList();
            }
            else
            {
                (a, b) = Split(testSource, normalized);
            }
            test = PairPipeline.DrawBalanced(a, b, normalized.TestCount, rng, normalized.ClassA, normalized.ClassB, testSource.Source, "--test-n", whereMore);
        }

        Dataset trainSet = PairPipeline.Transform(trainRaw, train.ToHashSet(), normalized);
        if (!allowPhiZero && CrossClassDuplicates.Find(trainSet) is (int i, int j))
        {
            uint[] order = train.Order().ToArray(); // the pipeline keeps the source order
            throw DataFormatException.InFile(trainRaw.Source,
                $"examples {order[i]} and {order[j]} (0-based, in file order; classes {trainRaw.Classes[order[i]]} and {trainRaw.Classes[order[j]]}) must differ, "
                + "but their inputs are identical: phi = 0 violates the papers' data assumption (no network can fit both labels)");
        }
        Dataset? testSet = test.Length > 0 ? PairPipeline.Transform(testSource!, test.ToHashSet(), normalized) : null;
        var description = new DataDescription(
            normalized.DatasetName, normalized.ClassA, normalized.ClassB, trainSet.Count, testSet?.Count ?? 0, trainSet.Dimension,
            normalized.Preprocess == Preprocessing.Paper ? normalized.Mu : null,
            normalized.Preprocess == Preprocessing.Paper ? "paper" : "none",
            normalized.DataSeed, origin, trainRaw.Source, testSet is null ? null : testSource!.Source);
        return new PreparedData(trainSet, testSet, description);
    }

    private static (RawExamples Train, RawExamples? Test, string Origin, DataRequest Normalized) Load(DataRequest request)
    {
        switch (request.Kind)
        {
            case DatasetKind.Mnist:
            {
                (string root, string origin) = DataLocator.ResolveRoot(request.DataDir);
                string folder = DataLocator.MnistFolderUnder(root, origin);
                RawExamples? test = request.TestCount > 0 ? MnistFolder.Load(folder, test: true) : null;
                return (MnistFolder.Load(folder, test: false), test, origin, request);
            }
            case DatasetKind.Cifar10:
            {
                (string root, string origin) = DataLocator.ResolveRoot(request.DataDir);
                string folder = DataLocator.CifarFolderUnder(root, origin);
                var normalized = request with { ClassA = CifarFolder.NormalizeClass(request.ClassA), ClassB = CifarFolder.NormalizeClass(request.ClassB) };
                RawExamples? test = request.TestCount > 0 ? CifarFolder.Load(folder, test: true) : null;
                return (CifarFolder.Load(folder, test: false), test, origin, normalized);
            }
            case DatasetKind.Csv:
                return (CsvSource.Load(request.CsvPath ?? throw DataFormatException.BadOption("--dataset: csv needs a path, as csv:PATH")), null, "csv file", request);
            default:
                throw new ArgumentOutOfRangeException(nameof(request), request.Kind, "unknown data set");
        }
    }

    private static (List<uint> A, List<uint> B) Split(RawExamples raw, DataRequest request)
    {
        var a = new List<uint>();
        var b = new List<uint>();
        for (int i = 0; i < raw.Count; i++)
        {
            if (raw.Classes[i] == request.ClassA) a.Add((uint)i);
            else if (raw.Classes[i] == request.ClassB) b.Add((uint)i);
        }
        foreach ((string name, List<uint> list) in new[] { (request.ClassA, a), (request.ClassB, b) })
        {
            if (list.Count == 0)
            {
                string present = string.Join(",", raw.Classes.Distinct().Order(StringComparer.Ordinal).Take(20));
                throw DataFormatException.BadOption($"--classes: class '{name}' has no examples in {raw.Source} (classes present: {present})");
            }
        }
        return (a, b);
    }
}
