using ReluStudy.Core.Curvature;
using ReluStudy.Core.LinearAlgebra;
using ReluStudy.Core.Model;
using Xunit.Abstractions;

namespace ReluStudy.Tests.Curvature;

/// <summary>
/// <see cref="LossHessian"/>'s float32 products against float64 references on the tiny problem: the dense Hessian from
/// differences of an independent analytic gradient, the gradient's difference along one direction, and the dense
/// Gauss–Newton matrix from the analytic Jacobian.
/// </summary>
public class HessianProductTests(ITestOutputHelper output)
{
    // The float32 products round each of a few chained sums at 6e-8; the measured errors of Hv are 4e-8–3e-7 of ‖Hv‖
    // (printed by the tests). 5e-6 leaves a margin of 20 and is 30 000 times below the smallest wrong formula's effect
    // (0.17 of ‖Hv‖, EveryTermOfTheFormulaIsNeeded).
    private const double Float32Tolerance = 5e-6;

    // The Gauss–Newton matrix has rank ≤ n = 7 of P = 80, so for a random v the outputs' derivative Jv = Σ_j R(X_L)_j v_j
    // is a sum with cancellation and Gv is small beside the float32 terms that make it: measured 2e-7–2.5e-6 of ‖Gv‖.
    private const double GaussNewtonTolerance = 2.5e-5;

    // The dense Hessian's own error (see TinyProblem.Step) is ≈ 1e-9 relative; the float64 reference R-operator must
    // agree with it to that order.
    private const double DifferenceTolerance = 1e-7;

    public static TheoryData<LossKind> AllLosses => new(Enum.GetValues<LossKind>());

    internal static double[] Product(LossHessian hessian, double[] v, bool gaussNewton = false)
    {
        var result = new double[v.Length];
        if (gaussNewton) hessian.MultiplyGaussNewton(v, result);
        else hessian.Multiply(v, result);
        return result;
    }

    internal static void AssertAwayFromKinks(TinyProblem problem)
    {
        Assert.True(problem.SmallestPreactivation() > TinyProblem.KinkClearance, $"min |h| = {problem.SmallestPreactivation():E2}");
        Assert.True(problem.SmallestBreakpointDistance() > TinyProblem.KinkClearance,
            $"a margin is {problem.SmallestBreakpointDistance():E2} from a breakpoint of ℓ′");
    }

    [Theory]
    [MemberData(nameof(AllLosses))]
    public void TheMarginsUseEveryBranchOfTheLoss(LossKind loss)
    {
        TinyProblem problem = TinyProblem.Create(loss);
        double[] z = problem.Margins;
        output.WriteLine($"margins {string.Join(" ", z.Select(a => a.ToString("F3")))}");
        Assert.Contains(z, a => a < 0);
        Assert.Contains(z, a => a > 0 && a < 1);
        Assert.Contains(z, a => a > 1);
        AssertAwayFromKinks(problem);
    }

    [Theory]
    [MemberData(nameof(AllLosses))]
    public void ProductMatchesTheDenseHessian(LossKind loss)
    {
        TinyProblem problem = TinyProblem.Create(loss);
        AssertAwayFromKinks(problem);
        double[] dense = problem.DenseHessian();
        using var kernels = new SimdKernels(2);
        var hessian = new LossHessian(problem.Net, kernels, problem.X, problem.Y, TinyProblem.N, loss);
        hessian.Prepare();
        var reference = new Float64Hessian(problem.Net, problem.X, problem.Y, TinyProblem.N, loss);
        for (ulong seed = 1; seed <= 3; seed++)
        {
            double[] v = TinyProblem.RandomVector(problem.P, seed);
            double[] expected = TinyProblem.Times(dense, v);
            double float32 = TinyProblem.RelativeError(Product(hessian, v), expected);
            double float64 = TinyProblem.RelativeError(reference.Multiply(v), expected);
            output.WriteLine($"{loss} v{seed}: float32 {float32:E2}, float64 reference {float64:E2}");
            Assert.True(float32 <= Float32Tolerance, $"float32 product: relative error {float32:E2}");
            Assert.True(float64 <= DifferenceTolerance, $"float64 reference: relative error {float64:E2}");
        }
    }

    [Theory]
    [MemberData(nameof(AllLosses))]
    public void ProductMatchesGradientDifferencesAlongADirection(LossKind loss)
    {
        TinyProblem problem = TinyProblem.Create(loss, seed: 4);
        AssertAwayFromKinks(problem);
        using var kernels = new SimdKernels(2);
        var hessian = new LossHessian(problem.Net, kernels, problem.X, problem.Y, TinyProblem.N, loss);
        hessian.Prepare();
        double[] v = TinyProblem.RandomVector(problem.P, 41);
        double error = TinyProblem.RelativeError(Product(hessian, v), problem.GradientDifference(v));
        output.WriteLine($"{loss}: relative error {error:E2}");
        Assert.True(error <= Float32Tolerance, $"relative error {error:E2}");
    }

    [Theory]
    [MemberData(nameof(AllLosses))]
    public void GaussNewtonProductMatchesTheJacobian(LossKind loss)
    {
        TinyProblem problem = TinyProblem.Create(loss);
        double[] dense = problem.DenseGaussNewton();
        using var kernels = new SimdKernels(2);
        var hessian = new LossHessian(problem.Net, kernels, problem.X, problem.Y, TinyProblem.N, loss);
        hessian.Prepare();
        var reference = new Float64Hessian(problem.Net, problem.X, problem.Y, TinyProblem.N, loss);
        double[] v = TinyProblem.RandomVector(problem.P, 5);
        double[] expected = TinyProblem.Times(dense, v);
        double float32 = TinyProblem.RelativeError(Product(hessian, v, gaussNewton: true), expected);
        double float64 = TinyProblem.RelativeError(reference.MultiplyGaussNewton(v), expected);
        output.WriteLine($"{loss}: float32 {float32:E2}, float64 reference {float64:E2}");
        Assert.True(float32 <= GaussNewtonTolerance, $"float32: relative error {float32:E2}");
        Assert.True(float64 <= 1e-12, $"float64 reference: relative error {float64:E2}"); // two analytic float64 routes
    }

