using ReluStudy.Core.Numerics;

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
    public void RankOneMatrix_GivesItsNorm_AndZeroGivesZero()
    {
        float[] u = [1, 2, 2], v = [3, 4];
        float[] a = [.. u.SelectMany(ui => v.Select(vj => ui * vj))];
        Assert.Equal(15.0, SpectralNorm.Estimate(a, 3, 2, new double[2], new double[3]), 9);
        Assert.Equal(0.0, SpectralNorm.Estimate(new float[6], 3, 2, new double[2], new double[3]));
    }

    private static double ExactSpectralNorm(float[] a, int rows, int cols)
    {
        var g = new double[cols, cols];
        for (int i = 0; i < cols; i++)
            for (int j = 0; j < cols; j++)
                for (int r = 0; r < rows; r++) g[i, j] += (double)a[r * cols + i] * a[r * cols + j];
        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0;
            for (int p = 0; p < cols; p++)
                for (int q = p + 1; q < cols; q++) off += g[p, q] * g[p, q];
            if (off < 1e-26) break;
            for (int p = 0; p < cols; p++)
                for (int q = p + 1; q < cols; q++)
                {
                    if (Math.Abs(g[p, q]) < 1e-300) continue;
                    double theta = (g[q, q] - g[p, p]) / (2 * g[p, q]);
                    double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < cols; k++)
                    {
                        double gkp = g[k, p], gkq = g[k, q];
                        g[k, p] = c * gkp - s * gkq;
                        g[k, q] = s * gkp + c * gkq;
                    }
                    for (int k = 0; k < cols; k++)
                    {
                        double gpk = g[p, k], gqk = g[q, k];
                        g[p, k] = c * gpk - s * gqk;
                        g[q, k] = s * gpk + c * gqk;
                    }
                }
        }
        double max = 0;
        for (int i = 0; i < cols; i++) max = Math.Max(max, g[i, i]);
        return Math.Sqrt(max);
    }
}
