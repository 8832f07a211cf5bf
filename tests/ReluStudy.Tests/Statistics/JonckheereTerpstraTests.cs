using ReluStudy.Core.Numerics;
using ReluStudy.Core.Statistics;

namespace ReluStudy.Tests.Statistics;

/// <summary>Jonckheere–Terpstra: hand-computed cases, brute-force enumeration, moments, and Monte Carlo against exact.</summary>
public class JonckheereTerpstraTests
{
    [Fact]
    public void ThreeSingletonsByHand()
    {
        // J counts the increasing pairs of a random order of 3 values: 3 − inversions, inversions 0, 1, 1, 2, 2, 3.
        JonckheereResult r = JonckheereTerpstra.Test([[1.0], [2.0], [3.0]]);
        Assert.Equal(3, r.J);
        Assert.Equal(1.0 / 6, r.PIncreasing, 1e-15);
        Assert.Equal(1.0, r.PDecreasing, 1e-15);
        Assert.Equal(("exact", 0, false), (r.Method, r.Permutations, r.Ties));
    }

    [Fact]
    public void TwoGroupsAreMannWhitney()
    {
        // Sizes 2, 2: U takes 0..4 with counts 1, 1, 2, 1, 1 of 6.
        JonckheereResult r = JonckheereTerpstra.Test([[1.0, 2], [3.0, 4]]);
        Assert.Equal(4, r.J);
        Assert.Equal(1.0 / 6, r.PIncreasing, 1e-15);
        JonckheereResult mid = JonckheereTerpstra.Test([[1.0, 3], [2.0, 4]]);
        Assert.Equal(3, mid.J);
        Assert.Equal(2.0 / 6, mid.PIncreasing, 1e-15);
        Assert.Equal(5.0 / 6, mid.PDecreasing, 1e-15);
    }

    [Fact]
    public void TiesByHand()
    {
        // {1, 2} | {2, 3}: J = 1 + 1 + ½ + 1 = 3.5. The 6 ways to choose the first group's two of {1, 2a, 2b, 3}
        // give J = 3.5, 3.5, 2, 2, 0.5, 0.5.
        JonckheereResult r = JonckheereTerpstra.Test([[1.0, 2], [2.0, 3]]);
        Assert.Equal(3.5, r.J);
        Assert.True(r.Ties);
        Assert.Equal("exact", r.Method);
        Assert.Equal(1.0 / 3, r.PIncreasing, 1e-15);
        Assert.Equal(1.0, r.PDecreasing, 1e-15);
    }

    [Fact]
    public void MatchesBruteForceEnumerationOnSmallDesigns()
    {
        var rng = new Rng(31);
        for (int trial = 0; trial < 40; trial++)
        {
            int groups = 2 + rng.NextInt(3);
            int[] sizes = Enumerable.Range(0, groups).Select(_ => 1 + rng.NextInt(3)).ToArray();
            while (sizes.Sum() > 8) sizes[rng.NextInt(groups)] = 1;
            int levels = trial % 2 == 0 ? 1000 : 3; // untied, then heavily tied
            double[][] data = sizes.Select(n => Enumerable.Range(0, n).Select(_ => (double)rng.NextInt(levels)).ToArray()).ToArray();

            JonckheereResult r = JonckheereTerpstra.Test(data);
            Assert.Equal("exact", r.Method);
            Assert.Equal(NaiveJ(data), r.J);
            (double up, double down) = Enumerate(data, r.J);
            Assert.Equal(up, r.PIncreasing, 1e-13);
            Assert.Equal(down, r.PDecreasing, 1e-13);
        }
    }

    [Fact]
    public void TheUntiedRecursionAndTheTieClassProgramAgree()
    {
        // The tie-class dynamic program with every class of size 1 must reproduce the Mann–Whitney convolution.
        int[] sizes = [3, 1, 4, 2, 3];
        LatticeDistribution untied = JonckheereTerpstra.UntiedNull(sizes)!;
        LatticeDistribution tied = JonckheereTerpstra.TiedNull(sizes, Enumerable.Repeat(1, sizes.Sum()).ToArray())!;
        Assert.Equal((1, 2), (untied.Scale, tied.Scale));
        for (long j = untied.Offset; j <= untied.Max; j++)
        {
            Assert.Equal(untied.AtLeast(j), tied.AtLeast(2 * j), 1e-13);
            Assert.Equal(0.0, tied.At(2 * j + 1));
        }
    }

    [Theory]
    [InlineData(new[] { 3, 3, 3, 3, 3 })]
    [InlineData(new[] { 3, 3, 2, 3, 3 })]
    [InlineData(new[] { 16, 16, 16, 16, 16 })]
    [InlineData(new[] { 1, 7, 2 })]
    public void TheUntiedNullHasTheKnownMeanAndVariance(int[] sizes)
    {
        // E J = (N² − Σn²)/4, Var J = [N²(2N + 3) − Σ n²(2n + 3)]/72.
        LatticeDistribution nul = JonckheereTerpstra.UntiedNull(sizes)!;
        double n = sizes.Sum(), mean = 0, square = 0;
        for (long j = nul.Offset; j <= nul.Max; j++)
        {
            mean += nul.At(j) * j;
            square += nul.At(j) * j * j;
        }
        Assert.Equal((n * n - sizes.Sum(s => (double)s * s)) / 4, mean, 1e-8);
        Assert.Equal((n * n * (2 * n + 3) - sizes.Sum(s => (double)s * s * (2 * s + 3))) / 72, square - mean * mean, 1e-6);
    }