    /// <summary>
    /// Each wrong formula (a dropped term, a mask not held on the R passes) moves the product by far more than the float32
    /// products' tolerance, so the comparisons above would catch it: the margin is asserted, not assumed.
    /// </summary>
    [Theory]
    [MemberData(nameof(AllLosses))]
    public void EveryTermOfTheFormulaIsNeeded(LossKind loss)
    {
        TinyProblem problem = TinyProblem.Create(loss);
        using var kernels = new SimdKernels(2);
        var hessian = new LossHessian(problem.Net, kernels, problem.X, problem.Y, TinyProblem.N, loss);
        hessian.Prepare();
        var reference = new Float64Hessian(problem.Net, problem.X, problem.Y, TinyProblem.N, loss);
        double[] v = TinyProblem.RandomVector(problem.P, 77);
        double[] exact = reference.Multiply(v);
        double float32 = TinyProblem.RelativeError(Product(hessian, v), exact);
        Assert.True(float32 <= Float32Tolerance, $"float32: relative error {float32:E2}");
        foreach (Float64Hessian.Variant wrong in Enum.GetValues<Float64Hessian.Variant>().Skip(1))
        {
            double effect = TinyProblem.RelativeError(reference.Multiply(v, wrong), exact);
            output.WriteLine($"{loss} {wrong}: moves Hv by {effect:E2} of ‖Hv‖ (float32 error {float32:E2})");
            Assert.True(effect >= 100 * Float32Tolerance, $"{wrong} moves Hv by only {effect:E2}");
        }
    }

    [Fact]
    public void ProductsAllocateNothingAfterWarmUp()
    {
        TinyProblem problem = TinyProblem.Create(LossKind.CrossEntropy);
        using var kernels = new SimdKernels(2);
        var hessian = new LossHessian(problem.Net, kernels, problem.X, problem.Y, TinyProblem.N, LossKind.CrossEntropy);
        double[] v = TinyProblem.RandomVector(problem.P, 1), result = new double[problem.P];
        hessian.Prepare();
        hessian.Multiply(v, result);
        hessian.MultiplyGaussNewton(v, result);
        long before = GC.GetAllocatedBytesForCurrentThread();
        hessian.Prepare();
        hessian.Multiply(v, result);
        hessian.MultiplyGaussNewton(v, result);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>The Hessian is of the mean loss over exactly the first n rows passed: longer arrays are not read past them.</summary>
    [Fact]
    public void OnlyTheFirstNRowsCount()
    {
        TinyProblem problem = TinyProblem.Create(LossKind.Squared);
        const int n = 5;
        using var kernels = new SimdKernels(2);
        var all = new LossHessian(problem.Net, kernels, problem.X, problem.Y, n, LossKind.Squared);
        var first = new LossHessian(problem.Net, kernels, problem.X[..(n * TinyProblem.D)], problem.Y[..n], n, LossKind.Squared);
        all.Prepare();
        first.Prepare();
        double[] v = TinyProblem.RandomVector(problem.P, 9);
        Assert.Equal(Product(first, v), Product(all, v));
        Assert.Equal(first.Loss, all.Loss);
        double[] expected = new Float64Hessian(problem.Net, problem.X, problem.Y, n, LossKind.Squared).Multiply(v);
        Assert.True(TinyProblem.RelativeError(Product(all, v), expected) <= Float32Tolerance);
    }

    /// <summary>The products belong to the weights of the last Prepare, whatever happens to the network's afterwards.</summary>
    [Fact]
    public void ProductsUseTheWeightsOfPrepare()
    {
        TinyProblem problem = TinyProblem.Create(LossKind.CrossEntropy);
        using var kernels = new SimdKernels(2);
        var hessian = new LossHessian(problem.Net, kernels, problem.X, problem.Y, TinyProblem.N, LossKind.CrossEntropy);
        hessian.Prepare();
        double[] v = TinyProblem.RandomVector(problem.P, 3);
        double[] before = Product(hessian, v), gaussNewton = Product(hessian, v, gaussNewton: true);
        foreach (float[] w in problem.Net.Weights) Array.Fill(w, 0.5f);
        Assert.Equal(before, Product(hessian, v));
        Assert.Equal(gaussNewton, Product(hessian, v, gaussNewton: true));
        hessian.Prepare();
        Assert.NotEqual(before, Product(hessian, v));
    }

    [Fact]
    public void AProductMayOverwriteItsInput()
    {
        TinyProblem problem = TinyProblem.Create(LossKind.SmoothedHinge);
        using var kernels = new SimdKernels(2);
        var hessian = new LossHessian(problem.Net, kernels, problem.X, problem.Y, TinyProblem.N, LossKind.SmoothedHinge);
        hessian.Prepare();
        double[] v = TinyProblem.RandomVector(problem.P, 4);
        double[] expected = Product(hessian, v), inPlace = (double[])v.Clone();
        hessian.Multiply(inPlace, inPlace);
        Assert.Equal(expected, inPlace);
        double[] gaussNewton = Product(hessian, v, gaussNewton: true);
        inPlace = (double[])v.Clone();
        hessian.MultiplyGaussNewton(inPlace, inPlace);
        Assert.Equal(gaussNewton, inPlace);
    }
}
