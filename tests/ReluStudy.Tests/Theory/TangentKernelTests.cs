using ReluStudy.Core.LinearAlgebra;
using ReluStudy.Core.Model;
using ReluStudy.Core.Numerics;
using ReluStudy.Core.Theory;
using ReluStudy.Core.Training;
using Xunit.Abstractions;
using ReluStudy.Core.TangentKernel;

namespace ReluStudy.Tests.Theory;

/// <summary>The deep network's tangent kernel: its wide limit, the finite network's kernel, and the training they predict.</summary>
public class TangentKernelTests(ITestOutputHelper output)
{
    private static float[] Inputs(Rng rng, int n, int d, bool unit)
    {
        var x = new float[n * d];
        for (int i = 0; i < n; i++)
        {
            double[] row = Enumerable.Range(0, d).Select(_ => rng.NextNormal()).ToArray();
            double scale = unit ? 1 / Math.Sqrt(row.Sum(v => v * v)) : 0.5 + i % 3 * 0.4;
            for (int t = 0; t < d; t++) x[i * d + t] = (float)(row[t] * scale);
        }
        return x;
    }

    private static double Dot(float[] x, int d, int i, int j) => Enumerable.Range(0, d).Sum(t => (double)x[i * d + t] * x[j * d + t]);

    [Fact]
    public void AtDepthOneTheLimitIsDuEtAlsHInfinity()
    {
        const int n = 7, d = 5;
        float[] x = Inputs(new Rng(4), n, d, unit: false);
        double[] theta = TangentKernelLimit.Of(x, n, d, [64], 1);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double dot = Dot(x, d, i, j), angle = Math.Acos(Math.Clamp(dot / Math.Sqrt(Dot(x, d, i, i) * Dot(x, d, j, j)), -1, 1));
                Assert.Equal(dot * (Math.PI - angle) / (2 * Math.PI), theta[i * n + j], 12);
            }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(15)]
    public void UnitInputsHaveDiagonalHalfTheDepthAndTheLimitScalesWithTheNorms(int depth)
    {
        const int n = 5, d = 6;
        float[] x = Inputs(new Rng(9), n, d, unit: true);
        double[] theta = TangentKernelLimit.Of(x, n, d, Enumerable.Repeat(32, depth).ToArray(), 1);
        for (int i = 0; i < n; i++) Assert.Equal(depth / 2.0, theta[i * n + i], 5);
        // Θ̄(a x, b x') = a b Θ̄(x, x') for a, b > 0: the kernel only sees norms through √(qq').
        float[] scaled = x.Select((v, t) => v * (t / d == 0 ? 3f : t / d == 1 ? 0.5f : 1f)).ToArray();
        double[] thetaScaled = TangentKernelLimit.Of(scaled, n, d, Enumerable.Repeat(32, depth).ToArray(), 1);
        Assert.Equal(3 * 0.5 * theta[0 * n + 1], thetaScaled[0 * n + 1], 6);
        Assert.Equal(9 * theta[0], thetaScaled[0], 5);
    }

    /// <summary>
    /// Θ̄ against the mean of Θ̂/m over independently initialised wide networks, per-layer widths included. Each entry must
    /// lie within 4 standard errors of the seeds' mean (the finite-width bias, O(L/m) ≈ 0.6 %, is well inside that).
    /// </summary>
    [Fact]
    public void TheLimitIsTheMeanKernelOfWideNetworks()
    {
        const int n = 4, d = 5, seeds = 40;
        int[] widths = [1024, 512, 768];
        float[] x = Inputs(new Rng(21), n, d, unit: false);
        double[] limit = TangentKernelLimit.Of(x, n, d, widths, 1);
        int m = DeepReluNet.WidthOf(widths);
        var sum = new double[n * n];
        var squares = new double[n * n];
        var kernel = new double[n * n];
        using var kernels = new SimdKernels(2);
        for (ulong seed = 1; seed <= seeds; seed++)
        {
            new EmpiricalTangentKernel(DeepReluNet.Initialize(d, widths, seed), kernels, x, n).Compute(kernel);
            for (int t = 0; t < n * n; t++)
            {
                sum[t] += kernel[t] / m;
                squares[t] += (kernel[t] / m) * (kernel[t] / m);
            }
        }
        for (int t = 0; t < n * n; t++)
        {
            double mean = sum[t] / seeds, error = Math.Sqrt((squares[t] / seeds - mean * mean) / (seeds - 1));
            Assert.True(Math.Abs(mean - limit[t]) <= 4 * error, $"entry {t}: limit {limit[t]:G6}, mean over {seeds} networks {mean:G6} ± {error:G3}");
        }
    }

    /// <summary>Θ̂ = JJᵀ, J the float64 central-difference Jacobian of f over every weight, on a tiny network.</summary>
    [Fact]
    public void TheEmpiricalKernelIsJJTransposedOfAFiniteDifferenceJacobian()
    {
        const int n = 3, d = 4;
        const double step = 1e-5;
        int[] widths = [6, 8];
        float[] x = Inputs(new Rng(5), n, d, unit: false);
        DeepReluNet net = DeepReluNet.Initialize(d, widths, seed: 3);
        var reference = new Float64Network(net);
        var jacobian = new List<double[]>(); // one column per weight: ∂f(x_i)/∂w
        foreach (double[] w in reference.W)
            for (int t = 0; t < w.Length; t++)
            {
                double saved = w[t];
                w[t] = saved + step;
                double[] plus = reference.Outputs(x, n);
                w[t] = saved - step;
                double[] minus = reference.Outputs(x, n);
                w[t] = saved;
                jacobian.Add(plus.Zip(minus, (p, q) => (p - q) / (2 * step)).ToArray());
            }
        using var kernels = new SimdKernels(1);
        var kernel = new double[n * n];
        var layers = widths.Select(_ => new float[n * n]).ToArray();
        new EmpiricalTangentKernel(net, kernels, x, n).Compute(kernel, layers);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double expected = jacobian.Sum(column => column[i] * column[j]);
                // float32 products of a few dozen terms: relative rounding ≈ 1e-6, far below 1e-4.
                Assert.True(Math.Abs(kernel[i * n + j] - expected) <= 1e-4 * Math.Abs(expected) + 1e-9, $"({i},{j}): {kernel[i * n + j]} vs {expected}");
                Assert.Equal(kernel[i * n + j], layers.Sum(l => (double)l[i * n + j]), 5);
            }
    }

    /// <summary>
    /// The readout at initialisation is a centred Gaussian with variance (1 − 1/π)‖x‖², so on unit inputs the initial
    /// cross-entropy is E log(1 + e^{−Z}), Z ~ N(0, 1 − 1/π) ≈ 0.772: checked against wide networks' own outputs and losses.
    /// </summary>
    [Fact]
    public void TheOutputAtInitialisationHasVarianceOneMinusOneOverPiAndTheInitialLossFollows()
    {
        const int n = 64, d = 12, seeds = 24;
        int[] widths = [512, 512, 512];
        float[] x = Inputs(new Rng(8), n, d, unit: true);
        float[] y = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? 1f : -1f).ToArray();
        double variance = TangentKernelLimit.OutputCovariance(1, 1, 1, widths.Length);
        Assert.Equal(1 - 1 / Math.PI, variance, 12);
        double expectedLoss = GaussianMean(z => MarginLoss.Value(LossKind.CrossEntropy, z), variance);
        Assert.Equal(0.772, expectedLoss, 3);

        var squares = new double[seeds];
        var losses = new double[seeds];
        using var kernels = new SimdKernels(2);
        for (int s = 0; s < seeds; s++)
        {
            DeepReluNet net = DeepReluNet.Initialize(d, widths, (ulong)s + 1);
            var pass = new Backprop(net, kernels, n);
            pass.Forward(x, n);
            losses[s] = pass.Evaluate(y, LossKind.CrossEntropy, 1.0 / n).Loss;
            squares[s] = pass.Outputs.Take(n).Average(f => f * f);
        }
        (double meanSquare, double squareError) = MeanAndError(squares);
        (double meanLoss, double lossError) = MeanAndError(losses);
        output.WriteLine($"E f^2 = {meanSquare:F4} ± {squareError:F4} (limit {variance:F4}); initial loss {meanLoss:F4} ± {lossError:F4} (limit {expectedLoss:F4})");
        Assert.True(Math.Abs(meanSquare - variance) <= 4 * squareError, $"E f^2 = {meanSquare} ± {squareError}, limit {variance}");
        Assert.True(Math.Abs(meanLoss - expectedLoss) <= 4 * lossError, $"initial loss {meanLoss} ± {lossError}, limit {expectedLoss}");
    }

    private static (double Mean, double Error) MeanAndError(double[] values)
    {
        double mean = values.Average();
        return (mean, Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1) / values.Length));
    }

    /// <summary>E g(Z), Z ~ N(0, σ²), by the trapezoid rule on ±12σ (error far below 1e-9 for these smooth g).</summary>
    private static double GaussianMean(Func<double, double> g, double variance)
    {
        double sigma = Math.Sqrt(variance), h = sigma / 200, sum = 0;
        for (double z = -12 * sigma; z <= 12 * sigma; z += h) sum += g(z) * Math.Exp(-z * z / (2 * variance));
        return sum * h / Math.Sqrt(2 * Math.PI * variance);
    }

    [Fact]
    public void TheSquaredLossClosedFormEqualsTheIteration()
    {
        const int n = 20;
        var rng = new Rng(13);
        double[] a = Enumerable.Range(0, n * 6).Select(_ => rng.NextNormal()).ToArray();
        var kernel = new double[n * n]; // AAᵀ: positive semi-definite, rank 6 (zero eigenvalues too)
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) kernel[i * n + j] = Enumerable.Range(0, 6).Sum(t => a[i * 6 + t] * a[j * 6 + t]);
        double[] u0 = Enumerable.Range(0, n).Select(_ => 0.8 * rng.NextNormal()).ToArray();
        float[] y = Enumerable.Range(0, n).Select(i => i % 3 == 0 ? -1f : 1f).ToArray();
        var iteration = new FunctionSpaceGd(kernel, 2.5, u0, y, LossKind.Squared, 0.3, null);
        var closed = new SquaredLossPrediction(new SymmetricEigen(kernel, n), 2.5, u0, y, 0.3);
        for (int k = 0; k <= 60; k++)
        {
            PredictedPoint p = iteration.Measure(), q = closed.Measure();
            Assert.Equal(p.Loss, q.Loss, 1e-10 * Math.Max(1, p.Loss));
            Assert.Equal(p.TrainError, q.TrainError);
            Assert.Equal(p.Distance, q.Distance, 1e-9 * Math.Max(1, p.Distance));
            for (int i = 0; i < n; i++) Assert.Equal(iteration.Outputs[i], closed.Outputs[i], 1e-10);
            iteration.Step();
            closed.Step();
        }
    }

    [Fact]
    public void TheEigendecompositionReconstructsItsMatrix()
    {
        const int n = 30;
        var rng = new Rng(17);
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.NextNormal();
        var eigen = new SymmetricEigen(a, n);
        for (int j = 1; j < n; j++) Assert.True(eigen.Values[j - 1] <= eigen.Values[j]);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0, identity = 0;
                for (int k = 0; k < n; k++)
                {
                    sum += eigen.Vectors[k * n + i] * eigen.Values[k] * eigen.Vectors[k * n + j];
                    identity += eigen.Vectors[i * n + k] * eigen.Vectors[j * n + k];
                }
                Assert.Equal(a[i * n + j], sum, 11);
                Assert.Equal(i == j ? 1 : 0, identity, 12);
            }
    }

    /// <summary>
    /// Float64 GD of the network itself against the prediction of its linearisation (Θ̂(0) = JJᵀ of the same float64
    /// network): the relative gap ‖u_net(K) − u_lin(K)‖/‖u_net(K) − u(0)‖ shrinks as the width grows, at a fixed η·m.
    /// </summary>
    [Fact]
    public void TheLinearisedPredictionApproachesGdOfWiderNetworks()
    {
        const int n = 8, d = 6, steps = 30;
        const double stepTimesWidth = 2;
        float[] x = Inputs(new Rng(31), n, d, unit: true);
        float[] y = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? 1f : -1f).ToArray();
        var gaps = new List<double>();
        foreach (int m in new[] { 32, 128, 512 })
        {
            double gap = 0;
            for (ulong seed = 1; seed <= 3; seed++)
            {
                var net = new Float64Network(DeepReluNet.Initialize(d, [m, m], seed));
                double[][] gradients = Enumerable.Range(0, n).Select(i => net.Gradient(x.AsSpan(i * d, d)).SelectMany(g => g).ToArray()).ToArray();
                var kernel = new double[n * n];
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++) kernel[i * n + j] = gradients[i].Zip(gradients[j], (a, b) => a * b).Sum();
                double[] u0 = net.Outputs(x, n);
                var linearised = new FunctionSpaceGd(kernel, 1, u0, y, LossKind.CrossEntropy, stepTimesWidth / m, null);
                for (int k = 0; k < steps; k++)
                {
                    net.Step(x, y, LossKind.CrossEntropy, stepTimesWidth / m);
                    linearised.Step();
                }
                double[] u = net.Outputs(x, n);
                double moved = Math.Sqrt(u.Zip(u0, (a, b) => (a - b) * (a - b)).Sum());
                gap += Math.Sqrt(u.Select((v, i) => (v - linearised.Outputs[i]) * (v - linearised.Outputs[i])).Sum()) / moved / 3;
            }
            output.WriteLine($"m = {m}: relative gap to the linearised prediction after {steps} steps = {gap:F4}");
            gaps.Add(gap);
        }
        Assert.True(gaps[0] > gaps[1] && gaps[1] > gaps[2], $"gaps {string.Join(", ", gaps.Select(g => g.ToString("F4")))} must shrink with width");
        Assert.True(gaps[2] < 0.5 * gaps[0], $"gaps {string.Join(", ", gaps.Select(g => g.ToString("F4")))}: a 16x wider network must halve the gap at least");
    }
}