    [Fact]
    public void MonteCarloAgreesWithTheExactNull()
    {
        double[][] data = [[1, 3, 2], [2, 3, 1, 4], [3, 2, 5], [4, 3]];
        JonckheereResult exact = JonckheereTerpstra.Test(data, NullMethod.Exact);
        JonckheereResult mc = JonckheereTerpstra.Test(data, NullMethod.MonteCarlo, seed: 9);
        Assert.Equal(("exact", "monte-carlo", 100_000), (exact.Method, mc.Method, mc.Permutations));
        Assert.Equal(exact.J, mc.J);
        foreach ((double e, double m) in new[] { (exact.PIncreasing, mc.PIncreasing), (exact.PDecreasing, mc.PDecreasing) })
            Assert.True(Math.Abs(e - m) <= 4 * Math.Sqrt(e * (1 - e) / 100_000) + 1e-5, $"exact {e}, Monte Carlo {m}");
        Assert.InRange(exact.PIncreasing, 1e-3, 0.1);
        // Seeded: the same seed gives the same p.
        Assert.Equal(mc, JonckheereTerpstra.Test(data, NullMethod.MonteCarlo, seed: 9) with { GroupSizes = mc.GroupSizes });
    }

    [Fact]
    public void LargeTiedDesignsFallBackToMonteCarloAndSayHowMany()
    {
        // 5 groups of 30 values on 6 levels: the tie-class program would need far more than the work limit.
        var rng = new Rng(4);
        double[][] data = Enumerable.Range(0, 5).Select(g => Enumerable.Range(0, 30).Select(_ => (double)(rng.NextInt(5) + (g >= 3 ? 1 : 0))).ToArray()).ToArray();
        Assert.Null(JonckheereTerpstra.ExactNull(data));
        JonckheereResult r = JonckheereTerpstra.Test(data);
        Assert.Equal(("monte-carlo", 100_000, true), (r.Method, r.Permutations, r.Ties));
        Assert.True(r.PIncreasing < 0.01, $"p = {r.PIncreasing}");
        Assert.True(r.PIncreasing >= 1.0 / 100_001);
        Assert.Throws<InvalidOperationException>(() => JonckheereTerpstra.Test(data, NullMethod.Exact));
        Assert.Throws<ArgumentOutOfRangeException>(() => JonckheereTerpstra.Test(data, NullMethod.MonteCarlo, permutations: 1000));
    }

    [Fact]
    public void UnbalancedDesignsAndEmptyGroupsAreFine()
    {
        // A seed missing at one width: sizes 3, 3, 2, 3, 3.
        double[][] data = [[0.1, 0.5, 0.3], [0.4, 0.2, 0.6], [0.7, 0.65], [0.9, 0.55, 0.8], [1.0, 0.95, 0.85]];
        JonckheereResult r = JonckheereTerpstra.Test(data);
        Assert.Equal([3, 3, 2, 3, 3], r.GroupSizes);
        Assert.Equal("exact", r.Method);
        Assert.Equal(NaiveJ(data), r.J);
        Assert.True(r.PIncreasing < 0.01);
        JonckheereResult withEmpty = JonckheereTerpstra.Test([[0.1, 0.5, 0.3], [], [0.4, 0.2, 0.6], [0.7, 0.65], [0.9, 0.55, 0.8], [1.0, 0.95, 0.85]]);
        Assert.Equal(r.PIncreasing, withEmpty.PIncreasing);
        Assert.Throws<ArgumentException>(() => JonckheereTerpstra.Test([[1.0, 2], []]));
        Assert.Throws<ArgumentException>(() => JonckheereTerpstra.Test([[1.0, double.NaN], [3.0]]));
    }

    [Fact]
    public void IncreasingAndDecreasingAreMirrorImages()
    {
        var rng = new Rng(12);
        for (int trial = 0; trial < 50; trial++)
        {
            double[][] data = Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, 1 + rng.NextInt(3)).Select(_ => (double)rng.NextInt(5)).ToArray()).ToArray();
            JonckheereResult r = JonckheereTerpstra.Test(data);
            JonckheereResult m = JonckheereTerpstra.Test(data.Select(g => g.Select(v => -v).ToArray()).ToArray());
            Assert.Equal(r.PIncreasing, m.PDecreasing, 1e-13);
            Assert.Equal(r.PDecreasing, m.PIncreasing, 1e-13);
        }
    }

    private static double NaiveJ(double[][] groups)
    {
        double j = 0;
        for (int a = 0; a < groups.Length; a++)
            for (int b = a + 1; b < groups.Length; b++)
                foreach (double x in groups[a])
                    foreach (double y in groups[b])
                        j += x < y ? 1 : x == y ? 0.5 : 0;
        return j;
    }

    /// <summary>P(J ≥ observed) and P(J ≤ observed) over all N! orders of the pooled values into the group slots.</summary>
    private static (double Up, double Down) Enumerate(double[][] groups, double observed)
    {
        double[] pooled = groups.SelectMany(g => g).ToArray();
        int[] sizes = groups.Select(g => g.Length).ToArray();
        int[] index = Enumerable.Range(0, pooled.Length).ToArray();
        long total = 0, up = 0, down = 0;
        foreach (int[] order in Permutations(index))
        {
            var assigned = new double[sizes.Length][];
            int at = 0;
            for (int g = 0; g < sizes.Length; g++)
            {
                assigned[g] = order.Skip(at).Take(sizes[g]).Select(i => pooled[i]).ToArray();
                at += sizes[g];
            }
            double j = NaiveJ(assigned);
            total++;
            if (j >= observed) up++;
            if (j <= observed) down++;
        }
        return ((double)up / total, (double)down / total);
    }

    private static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }
        for (int i = 0; i < items.Length; i++)
            foreach (int[] rest in Permutations(items.Where((_, t) => t != i).ToArray()))
                yield return [items[i], .. rest];
    }
}
