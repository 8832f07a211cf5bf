using ReluStudy.Core.LinearAlgebra;
using ReluStudy.Core.Model;
using ReluStudy.Core.Numerics;

namespace ReluStudy.Tests.Model;

/// <summary>Backprop's ∇W_l L_S against central finite differences of an independent float64 forward pass.</summary>
public class GradientTests
{
    // Step of the central difference: truncation error O(h²) ≈ 1e-10, rounding ≈ 1e-16/h ≈ 1e-11 in float64.
    private const double Step = 1e-5;
    // Backprop keeps activations and δ in float32 (relative rounding 6e-8 per operation over a few layers);
    // 1e-4 relative is far above that and far below any real mistake (a wrong mask or sign gives O(1)).
    private const double RelativeTolerance = 1e-4;

    public static TheoryData<LossKind> AllLosses => new(Enum.GetValues<LossKind>());

    [Theory]
    [MemberData(nameof(AllLosses))]
    public void BackpropMatchesFiniteDifferences(LossKind loss)
    {
        const int n = 4, d = 5;
        int[] widths = [6, 7, 4];
        var rng = new Rng(11);
        float[] x = Enumerable.Range(0, n * d).Select(_ => (float)rng.NextNormal()).ToArray();
        float[] y = [1, -1, -1, 1];
        DeepReluNet net = DeepReluNet.Initialize(d, widths, seed: 2);

        double[][] w = net.Weights.Select(a => a.Select(v => (double)v).ToArray()).ToArray();
        using var kernels = new SimdKernels(2);
        var pass = new Backprop(net, kernels, n);
        pass.Forward(x, n);
        pass.Evaluate(y, loss, 1.0 / n);
        // The gradient is never stored: it is read back from one step of size 1, G = W(0) − W(1), whose float32
        // rounding (≈ 6e-8·|W|) is far below the tolerance.
        var squares = new double[net.Depth];
        pass.Backward(x, n, stepSize: 1f, apply: true, squares);
        double[][] gradients = net.Weights.Select((after, l) => after.Select((v, t) => w[l][t] - v).ToArray()).ToArray();

        for (int l = 0; l < net.Depth; l++)
        {
            var reference = new double[w[l].Length];
            int skipped = 0;
            for (int t = 0; t < w[l].Length; t++)
            {
                double saved = w[l][t];
                w[l][t] = saved + Step;
                (double plus, string patternPlus) = Loss(w, x, y, n, d, widths, net.Readout, loss);
                w[l][t] = saved - Step;
                (double minus, string patternMinus) = Loss(w, x, y, n, d, widths, net.Readout, loss);
                w[l][t] = saved;
                if (patternPlus != patternMinus) { skipped++; reference[t] = gradients[l][t]; continue; } // a ReLU kink in between
                reference[t] = (plus - minus) / (2 * Step);
            }
            double error = Math.Sqrt(reference.Select((r, t) => (r - gradients[l][t]) * (r - gradients[l][t])).Sum());
            double scale = Math.Sqrt(reference.Sum(r => r * r));
            Assert.True(scale > 0, $"layer {l + 1}: zero gradient, the check would be vacuous");
            Assert.True(error <= RelativeTolerance * scale, $"layer {l + 1}: relative error {error / scale:E2}");
            Assert.True(skipped < w[l].Length / 10, $"layer {l + 1}: {skipped} coordinates at a kink");
            Assert.Equal(scale * scale, squares[l], 2.1e-4 * scale * scale); // |‖G‖² − ‖R‖²| ≤ ‖G − R‖(‖G‖ + ‖R‖)
        }
    }

    /// <summary>L_S(W) = (1/n)Σℓ(y_i f(x_i)) in float64 with plain loops, and the activation pattern as text.</summary>
    private static (double Loss, string Pattern) Loss(double[][] w, float[] x, float[] y, int n, int d, int[] widths, float[] v, LossKind loss)
    {
        double total = 0;
        var pattern = new System.Text.StringBuilder();
        for (int i = 0; i < n; i++)
        {
            double[] h = Enumerable.Range(0, d).Select(j => (double)x[i * d + j]).ToArray();
            for (int l = 0; l < widths.Length; l++)
            {
                int fanIn = h.Length, m = widths[l];
                var next = new double[m];
                for (int j = 0; j < m; j++)
                {
                    double s = 0;
                    for (int r = 0; r < fanIn; r++) s += w[l][r * m + j] * h[r];
                    pattern.Append(s > 0 ? '1' : '0');
                    next[j] = Math.Max(s, 0);
                }
                h = next;
            }
            double f = h.Select((value, j) => value * v[j]).Sum();
            total += MarginLoss.Value(loss, y[i] * f);
        }
        return (total / n, pattern.ToString());
    }

    [Theory]
    [MemberData(nameof(AllLosses))]
    public void LossDerivativeMatchesFiniteDifferences(LossKind loss)
    {
        foreach (double z in new[] { -30.0, -3.2, -0.4, 0.37, 0.9, 1.6, 25.0 })
        {
            double fd = (MarginLoss.Value(loss, z + 1e-6) - MarginLoss.Value(loss, z - 1e-6)) / 2e-6;
            Assert.True(Math.Abs(fd - MarginLoss.Derivative(loss, z)) < 1e-6, $"{loss} at z={z}: {fd} vs {MarginLoss.Derivative(loss, z)}");
        }
    }

    [Fact]
    public void CrossEntropyIsStableForHugeMargins()
    {
        Assert.Equal(1000.0, MarginLoss.Value(LossKind.CrossEntropy, -1000), 9);
        Assert.Equal(0.0, MarginLoss.Value(LossKind.CrossEntropy, 1000));
        Assert.Equal(-1.0, MarginLoss.Derivative(LossKind.CrossEntropy, -1000));
        Assert.Equal(Math.Log(2), MarginLoss.Value(LossKind.CrossEntropy, 0), 15);
    }

    [Theory]
    [InlineData(20.0)]
    [InlineData(40.0)]
    [InlineData(700.0)]
    public void CrossEntropyKeepsItsRelativeAccuracyForLargeMargins(double z)
    {
        // log(1 + e^{-z}) = e^{-z} - e^{-2z}/2 + ..., so for z >= 20 the series' first two terms are exact to 1e-26.
        double t = Math.Exp(-z), expected = t - t * t / 2;
        Assert.True(Math.Abs(MarginLoss.Value(LossKind.CrossEntropy, z) - expected) <= 4e-16 * expected,
            $"z = {z}: {MarginLoss.Value(LossKind.CrossEntropy, z):R} vs {expected:R}");
    }
}
