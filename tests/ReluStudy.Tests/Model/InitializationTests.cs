using ReluStudy.Core.Model;

namespace ReluStudy.Tests.Model;

public class InitializationTests
{
    [Fact]
    public void EveryColumnHasVarianceTwoOverWidth_IncludingLayerOne()
    {
        // d = 785 rows per column of W_1: the sample variance of 785·m Gaussians has relative sd sqrt(2/(785·m)) ≈ 0.6%
        // for m = 64; 5% is > 8 sd, so the test fails only if the variance is really wrong (e.g. 2/d instead of 2/m).
        DeepReluNet net = DeepReluNet.Initialize(785, [64, 32, 32], seed: 3);
        for (int l = 0; l < net.Depth; l++)
        {
            double expected = 2.0 / net.Widths[l];
            float[] w = net.Weights[l];
            double mean = w.Average(v => (double)v);
            double variance = w.Sum(v => (v - mean) * (v - mean)) / (w.Length - 1);
            Assert.InRange(variance / expected, 0.95, 1.05);
            Assert.InRange(Math.Abs(mean), 0, 5 * Math.Sqrt(expected / w.Length));
        }
        // Per column (one neuron): 785 entries, relative sd of the variance ≈ 5%; 25% is 5 sd.
        int m1 = net.Widths[0];
        for (int j = 0; j < m1; j++)
        {
            double s = 0;
            for (int i = 0; i < 785; i++) s += (double)net.Weights[0][i * m1 + j] * net.Weights[0][i * m1 + j];
            Assert.InRange(s / 785 / (2.0 / m1), 0.75, 1.25);
        }
    }

    [Fact]
    public void OutputWeightsAreHalfPlusHalfMinus()
    {
        DeepReluNet net = DeepReluNet.Initialize(10, [8, 6], seed: 1);
        Assert.Equal([1f, 1f, 1f, -1f, -1f, -1f], net.Readout);
    }

    [Fact]
    public void SameSeedSameWeights_OtherSeedOtherWeights()
    {
        Assert.Equal(DeepReluNet.Initialize(5, [4, 4], 7).Weights[1], DeepReluNet.Initialize(5, [4, 4], 7).Weights[1]);
        Assert.NotEqual(DeepReluNet.Initialize(5, [4, 4], 7).Weights[1], DeepReluNet.Initialize(5, [4, 4], 8).Weights[1]);
    }

    [Fact]
    public void OddLastWidth_IsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => DeepReluNet.Initialize(5, [4, 5], 1));
        Assert.Contains("got 5", e.Message);
    }
}
