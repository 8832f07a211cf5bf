using ReluStudy.Core.Numerics;
using ReluStudy.Core.Statistics;

namespace ReluStudy.Tests.Statistics;

/// <summary>Page's L: hand-computed nulls (with and without ties), its moments, symmetry, and Monte Carlo cross-checks.</summary>
public class PageTestTests
{
    [Fact]
    public void OneBlockOfThreeByHand()
    {
        // The 6 orders of ranks 1, 2, 3 give L = Σ j·r_j = 14, 13, 13, 11, 11, 10.
        PageResult up = PageTest.Test([[1.0, 2, 3]]);
        Assert.Equal(14, up.L);
        Assert.Equal(1.0 / 6, up.PIncreasing, 1e-15);
        Assert.Equal(1.0, up.PDecreasing, 1e-15);

        PageResult mixed = PageTest.Test([[3.0, 1, 2]]); // ranks 3, 1, 2: L = 3 + 2 + 6 = 11
        Assert.Equal(11, mixed.L);
        Assert.Equal(5.0 / 6, mixed.PIncreasing, 1e-15);
        Assert.Equal(3.0 / 6, mixed.PDecreasing, 1e-15);
        Assert.False(mixed.Ties);
    }

    [Fact]
    public void TwoBlocksConvolve()
    {
        PageResult r = PageTest.Test([[1.0, 2, 3], [10.0, 20, 30]]);
        Assert.Equal(28, r.L);
        Assert.Equal(1.0 / 36, r.PIncreasing, 1e-15);
    }

    [Fact]
    public void TiesAreExactOverTheBlocksOwnMidRanks()
    {
        // Block (1, 1, 2): mid-ranks 1.5, 1.5, 3, L = 1.5 + 3 + 9 = 13.5. Its own 6 orders put the 3 at position
        // 3, 2 or 1 (2 orders each): L = 13.5, 12, 10.5 with chance 1/3 each.
        PageResult tied = PageTest.Test([[1.0, 1, 2]]);
        Assert.Equal(13.5, tied.L);
        Assert.True(tied.Ties);
        Assert.Equal(1.0 / 3, tied.PIncreasing, 1e-15);
        Assert.Equal(1.0, tied.PDecreasing, 1e-15);

        // With an untied block (5, 6, 7) (L = 14): L = 27.5 only from 13.5 + 14, chance 1/3 · 1/6.
        PageResult both = PageTest.Test([[1.0, 1, 2], [5.0, 6, 7]]);
        Assert.Equal(27.5, both.L);
        Assert.Equal(1.0 / 18, both.PIncreasing, 1e-15);

        // All tied: L is fixed, so both p-values are 1.
        PageResult flat = PageTest.Test([[4.0, 4, 4, 4]]);
        Assert.Equal((1.0, 1.0), (flat.PIncreasing, flat.PDecreasing));
    }

    [Fact]
    public void TheSmallestPWithFiveTreatmentsAndThreeBlocksIsOneOver120Cubed()
    {
        PageResult r = PageTest.Test([[1.0, 2, 3, 4, 5], [0.1, 0.2, 0.3, 0.4, 0.5], [-5.0, -4, -3, -2, -1]]);
        Assert.Equal(3 * 55, r.L);
        Assert.Equal(Math.Pow(1.0 / 120, 3), r.PIncreasing, 1e-12 * Math.Pow(1.0 / 120, 3));
        Assert.Equal(1.0, r.PDecreasing, 1e-15);
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(5, 3)]
    [InlineData(8, 4)]
    public void TheUntiedNullHasPagesMeanAndVariance(int k, int b)
    {
        // E L = b·k(k + 1)²/4, Var L = b·k²(k + 1)²(k − 1)/144.
        LatticeDistribution nul = PageTest.NullWithoutTies(k, b);
        double sum = 0, mean = 0, square = 0;
        for (long v = nul.Offset; v <= nul.Max; v++)
        {
            double p = nul.At(v), l = v / 2.0;
            sum += p;
            mean += p * l;
            square += p * l * l;
        }
        Assert.Equal(1.0, sum, 1e-12);
        Assert.Equal(b * k * (k + 1.0) * (k + 1) / 4, mean, 1e-9);
        Assert.Equal(b * k * k * (k + 1.0) * (k + 1) * (k - 1) / 144, square - mean * mean, 1e-6);
    }

