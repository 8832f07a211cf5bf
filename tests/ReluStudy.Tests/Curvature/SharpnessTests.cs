using ReluStudy.Core.Curvature;
using ReluStudy.Core.LinearAlgebra;
using ReluStudy.Core.Model;
using ReluStudy.Core.Numerics;
using ReluStudy.Core.Theory;
using Xunit.Abstractions;
using ReluStudy.Core.TangentKernel;

namespace ReluStudy.Tests.Curvature;

/// <summary><see cref="Sharpness"/>'s eigenvalues against dense spectra (tiny) and a float64 Lanczos (realistic size).</summary>
public class SharpnessTests(ITestOutputHelper output)
{
    // Tiny problem: the dense Hessian is exact to ≈ 1e-9 and the float32 products to ≈ 3e-7 of ‖Hv‖ (HessianProductTests),
    // so an eigenvalue moves by ≈ 3e-7·‖H‖; Lanczos stops at residual 1e-6·‖H‖ for the top value (whose error is then
    // residual²/gap) and 1e-4·‖H‖ for the second (measured errors ≤ 4e-8·‖H‖). 1e-5 of ‖H‖ is 10 times all of them.
    private const double TinyTolerance = 1e-5;

    // Float32 products with reductions of up to 785 terms (rounding ≈ √785·6e-8 ≈ 2e-6 at worst): measured 2.5e-7–1.2e-6
    // of ‖Hv‖ for random v, where cancellation is worst; an eigenvector direction fares better (see the eigenvalues).
    private const double RealisticProductTolerance = 1e-5;

    // The product requirement: the top Hessian and Gauss–Newton eigenvalues within 1e-4 (relative) of a float64 reference.
    private const double RequiredRelative = 1e-4;

    private static double SpectralScale(double[] values) => Math.Max(Math.Abs(values[0]), Math.Abs(values[^1]));

    public static TheoryData<LossKind> AllLosses => new(Enum.GetValues<LossKind>());

    [Theory]
    [MemberData(nameof(AllLosses))]
    public void TopEigenvaluesMatchTheDenseSpectra(LossKind loss)
    {
        TinyProblem problem = TinyProblem.Create(loss);
        HessianProductTests.AssertAwayFromKinks(problem);
        double[] hessian = new SymmetricEigen(problem.DenseHessian(), problem.P).Values;
        double[] gaussNewton = new SymmetricEigen(problem.DenseGaussNewton(), problem.P).Values;
        using var kernels = new SimdKernels(2);
        SharpnessMeasure measure = new Sharpness(problem.Net, kernels, problem.X, problem.Y, TinyProblem.N, loss).Measure();
        double scale = SpectralScale(hessian), gnScale = SpectralScale(gaussNewton);
        output.WriteLine($"{loss}: λ1 {hessian[^1]:G8} vs {measure.Top:G8} (r {measure.TopResidual:E1}), λ2 {hessian[^2]:G8} vs {measure.Second:G8} " +
            $"(r {measure.SecondResidual:E1}), GN {gaussNewton[^1]:G8} vs {measure.GaussNewton:G8} (r {measure.GaussNewtonResidual:E1}), " +
            $"‖H‖ {scale:G4}, {measure.Steps} products");
        Assert.True(Math.Abs(measure.Top - hessian[^1]) <= TinyTolerance * scale, "top");
        Assert.True(Math.Abs(measure.Second - hessian[^2]) <= TinyTolerance * scale, "second");
        Assert.True(Math.Abs(measure.GaussNewton - gaussNewton[^1]) <= TinyTolerance * gnScale, "Gauss–Newton");
        // The residual bounds hold up to the products' own float32 error.
        Assert.True(Math.Abs(measure.Top - hessian[^1]) <= measure.TopResidual + TinyTolerance * scale);
        Assert.True(Math.Abs(measure.Second - hessian[^2]) <= measure.SecondResidual + TinyTolerance * scale);
        Assert.True(Math.Abs(measure.GaussNewton - gaussNewton[^1]) <= measure.GaussNewtonResidual + TinyTolerance * gnScale);
        // Both runs stopped on their residuals, not on the step limit (s = max|θ| ≤ ‖H‖).
        Assert.True(measure.TopResidual <= Sharpness.DefaultTolerance * scale, $"top residual {measure.TopResidual:E1}");
        Assert.True(measure.SecondResidual <= Sharpness.DefaultSecondTolerance * scale, $"second residual {measure.SecondResidual:E1}");
        Assert.True(measure.GaussNewtonResidual <= Sharpness.DefaultTolerance * gnScale, $"Gauss–Newton residual {measure.GaussNewtonResidual:E1}");
    }

