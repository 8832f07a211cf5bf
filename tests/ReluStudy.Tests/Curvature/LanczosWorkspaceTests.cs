using ReluStudy.Core.Numerics;

namespace ReluStudy.Tests.Curvature;

/// <summary><see cref="LanczosWorkspace"/> on dense matrices of known spectrum.</summary>
public class LanczosWorkspaceTests
{
    private const int Order = 300;

    /// <summary>Q·diag(λ)·Qᵀ with Q the eigenvectors of a random symmetric matrix.</summary>
    private static double[] WithSpectrum(double[] lambda, ulong seed)
    {
        int n = lambda.Length;
        var rng = new Rng(seed);
        var random = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) random[i * n + j] = random[j * n + i] = rng.NextNormal();
        double[] q = new SymmetricEigen(random, n).Vectors;
        var a = new double[n * n];
        for (int k = 0; k < n; k++)
            for (int i = 0; i < n; i++)
            {
                double s = lambda[k] * q[k * n + i];
                for (int j = 0; j < n; j++) a[i * n + j] += s * q[k * n + j];
            }
        return a;
    }

    private static void Multiply(double[] a, double[] x, double[] y)
    {
        int n = x.Length;
        for (int i = 0; i < n; i++) y[i] = System.Numerics.Tensors.TensorPrimitives.Dot(a.AsSpan(i * n, n), x);
    }

    [Fact]
    public void FindsACloseTopPairWithinItsResidualBounds()
    {
        // An outlier pair 1e-3 apart above a bulk in [−3, 3], as a Hessian's top eigenvalues sit above its bulk.
        double[] lambda = Enumerable.Range(0, Order).Select(i => -3 + 6.0 * i / (Order - 3)).ToArray();
        lambda[^2] = 9.999;
        lambda[^1] = 10;
        double[] a = WithSpectrum(lambda, 3);
        var lanczos = new LanczosWorkspace(Order, 60);
        LanczosWorkspace.Ritz ritz = lanczos.Top((x, y) => Multiply(a, x, y), 2, 1e-8, seed: 1);
        Assert.True(ritz.Steps < 60, $"{ritz.Steps} steps");
        for (int r = 0; r < 2; r++)
        {
            Assert.True(ritz.Residuals[r] <= 1e-8 * 10);
            Assert.True(Math.Abs(ritz.Values[r] - lambda[^(r + 1)]) <= ritz.Residuals[r] + 1e-12, $"θ{r + 1} = {ritz.Values[r]}");
        }
        // The basis is reused: a second run from the same seed repeats the first exactly.
        LanczosWorkspace.Ritz again = lanczos.Top((x, y) => Multiply(a, x, y), 2, 1e-8, seed: 1);
        Assert.Equal(ritz.Values, again.Values);
        Assert.Equal(ritz.Steps, again.Steps);
    }

    [Fact]
    public void WorkersAgreeWithTheSerialRunAndTheStepLimitHolds()
    {
        double[] lambda = Enumerable.Range(0, Order).Select(i => Math.Pow(0.97, i)).Reverse().ToArray();
        double[] a = WithSpectrum(lambda, 4);
        Action<double[], double[]> multiply = (x, y) => Multiply(a, x, y);
        LanczosWorkspace.Ritz serial = new LanczosWorkspace(Order, 12).Top(multiply, 2, 1e-14, seed: 2);
        LanczosWorkspace.Ritz parallel = new LanczosWorkspace(Order, 12, body => Parallel.For(0, 3, t => body(t, 3))).Top(multiply, 2, 1e-14, seed: 2);
        Assert.Equal(12, serial.Steps);
        Assert.Equal(12, parallel.Steps);
        for (int r = 0; r < 2; r++)
        {
            Assert.Equal(serial.Values[r], parallel.Values[r], 1e-12);
            Assert.True(Math.Abs(serial.Values[r] - lambda[^(r + 1)]) <= serial.Residuals[r] + 1e-12);
        }
    }

    /// <summary>
    /// At an order of many chunks the passes' sums are split over the vectors: the workspace splits them the same way for
    /// any number of workers, so one, two and three workers give the same bits (the training's thread-count promise).
    /// </summary>
    [Fact]
    public void AnyNumberOfWorkersGivesTheSameBits()
    {
        const int order = 50_000;
        double[] diagonal = Enumerable.Range(0, order).Select(i => Math.Sin(i * 0.37) + (i % 997 == 0 ? 3 : 0)).ToArray();
        Action<double[], double[]> multiply = (x, y) => System.Numerics.Tensors.TensorPrimitives.Multiply(diagonal, x, y);
        LanczosWorkspace.Ritz Run(int workers) =>
            new LanczosWorkspace(order, 25, body => Parallel.For(0, workers, t => body(t, workers))).Top(multiply, 2, 1e-12, seed: 5);
        LanczosWorkspace.Ritz one = Run(1);
        foreach (int workers in new[] { 2, 3 })
        {
            LanczosWorkspace.Ritz many = Run(workers);
            Assert.Equal(one.Steps, many.Steps);
            Assert.Equal(one.Values, many.Values);
            Assert.Equal(one.Residuals, many.Residuals);
        }
    }

    [Fact]
    public void AnOperatorOfOrderBelowTheLimitIsSolvedExactly()
    {
        double[] lambda = [-2, 0.5, 1, 3, 3.5];
        double[] a = WithSpectrum(lambda, 5);
        LanczosWorkspace.Ritz ritz = new LanczosWorkspace(5, 40).Top((x, y) => Multiply(a, x, y), 2, 1e-12, seed: 3);
        Assert.Equal(3.5, ritz.Values[0], 1e-12);
        Assert.Equal(3, ritz.Values[1], 1e-12);
    }
}