    [Fact]
    public void IncreasingAndDecreasingAreMirrorImages()
    {
        var rng = new Rng(8);
        for (int trial = 0; trial < 200; trial++)
        {
            int k = 2 + rng.NextInt(5), b = 1 + rng.NextInt(6);
            // Values from {0, 1, 2, 3}: ties are common.
            double[][] x = Enumerable.Range(0, b).Select(_ => Enumerable.Range(0, k).Select(_ => (double)rng.NextInt(4)).ToArray()).ToArray();
            double[][] negated = x.Select(row => row.Select(v => -v).ToArray()).ToArray();
            PageResult r = PageTest.Test(x), m = PageTest.Test(negated);
            Assert.Equal(r.PIncreasing, m.PDecreasing, 1e-14);
            Assert.Equal(r.PDecreasing, m.PIncreasing, 1e-14);
            Assert.Equal(b * k * (k + 1) * (k + 1) / 2.0 - r.L, m.L); // L(−x) = b·(k+1)·k(k+1)/2 − L(x)
        }
    }

    [Fact]
    public void TheExactNullMatchesTwentyThousandSimulatedDesigns()
    {
        // Random-uniform designs (5 treatments × 3 blocks): the rate of L ≥ the exact 5 % critical value must match
        // the critical value's exact size.
        const int k = 5, b = 3, designs = 20_000;
        LatticeDistribution nul = PageTest.NullWithoutTies(k, b);
        long critical = nul.UpperCritical(0.05);
        double size = nul.AtLeast(critical);
        var rng = new Rng(20_000);
        int rejected = 0;
        var block = new double[b][];
        for (int d = 0; d < designs; d++)
        {
            for (int i = 0; i < b; i++) block[i] = Enumerable.Range(0, k).Select(_ => rng.NextDouble()).ToArray();
            if (2 * PageTest.Statistic(block) >= critical) rejected++;
        }
        Proportion rate = Proportion.Of(rejected, designs, 0.999);
        Assert.True(rate.Contains(size), $"exact size of L >= {critical / 2.0} is {size:P3}; simulated {rate.Describe()}");
        Assert.InRange(size, 0.04, 0.05); // the critical value is not trivially conservative
    }

    [Fact]
    public void TheExactTiedNullMatchesPermutationsWithinBlocks()
    {
        // Fixed data with ties; under the null each block's values are in random order. The simulated share of
        // orderings with L ≥ L_obs must match the exact p.
        double[][] data = [[1, 3, 2, 1, 3], [2, 0, 2, 5, 2], [1, 4, 2, 3, 4], [7, 8, 7, 7, 9]];
        PageResult exact = PageTest.Test(data);
        var rng = new Rng(77);
        const int draws = 20_000;
        int extreme = 0;
        double[][] shuffled = data.Select(r => (double[])r.Clone()).ToArray();
        for (int d = 0; d < draws; d++)
        {
            foreach (double[] row in shuffled) rng.Shuffle(row.AsSpan());
            if (PageTest.Statistic(shuffled) >= exact.L) extreme++;
        }
        Proportion rate = Proportion.Of(extreme, draws, 0.999);
        Assert.True(rate.Contains(exact.PIncreasing), $"exact p {exact.PIncreasing:g4}; simulated {rate.Describe()}");
        Assert.InRange(exact.PIncreasing, 0.001, 0.2); // a tail, not a triviality
    }

    [Fact]
    public void RefusesWhatItCannotDoExactly()
    {
        var nine = new[] { Enumerable.Range(0, 9).Select(i => (double)i).ToArray() };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => PageTest.Test(nine));
        Assert.Contains($"k <= {PageTest.MaxTreatments} treatments; got k = 9", e.Message);
        Assert.Throws<ArgumentException>(() => PageTest.Test([[1.0, 2, 3], [1.0, 2]]));
        Assert.Throws<ArgumentException>(() => PageTest.Test([[1.0, double.NaN, 3]]));
        Assert.Throws<ArgumentOutOfRangeException>(() => PageTest.Test([[1.0]]));
    }
}
