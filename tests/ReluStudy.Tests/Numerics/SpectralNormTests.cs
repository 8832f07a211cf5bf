using ReluStudy.Core.Numerics;
using ReluStudy.Tests.Theory;

namespace ReluStudy.Tests.Numerics;

/// <summary>Power iteration against σ_max from a cyclic Jacobi eigen-decomposition of AᵀA in float64.</summary>
public class SpectralNormTests
{
    [Theory]
    [InlineData(30, 20, 1)]
    [InlineData(17, 40, 2)]
    [InlineData(64, 64, 3)]
    [InlineData(1, 9, 4)]
    public void PowerIterationMatchesExactSvd(int rows, int cols, ulong seed)
    {
        var rng = new Rng(seed);
        float[] a = Enumerable.Range(0, rows * cols).Select(_ => (float)rng.NextNormal()).ToArray();
        double exact = ExactSpectralNorm(a, rows, cols);
        double estimate = SpectralNorm.Estimate(a, rows, cols, new double[cols], new double[rows]);
        // Gaussian matrices have σ₁/σ₂ gaps of a few percent; the stopping rule leaves far less than 1e-6 relative.
        Assert.True(Math.Abs(estimate - exact) <= 1e-6 * exact, $"{estimate} vs exact {exact}");
        Assert.True(estimate <= exact * (1 + 1e-12));
    }

    [Fact]
    public void AWarmStartFromANearbyMatrixAgreesWithTheExactValue()
    {
        const int rows = 48, cols = 40;
        var rng = new Rng(7);
        float[] a = Enumerable.Range(0, rows * cols).Select(_ => (float)rng.NextNormal()).ToArray();
        float[] moved = a.Select(x => x + 0.01f * (float)rng.NextNormal()).ToArray();
        var v = new double[cols];
        SpectralNorm.Estimate(a, rows, cols, v, new double[rows]);
        double warm = SpectralNorm.Estimate(moved, rows, cols, v, new double[rows], warmStart: true);
        double exact = ExactSpectralNorm(moved, rows, cols);
        Assert.True(Math.Abs(warm - exact) <= 1e-6 * exact, $"{warm} vs exact {exact}");
    }

    [Fact]
    public void AWarmStartAlongTheSecondDirectionStillFindsTheFirst()
    {
        // What training produces when the top two directions of W(k) − W(0) swap between logged rows: σ₂/σ₁ = 0.917 and
        // a start overlapping the new top direction by 5·10⁻⁴. Power iteration stopped on a stalled estimate returned σ₂.
        const int rows = 60, cols = 50;
        double[] sigma = [.. Enumerable.Range(0, cols).Select(i => i switch { 0 => 1.0, 1 => 0.917, _ => 0.6 * Math.Pow(0.97, i) })];
        double[][] u = Orthonormal(rows, cols, seed: 11), v = Orthonormal(cols, cols, seed: 12);
        var a = new float[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                a[r * cols + c] = (float)Enumerable.Range(0, cols).Sum(i => u[i][r] * sigma[i] * v[i][c]);
        var start = new double[cols];
        for (int c = 0; c < cols; c++) start[c] = v[1][c] + 5e-4 * v[0][c];

        double estimate = SpectralNorm.Estimate(a, rows, cols, start, new double[rows], warmStart: true);

        double exact = ExactSpectralNorm(a, rows, cols);
        Assert.True(Math.Abs(estimate - exact) <= 1e-8 * exact, $"{estimate} vs exact {exact} (σ₂ = 0.917)");
    }

    /// <summary><paramref name="count"/> orthonormal vectors of length <paramref name="n"/> (Gram–Schmidt, twice, of Gaussian vectors).</summary>
    private static double[][] Orthonormal(int n, int count, ulong seed)
    {
        var rng = new Rng(seed);
        var basis = new List<double[]>();
        while (basis.Count < count)
        {
            double[] x = [.. Enumerable.Range(0, n).Select(_ => rng.NextNormal())];
            for (int pass = 0; pass < 2; pass++)
                foreach (double[] b in basis)
                {
                    double dot = x.Zip(b, (p, q) => p * q).Sum();
                    for (int i = 0; i < n; i++) x[i] -= dot * b[i];
                }
            double norm = Math.Sqrt(x.Sum(t => t * t));
            basis.Add([.. x.Select(t => t / norm)]);
        }
        return [.. basis];
    }

    [Fact]
    public void RankOneMatrix_GivesItsNorm_AndZeroGivesZero()
    {
        float[] u = [1, 2, 2], v = [3, 4];
        float[] a = [.. u.SelectMany(ui => v.Select(vj => ui * vj))];
        Assert.Equal(15.0, SpectralNorm.Estimate(a, 3, 2, new double[2], new double[3]), 9);
        Assert.Equal(0.0, SpectralNorm.Estimate(new float[6], 3, 2, new double[2], new double[3]));
    }

    /// <summary>σ_max(A) = √λ_max(AᵀA), the eigenvalues from cyclic Jacobi.</summary>
    private static double ExactSpectralNorm(float[] a, int rows, int cols)
    {
        var g = new double[cols, cols];
        for (int i = 0; i < cols; i++)
            for (int j = 0; j < cols; j++)
                for (int r = 0; r < rows; r++) g[i, j] += (double)a[r * cols + i] * a[r * cols + j];
        return Math.Sqrt(JacobiEigen.Eigenvalues(g)[^1]);
    }
}
