using System.Text.Json;
using ReluStudy.Core.Theory;
using ReluStudy.Core.TangentKernel;

namespace ReluStudy.Tests.Cli;

/// <summary>relustudy tangent-kernel: the limit kernel's figures, its matrix, and the one-line error when it cannot fit in memory.</summary>
public class TangentKernelCliTests
{
    [Fact]
    public void JsonHasTheDocumentedKeysAndTheMatrixIsTheLimitKernelOfThePreparedData()
    {
        string matrix = Path.Combine(TestPaths.TempFolder(), "theta.csv");
        (int code, string stdout, string stderr) = InProcessCli.Run("tangent-kernel", "--data-dir", TestPaths.ShippedData, "--n", "60", "--depth", "4",
            "--width", "64,32,64,64", "--json", "--matrix", matrix);
        Assert.True(code == 0, stderr);
        using JsonDocument json = JsonDocument.Parse(stdout);
        JsonElement root = json.RootElement;
        Assert.Equal((60, 4), (root.GetProperty("n").GetInt32(), root.GetProperty("depth").GetInt32()));
        double max = root.GetProperty("lambda_max").GetDouble(), min = root.GetProperty("lambda_min").GetDouble();
        Assert.True(0 < min && min < max);
        JsonElement ceilings = root.GetProperty("max_stable_eta_m");
        Assert.Equal(8 * 60 / max, ceilings.GetProperty("ce").GetDouble(), 9);
        Assert.Equal(2 * 60 / max, ceilings.GetProperty("squared").GetDouble(), 9);
        Assert.Equal(2 * 60 / max, ceilings.GetProperty("smoothed-hinge").GetDouble(), 9);
        Assert.Equal(60 / max, ceilings.GetProperty("square-hinge").GetDouble(), 9);

        double[][] rows = File.ReadAllLines(matrix).Select(l => l.Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToArray();
        Assert.Equal(60, rows.Length);
        Assert.All(rows, r => Assert.Equal(60, r.Length));
        Assert.Equal(root.GetProperty("trace").GetDouble(), Enumerable.Range(0, 60).Sum(i => rows[i][i]), 9);
        // The same prepared data as relustudy train: Θ̄ of its rows, with m = min_l m_l = 32 scaling the layers' m_l.
        var prepared = ReluStudy.Core.Data.BinaryTask.Prepare(new ReluStudy.Core.Data.DataRequest
        {
            Kind = ReluStudy.Core.Data.DatasetKind.Mnist, ClassA = "3", ClassB = "8", TrainCount = 60, DataDir = TestPaths.ShippedData,
        });
        double[] expected = TangentKernelLimit.Of(prepared.Train.Features, 60, prepared.Train.Dimension, [64, 32, 64, 64], 1);
        for (int i = 0; i < 60; i++)
            for (int j = 0; j < 60; j++) Assert.Equal(expected[i * 60 + j], rows[i][j]);
        Assert.Equal(4 * 0.5 * (2 + 1 + 2 + 2) / 4, rows[0][0], 6); // unit inputs: Θ̄(x, x) = ½ Σ_l m_l/m
    }

    [Fact]
    public void AKernelTooLargeForMemoryIsOneLineSayingHowMuchItNeeds()
    {
        // n = 10 000 MNIST inputs: 8·10⁸ bytes for Θ̄, 6.3·10⁷ for the float64 inputs, 4.8·10⁷ for the Lanczos basis.
        Assert.Null(TangentKernelLimit.TooLarge(10_000, 785, 2L << 30));
        Assert.Equal("--n: the kernel of n = 10000 examples needs 869 MiB (8 n^2 bytes for the n x n matrix and its workspace); this machine has 512 MiB for it",
            TangentKernelLimit.TooLarge(10_000, 785, 512L << 20));
        Assert.Equal(8L * 10_000 * 10_000 + 8L * 10_000 * 785 + 8L * 600 * 10_000, TangentKernelLimit.BytesFor(10_000, 785));
    }
}
