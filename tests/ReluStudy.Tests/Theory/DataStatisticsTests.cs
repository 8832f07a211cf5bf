using ReluStudy.Core.Results;
using ReluStudy.Core.Data;
using ReluStudy.Core.Numerics;
using ReluStudy.Core.Theory;
using ReluStudy.Core.TangentKernel;
using ReluStudy.Core.Theory.DataChecks;

namespace ReluStudy.Tests.Theory;

/// <summary>The data-assumption check against brute force, Monte Carlo and a dense eigen-decomposition.</summary>
public class DataStatisticsTests
{
    /// <summary>A data set without μ (the checks here read the rows as given).</summary>
    private static readonly ReluStudy.Core.Data.DataDescription Described = new("synthetic", "+1", "-1", 0, 0, 0, null, "none", 0, "test", "test", null);

    [Fact]
    public void HInfinityClosedFormMatchesAMonteCarloAverageOverW()
    {
        const int d = 6, samples = 200_000;
        var rng = new Rng(3);
        for (int trial = 0; trial < 4; trial++)
        {
            double[] xi = UnitVector(rng, d), xj = UnitVector(rng, d);
            if (trial == 3) xj = xi.Select((v, t) => t == 0 ? -v : v).ToArray(); // a wide angle too
            double dot = xi.Zip(xj, (a, b) => a * b).Sum();
            var g = new[] { 1.0, dot, dot, 1.0 };
            TangentKernelLimit.FromGramInPlace(g, 2, [1], 1);

            double sum = 0, squares = 0;
            var w = new double[d];
            for (int s = 0; s < samples; s++)
            {
                for (int t = 0; t < d; t++) w[t] = rng.NextNormal();
                bool both = w.Zip(xi, (a, b) => a * b).Sum() >= 0 && w.Zip(xj, (a, b) => a * b).Sum() >= 0;
                double value = both ? dot : 0;
                sum += value;
                squares += value * value;
            }
            double mean = sum / samples;
            double standardError = Math.Sqrt((squares / samples - mean * mean) / samples);
            Assert.True(Math.Abs(g[1] - mean) <= 4 * standardError + 1e-12, $"closed form {g[1]} vs Monte Carlo {mean} ± {standardError}");
            Assert.Equal(0.5, g[0], 12);
        }
    }

    [Theory]
    [InlineData(12, 5, 1)]
    [InlineData(40, 10, 2)]
    [InlineData(60, 3, 3)]  // d < n: H∞ is still positive definite when no two inputs are parallel
    public void Lambda0AndLambdaMaxMatchADenseEigenDecomposition(int n, int d, ulong seed)
    {
        Dataset data = RandomSphere(n, d, seed);
        DataCheckRecord stats = DataStatistics.Compute(data, Described, threads: 2);

        var h = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double dot = 0;
                for (int t = 0; t < d; t++) dot += (double)data.Row(i)[t] * data.Row(j)[t];
                double cos = dot / Math.Sqrt(Norm2(data, i) * Norm2(data, j));
                h[i, j] = dot * (Math.PI - Math.Acos(Math.Clamp(cos, -1, 1))) / (2 * Math.PI);
            }
        double[] eigen = JacobiEigen.Eigenvalues(h);

        Assert.InRange(eigen[0], stats.Lambda0 - stats.Lambda0ErrorBound - 1e-12, stats.Lambda0 + 1e-12);
        Assert.Equal(eigen[0], stats.Lambda0, 1e-9 * eigen[^1]);
        Assert.Equal(eigen[^1], stats.LambdaMax, 1e-9 * eigen[^1]);
        Assert.True(stats.HInfinityPositiveDefinite);
    }

    [Theory]
    [InlineData(30, 4, 5)]
    [InlineData(101, 8, 6)]
    public void PhiAndItsPairMatchBruteForce(int n, int d, ulong seed)
    {
        Dataset data = RandomSphere(n, d, seed);
        DataCheckRecord stats = DataStatistics.Compute(data, Described);

        double best = double.PositiveInfinity;
        (int, int) pair = (-1, -1);
        var nearest = Enumerable.Repeat(double.PositiveInfinity, n).ToArray();
        double bestCos = -1;
        (int, int) parallel = (-1, -1);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                if (i == j) continue;
                double d2 = 0, dot = 0;
                for (int t = 0; t < d; t++)
                {
                    double diff = (double)data.Row(i)[t] - data.Row(j)[t];
                    d2 += diff * diff;
                    dot += (double)data.Row(i)[t] * data.Row(j)[t];
                }
                double cos = Math.Abs(dot) / Math.Sqrt(Norm2(data, i) * Norm2(data, j));
                if (i < j && cos > bestCos) (bestCos, parallel) = (cos, (i, j));
                if (data.Labels[i] == data.Labels[j]) continue;
                nearest[i] = Math.Min(nearest[i], Math.Sqrt(d2));
                if (data.Labels[i] == 1f && Math.Sqrt(d2) < best) (best, pair) = (Math.Sqrt(d2), (i, j));
            }

        Assert.Equal(best, stats.Phi, 1e-12);
        Assert.Equal(pair, (stats.PhiPair.I, stats.PhiPair.J));
        Assert.Equal(nearest.Max(), stats.NearestOtherClass.Max, 1e-9);
        Assert.Equal(parallel, (stats.MostParallel.I, stats.MostParallel.J));
        Assert.Equal(Math.Acos(bestCos) * 180 / Math.PI, stats.MostParallel.AngleDegrees, 1e-6);
        Assert.Equal(0, stats.CrossClassDuplicates);
    }

    [Fact]
    public void ADuplicatedCrossClassPointGivesPhiZeroAndASingularHInfinity()
    {
        Dataset clean = RandomSphere(20, 5, 8);
        float[] x = (float[])clean.Features.Clone();
        float[] y = (float[])clean.Labels.Clone();
        int plus = Array.IndexOf(y, 1f), minus = Array.IndexOf(y, -1f);
        clean.Row(plus).CopyTo(x.AsSpan(minus * 5, 5)); // example `minus` now equals `plus` with the other label
        DataCheckRecord stats = DataStatistics.Compute(new Dataset(x, y, 5), Described);

        Assert.Equal(0.0, stats.Phi);
        Assert.Equal(1, stats.CrossClassDuplicates);
        Assert.Equal((Math.Min(plus, minus), Math.Max(plus, minus)), (Math.Min(stats.PhiPair.I, stats.PhiPair.J), Math.Max(stats.PhiPair.I, stats.PhiPair.J)));
        Assert.Equal(0.0, stats.MostParallel.AngleDegrees, 6);
        Assert.False(stats.HInfinityPositiveDefinite);
        Assert.Null(stats.Condition);
    }

    private static double Norm2(Dataset data, int i)
    {
        double s = 0;
        foreach (float v in data.Row(i)) s += (double)v * v;
        return s;
    }

    private static double[] UnitVector(Rng rng, int d)
    {
        double[] v = Enumerable.Range(0, d).Select(_ => rng.NextNormal()).ToArray();
        double norm = Math.Sqrt(v.Sum(t => t * t));
        return v.Select(t => t / norm).ToArray();
    }

    private static Dataset RandomSphere(int n, int d, ulong seed)
    {
        var rng = new Rng(seed);
        float[] x = Enumerable.Range(0, n).SelectMany(_ => UnitVector(rng, d).Select(v => (float)v)).ToArray();
        float[] y = Enumerable.Range(0, n).Select(i => i % 3 == 0 ? -1f : 1f).ToArray();
        return new Dataset(x, y, d);
    }
}
