using ReluStudy.Cli.Bench;
using ReluStudy.Core.LinearAlgebra;
using ReluStudy.Core.Model;
using ReluStudy.Core.Numerics;

namespace ReluStudy.Tests.Cli;

/// <summary>
/// The bench's OpenBLAS iteration does the same work as ours: from the same W(0), one GD step through each gives
/// the same loss, the same ∇W_l (ours is checked against finite differences of a float64 pass in GradientTests)
/// and the same ‖∇W_l‖². Sizes are odd, so the products' edges and the elementwise passes' split are exercised.
/// </summary>
public class OpenBlasReferenceTests
{
    // Both sides keep activations and δ in float32 and sum in different orders: relative differences of a few
    // 1e-7 per operation over three layers; 1e-4 is far above that and far below a wrong mask, sign or step (O(1)).
    private const double RelativeTolerance = 1e-4;

    [FactNeeds(Need.OpenBlas)]
    public void OneStepEqualsOurs()
    {
        const int n = 53, d = 37;
        int[] widths = [48, 41, 32];
        var rng = new Rng(5);
        float[] x = Enumerable.Range(0, n * d).Select(_ => (float)rng.NextNormal()).ToArray();
        float[] y = Enumerable.Range(0, n).Select(i => i % 3 == 0 ? -1f : 1f).ToArray();

        using var ours = new SimdKernels(2);
        using var theirs = new OpenBlasKernels(OpenBlas.TryLoad(2)!, 2);
        (double lossOurs, double[][] gOurs, double[] sOurs) = Step(ours, x, y, n, d, widths);
        (double lossTheirs, double[][] gTheirs, double[] sTheirs) = Step(theirs, x, y, n, d, widths);

        Assert.Equal(lossOurs, lossTheirs, 1e-6 * lossOurs);
        for (int l = 0; l < widths.Length; l++)
        {
            double error = Math.Sqrt(gOurs[l].Select((g, t) => (g - gTheirs[l][t]) * (g - gTheirs[l][t])).Sum());
            double scale = Math.Sqrt(gOurs[l].Sum(g => g * g));
            Assert.True(scale > 0, $"layer {l + 1}: zero gradient, the check would be vacuous");
            Assert.True(error <= RelativeTolerance * scale, $"layer {l + 1}: relative difference {error / scale:E2}");
            // ‖G‖² moves by at most (2 + ε)ε of itself when G moves by ε of its norm.
            Assert.Equal(sOurs[l], sTheirs[l], (2 + RelativeTolerance) * RelativeTolerance * sOurs[l]);
        }
    }

    /// <summary>Loss at W(0), ∇W_l read back from one step of size 1 (G = W(0) − W(1)), and ‖∇W_l‖² as returned.</summary>
    private static (double Loss, double[][] Gradients, double[] Squares) Step(IMatrixKernels kernels, float[] x, float[] y, int n, int d, int[] widths)
    {
        DeepReluNet net = DeepReluNet.Initialize(d, widths, seed: 3);
        float[][] before = net.CloneWeights();
        var pass = new Backprop(net, kernels, n);
        pass.Forward(x, n);
        (double loss, _) = pass.Evaluate(y, LossKind.CrossEntropy, 1.0 / n);
        var squares = new double[widths.Length];
        pass.Backward(x, n, stepSize: 1f, apply: true, squares);
        double[][] gradients = net.Weights.Select((after, l) => after.Select((v, t) => (double)before[l][t] - v).ToArray()).ToArray();
        return (loss, gradients, squares);
    }
}