    /// <summary>
    /// The Gauss–Newton matrix's nonzero spectrum is that of the n × n (1/n)diag(√ℓ″)Θ̂diag(√ℓ″), Θ̂ = JJᵀ the empirical
    /// tangent kernel: the parameter-space Lanczos agrees with the kernel route.
    /// </summary>
    [Theory]
    [InlineData(LossKind.CrossEntropy)]
    [InlineData(LossKind.SquareHinge)]
    public void GaussNewtonTopMatchesTheTangentKernelRoute(LossKind loss)
    {
        TinyProblem problem = TinyProblem.Create(loss);
        const int n = TinyProblem.N;
        using var kernels = new SimdKernels(2);
        var theta = new double[n * n];
        new EmpiricalTangentKernel(problem.Net, kernels, problem.X, n).Compute(theta);
        double[] root = problem.Margins.Select(z => Math.Sqrt(MarginLoss.SecondDerivative(loss, z) / n)).ToArray();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) theta[i * n + j] *= root[i] * root[j];
        double top = new SymmetricEigen(theta, n).Values[^1];
        SharpnessMeasure measure = new Sharpness(problem.Net, kernels, problem.X, problem.Y, n, loss).Measure();
        output.WriteLine($"{loss}: kernel route {top:G8}, Lanczos {measure.GaussNewton:G8}");
        Assert.Equal(top, measure.GaussNewton, TinyTolerance * top);
    }

    /// <summary>The square hinge with every margin past 1 has ℓ′ = ℓ″ = 0 on every row: H = 0, measured as 0 in one step.</summary>
    [Fact]
    public void AZeroHessianMeasuresZero()
    {
        TinyProblem problem = TinyProblem.Create(LossKind.SquareHinge);
        double[] f = new Theory.Float64Network(problem.Net).Outputs(problem.X, TinyProblem.N);
        float c = (float)(2 / f.Min(Math.Abs));
        for (int t = 0; t < problem.Net.Weights[^1].Length; t++) problem.Net.Weights[^1][t] *= c;
        float[] y = f.Select(a => (float)Math.Sign(a)).ToArray();
        using var kernels = new SimdKernels(2);
        SharpnessMeasure measure = new Sharpness(problem.Net, kernels, problem.X, y, TinyProblem.N, LossKind.SquareHinge).Measure();
        Assert.Equal(new SharpnessMeasure(0, 0, 0, 0, 0, 0, 2), measure);
    }

    /// <summary>
    /// An MNIST-sized problem (n = 200 unit rows of d = 785 non-negative entries, L = 3, m = 256, P = 332 k) after 60 GD
    /// steps from initialisation (margins spread, some square-hinge rows inactive): the float32 products against the
    /// float64 reference, and the top Hessian and Gauss–Newton eigenvalues against a float64 Lanczos on the reference,
    /// to the product requirement.
    /// </summary>
    [Theory]
    [InlineData(LossKind.CrossEntropy, 0.03f)]
    [InlineData(LossKind.SquareHinge, 0.004f)]
    public void AtARealisticSizeTheTopEigenvaluesMeetTheRequirement(LossKind loss, float stepSize)
    {
        const int n = 200, d = 785, steps = 60;
        int[] widths = [256, 256, 256];
        var rng = new Rng(17);
        var x = new float[n * d];
        for (int i = 0; i < n; i++)
        {
            double[] row = Enumerable.Range(0, d).Select(_ => Math.Abs(rng.NextNormal())).ToArray();
            double norm = Math.Sqrt(row.Sum(a => a * a));
            for (int t = 0; t < d; t++) x[i * d + t] = (float)(row[t] / norm);
        }
        float[] y = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.5 ? -1f : 1f).ToArray();
        DeepReluNet net = DeepReluNet.Initialize(d, widths, seed: 5);
        using var kernels = new SimdKernels(2);
        var pass = new Backprop(net, kernels, n);
        var squares = new double[widths.Length];
        double loss0 = 0;
        for (int step = 0; step < steps; step++)
        {
            pass.Forward(x, n);
            double value = pass.Evaluate(y, loss, 1.0 / n).Loss;
            if (step == 0) loss0 = value;
            pass.Backward(x, n, stepSize, apply: true, squares);
        }
        var sharpness = new Sharpness(net, kernels, x, y, n, loss);
        var started = System.Diagnostics.Stopwatch.StartNew();
        SharpnessMeasure measure = sharpness.Measure();
        double seconds = started.Elapsed.TotalSeconds;
        output.WriteLine($"{loss}: loss {loss0:G4} → {sharpness.Hessian.Loss:G4} after {steps} steps of {stepSize}");
        Assert.True(sharpness.Hessian.Loss < loss0, "GD did not descend");

        var reference = new Float64Hessian(net, x, y, n, loss);
        int p = (int)reference.Dimension;
        for (ulong seed = 1; seed <= 2; seed++)
        {
            double[] v = TinyProblem.RandomVector(p, seed);
            double error = TinyProblem.RelativeError(HessianProductTests.Product(sharpness.Hessian, v), reference.Multiply(v));
            output.WriteLine($"{loss}: Hv relative error {error:E2}");
            Assert.True(error <= RealisticProductTolerance, $"Hv relative error {error:E2}");
        }
        double[] start = TinyProblem.RandomVector(p, 99), vector = new double[p];
        started.Restart();
        Lanczos.Top top = Lanczos.Largest(p, (v, hv) => reference.Multiply(v).CopyTo(hv, 0), start, vector, 1e-9, 80);
        Lanczos.Top gaussNewton = Lanczos.Largest(p, (v, gv) => reference.MultiplyGaussNewton(v).CopyTo(gv, 0), start, vector, 1e-9, 80);
        double topError = Math.Abs(measure.Top - top.Value) / top.Value, gnError = Math.Abs(measure.GaussNewton - gaussNewton.Value) / gaussNewton.Value;
        output.WriteLine($"{loss}: λ1 {top.Value:G10} (float64, {top.Steps} steps) vs {measure.Top:G10}: {topError:E2}; " +
            $"GN {gaussNewton.Value:G10} ({gaussNewton.Steps} steps) vs {measure.GaussNewton:G10}: {gnError:E2}; " +
            $"λ2 {measure.Second:G8} (r {measure.SecondResidual:E1}); {measure.Steps} products in {seconds:F2} s, reference {started.Elapsed.TotalSeconds:F1} s");
        Assert.True(topError <= RequiredRelative, $"top: relative error {topError:E2}");
        Assert.True(gnError <= RequiredRelative, $"Gauss–Newton: relative error {gnError:E2}");
        Assert.True(measure.Top >= measure.Second);
    }
}
