using ReluStudy.Core.Data;

namespace ReluStudy.Tests.Data;

public class PipelineTests
{
    private static DataRequest Mnist(int n, ulong seed = 0, int testN = 0) => new()
    {
        Kind = DatasetKind.Mnist, ClassA = "3", ClassB = "8", TrainCount = n, TestCount = testN,
        DataSeed = seed, DataDir = TestPaths.ShippedData,
    };

    [Fact]
    public void PaperPreprocessing_GivesUnitNormAndMuLastCoordinate()
    {
        PreparedData data = BinaryTask.Prepare(Mnist(101, testN: 20));
        foreach (Dataset set in new[] { data.Train, data.Test! })
        {
            Assert.Equal(785, set.Dimension);
            for (int i = 0; i < set.Count; i++)
            {
                ReadOnlySpan<float> x = set.Row(i);
                double norm = Math.Sqrt(x.ToArray().Sum(v => (double)v * v));
                Assert.InRange(norm, 1 - PairPipeline.UnitNormTolerance, 1 + PairPipeline.UnitNormTolerance);
                Assert.Equal((float)DataRequest.DefaultMu, x[^1]);
            }
        }
        Assert.Equal(51, data.Train.Labels.Count(y => y == 1f));
        Assert.Equal(50, data.Train.Labels.Count(y => y == -1f));
        Assert.Equal(10, data.Test!.Labels.Count(y => y == 1f));
    }

    [Fact]
    public void Subset_IsReproducibleForASeed_AndDiffersAcrossSeeds()
    {
        Dataset a = BinaryTask.Prepare(Mnist(60, seed: 5)).Train;
        Dataset b = BinaryTask.Prepare(Mnist(60, seed: 5)).Train;
        Dataset c = BinaryTask.Prepare(Mnist(60, seed: 6)).Train;
        Assert.Equal(a.Features, b.Features);
        Assert.Equal(a.Labels, b.Labels);
        Assert.NotEqual(a.Features, c.Features);
    }

    [Fact]
    public void Preprocessing_MatchesAFloat64Reference()
    {
        Dataset prepared = BinaryTask.Prepare(Mnist(10) with { Mu = 0.3 }).Train;
        // Reference: redo the selection by hand and apply x = (sqrt(1-mu^2) z/|z|, mu) in float64.
        RawExamples raw = MnistFolder.Load(Path.Combine(TestPaths.ShippedData, "mnist"), test: false);
        var references = Enumerable.Range(0, raw.Count).Select(i =>
        {
            var z = new float[raw.FeatureLength];
            raw.CopyRow(i, z);
            double[] scaled = z.Select(p => p / 255.0).ToArray();
            double norm = Math.Sqrt(scaled.Sum(v => v * v));
            return (Label: raw.Classes[i] == "3" ? 1f : -1f, X: scaled.Select(v => Math.Sqrt(1 - 0.09) * v / norm).ToArray());
        }).ToList();
        for (int i = 0; i < prepared.Count; i++)
        {
            float[] x = prepared.Row(i).ToArray();
            // The source row is the reference of the same label closest to x; it must agree to float32 rounding.
            double distance = references.Where(r => r.Label == prepared.Labels[i])
                .Min(r => r.X.Select((v, j) => Math.Abs(v - x[j])).Max());
            Assert.True(distance < 1e-6, $"row {i}: no source row within 1e-6 (closest {distance:E2})");
            Assert.Equal(0.3f, x[^1]);
        }
    }

    [Fact]
    public void TooFewExamples_NamesTheOptionAndCounts()
    {
        var e = Assert.Throws<DataFormatException>(() => BinaryTask.Prepare(Mnist(5000)));
        Assert.True(e.IsBadOption);
        Assert.Contains("--n", e.Message);
        Assert.Contains("2500", e.Message);
        Assert.Contains("1000", e.Message);
    }

    [Fact]
    public void Csv_LoadsThroughMlNet_AndHoldsOutATestSplit()
    {
        string path = Path.Combine(TestPaths.TempFolder(), "points.csv");
        var lines = new List<string> { "label,a,b,c" };
        for (int i = 0; i < 30; i++) lines.Add($"{(i % 2 == 0 ? "yes" : "no")},{i + 1},{2 * i - 5},{0.5}");
        File.WriteAllLines(path, lines);
        PreparedData data = BinaryTask.Prepare(new DataRequest
        {
            Kind = DatasetKind.Csv, CsvPath = path, ClassA = "yes", ClassB = "no", TrainCount = 20, TestCount = 10, Mu = 0.5,
        });
        Assert.Equal(4, data.Train.Dimension);
        Assert.Equal(10, data.Test!.Count);
        var trainRows = Enumerable.Range(0, 20).Select(i => string.Join(",", data.Train.Row(i).ToArray())).ToHashSet();
        Assert.DoesNotContain(Enumerable.Range(0, 10).Select(i => string.Join(",", data.Test.Row(i).ToArray())), trainRows.Contains);

        Dataset none = BinaryTask.Prepare(new DataRequest
        {
            Kind = DatasetKind.Csv, CsvPath = path, ClassA = "yes", ClassB = "no", TrainCount = 30, Preprocess = Preprocessing.None,
        }).Train;
        Assert.Equal(3, none.Dimension);
        Assert.Equal([1f, -5f, 0.5f], none.Row(0).ToArray());
    }

    [Fact]
    public void Csv_NonNumericFeature_NamesFileAndLine()
    {
        string path = Path.Combine(TestPaths.TempFolder(), "bad.csv");
        File.WriteAllLines(path, ["a,1,2", "b,3,oops", "a,5,6"]);
        var e = Assert.Throws<DataFormatException>(() => CsvSource.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("line 2", e.Message);
    }
}

public class SubsetNestingTests
{
    [Fact]
    public void SmallerSubsetsAreContainedInLargerOnes_ForOneDataSeed()
    {
        // n-scaling fits (theory.md §7) compare nested subsets: the first ⌈n/2⌉ of each seeded class shuffle.
        string Key(Dataset d, int i) => string.Join(",", d.Row(i).ToArray());
        DataRequest Request(int n) => new()
        {
            Kind = DatasetKind.Mnist, ClassA = "3", ClassB = "8", TrainCount = n, DataSeed = 2, DataDir = TestPaths.ShippedData,
        };
        Dataset small = BinaryTask.Prepare(Request(40)).Train;
        Dataset large = BinaryTask.Prepare(Request(120)).Train;
        var rows = Enumerable.Range(0, large.Count).Select(i => Key(large, i)).ToHashSet();
        Assert.All(Enumerable.Range(0, small.Count), i => Assert.Contains(Key(small, i), rows));
    }
}
