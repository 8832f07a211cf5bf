using System.Text.Json;
using ReluStudy.Cli;
using ReluStudy.Core.Baselines;
using ReluStudy.Core.Data;
using ReluStudy.Core.Numerics;

namespace ReluStudy.Tests.Baselines;

public class BaselineTests
{
    /// <summary>Training and test points in [-1, 1]^d labelled by the sign of one w·x, those within 0.3 of the plane left out.</summary>
    private static (Dataset Train, Dataset Test) Separable(int n, int testN, int d, ulong seed)
    {
        Dataset all = Points(n + testN, d, seed);
        return (new Dataset(all.Features[..(n * d)], all.Labels[..n], d), new Dataset(all.Features[(n * d)..], all.Labels[n..], d));
    }

    private static Dataset Points(int n, int d, ulong seed)
    {
        var rng = new Rng(seed, 7);
        double[] w = Enumerable.Range(0, d).Select(_ => rng.NextNormal()).ToArray();
        double norm = Math.Sqrt(w.Sum(v => v * v));
        var x = new List<float>();
        var y = new List<float>();
        while (y.Count < n)
        {
            float[] point = Enumerable.Range(0, d).Select(_ => (float)(2 * rng.NextDouble() - 1)).ToArray();
            double margin = point.Select((v, j) => v * w[j]).Sum() / norm;
            if (Math.Abs(margin) < 0.3) continue;
            x.AddRange(point);
            y.Add(margin > 0 ? 1f : -1f);
        }
        return new Dataset(x.ToArray(), y.ToArray(), d);
    }

    [Fact]
    public void EveryBaselineSeparatesALinearlySeparableSet()
    {
        (Dataset train, Dataset test) = Separable(600, 300, 4, 1);
        IReadOnlyList<BaselineResult> results = BaselineRunner.Run(train, test, seed: 3);
        Assert.Equal(["logistic-lbfgs", "logistic-sdca", "fasttree", "lightgbm"], results.Select(r => r.Name));
        foreach (BaselineResult r in results)
        {
            Assert.True(r.TestAccuracy >= 0.95, $"{r.Name}: test accuracy {r.TestAccuracy:P1}");
            Assert.Contains(r.Hyperparameters, h => BaselineCatalog.All.Single(t => t.Name == r.Name).Grid.Any(g => g.ContainsKey(h.Key)));
        }
    }

    [Fact]
    public void TheSameSeedGivesTheSameResults_AnotherSeedAnotherValidationSplit()
    {
        (Dataset train, Dataset test) = Separable(300, 200, 6, 4);
        string Fingerprint(IReadOnlyList<BaselineResult> rs) =>
            string.Join(";", rs.Select(r => $"{r.Name}:{r.TestAccuracy:R}:{r.ValidationAccuracy:R}:{BaselineRunner.Describe(r.Hyperparameters)}"));
        Assert.Equal(Fingerprint(BaselineRunner.Run(train, test, seed: 11)), Fingerprint(BaselineRunner.Run(train, test, seed: 11)));
        Assert.NotEqual(BaselineRunner.Split(300, 11, 0.2).Validation, BaselineRunner.Split(300, 12, 0.2).Validation);
    }

    [Fact]
    public void TheValidationSplitPartitionsTheTrainingSet()
    {
        (int[] fit, int[] validation) = BaselineRunner.Split(1000, 9, 0.2);
        Assert.Equal(200, validation.Length);
        Assert.Equal(Enumerable.Range(0, 1000), fit.Concat(validation).Order());
        Assert.Equal(BaselineRunner.Split(1000, 9, 0.2).Validation, validation);
    }

    [Fact]
    public void TheCommandUsesTheNetworksTrainingSetAndTestSplit()
    {
        string[] data = ["--data-dir", TestPaths.ShippedData, "--n", "60", "--test-n", "40", "--data-seed", "5"];
        var stdout = new StringWriter();
        Assert.Equal(ExitCodes.Ok, Program.Run(["baselines", .. data, "--json"], stdout, new StringWriter()));
        using JsonDocument json = JsonDocument.Parse(stdout.ToString());
        JsonElement root = json.RootElement;

        // The networks' data for the same options: relustudy train prepares it with BinaryTask.Prepare too.
        string outDir = Path.Combine(TestPaths.TempFolder(), "run");
        Assert.Equal(ExitCodes.Ok, Program.Run(["train", .. data, "--depth", "2", "--width", "16", "--iterations", "2", "--out", outDir], new StringWriter(), new StringWriter()));
        using JsonDocument run = JsonDocument.Parse(File.ReadAllText(ResultsLayout.In(outDir, ResultsLayout.Record)));
        JsonElement trained = run.RootElement.GetProperty("config");
        Assert.Equal(trained.GetProperty("n").GetInt32(), root.GetProperty("train_count").GetInt32());
        Assert.Equal(trained.GetProperty("test_n").GetInt32(), root.GetProperty("test_count").GetInt32());
        Assert.Equal(trained.GetProperty("data_seed").GetUInt64(), root.GetProperty("data_seed").GetUInt64());

        var request = new DataRequest { Kind = DatasetKind.Mnist, ClassA = "3", ClassB = "8", TrainCount = 60, TestCount = 40, DataSeed = 5, DataDir = TestPaths.ShippedData };
        PreparedData prepared = BinaryTask.Prepare(request);
        Assert.Equal(Core.Studies.RunIdentity.DataChecksum(prepared.Train.Features, prepared.Train.Labels.Select(v => (double)v).ToArray()),
            root.GetProperty("data_checksum").GetString());
        Assert.Equal(4, root.GetProperty("baselines").GetArrayLength());
        foreach (JsonElement b in root.GetProperty("baselines").EnumerateArray())
        {
            double accuracy = b.GetProperty("test_accuracy").GetDouble();
            Assert.Equal(0, accuracy * 40 % 1, 9); // a count of the 40 test examples
            Assert.True(b.GetProperty("seconds").GetDouble() >= 0);
        }
    }

    [Fact]
    public void WithoutATestSplit_IsABadOption()
    {
        var stderr = new StringWriter();
        Assert.Equal(ExitCodes.BadOption, Program.Run(["baselines", "--data-dir", TestPaths.ShippedData], new StringWriter(), stderr));
        Assert.Contains("--test-n: baselines are scored on a test split; got none", stderr.ToString());
    }
}
