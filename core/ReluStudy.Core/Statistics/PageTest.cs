namespace ReluStudy.Core.Statistics;

/// <summary>Page's L with its exact one-sided p-values; <see cref="Null"/> is the exact null in units of ½ (Scale 2).</summary>
public sealed record PageResult(double L, int Treatments, int Blocks, double PIncreasing, double PDecreasing, bool Ties, LatticeDistribution Null);

/// <summary>
/// Page's L test for an ordered alternative in b blocks × k treatments: rank the k values within each block (ties get
/// mid-ranks), R_j = Σ_blocks rank of treatment j, L = Σ_j j·R_j. Large L means values rise with j.
/// The null is exact: under no treatment effect each block's ranks are a uniformly random order of THAT block's own
/// mid-ranks (k! equally likely orders; a block with ties has fewer distinct ones), independently across blocks, so
/// the null of L is the b-fold convolution of the per-block distributions of Σ_j j·r_π(j). Mid-ranks are halves, so
/// everything is counted in doubled ranks (integers) and L = units/2. Enumerating k! orders limits k to
/// <see cref="MaxTreatments"/> (8! = 40 320); b is unlimited (cost grows as b²).
/// Why Page rather than a slope test: it asks only that each seed's values rise with width, not that they follow a
/// line, and with a seed as a block a seed's own offset cannot hide or fake a trend.
/// Incomplete blocks (a seed missing at some width) must be dropped by the caller; Jonckheere–Terpstra takes unbalanced data.
/// </summary>
public static class PageTest
{
    public const int MaxTreatments = 8;

    /// <summary>
    /// <paramref name="blocks"/>[b][j] is block b's value at treatment j, with j in the order of the alternative
    /// (e.g. increasing width). P_increasing = P(L ≥ L_obs), P_decreasing = P(L ≤ L_obs) under the exact null.
    /// </summary>
    public static PageResult Test(IReadOnlyList<IReadOnlyList<double>> blocks)
    {
        int k = CheckDesign(blocks);
        int[][] doubled = blocks.Select(DoubledMidRanks).ToArray();
        long observed = 0;
        foreach (int[] ranks in doubled)
            for (int j = 0; j < k; j++) observed += (long)(j + 1) * ranks[j];
        bool ties = doubled.Any(r => r.Distinct().Count() < k);
        LatticeDistribution nul = Null(doubled);
        return new PageResult(observed / 2.0, k, blocks.Count, nul.AtLeast(observed), nul.AtMost(observed), ties, nul);
    }

    /// <summary>L = Σ_j j·R_j (mid-ranks within blocks).</summary>
    public static double Statistic(IReadOnlyList<IReadOnlyList<double>> blocks)
    {
        int k = CheckDesign(blocks);
        long units = 0;
        foreach (IReadOnlyList<double> block in blocks)
        {
            int[] ranks = DoubledMidRanks(block);
            for (int j = 0; j < k; j++) units += (long)(j + 1) * ranks[j];
        }
        return units / 2.0;
    }

    /// <summary>The exact null of L (in units of ½) for <paramref name="blocks"/> blocks of <paramref name="treatments"/> untied values.</summary>
    public static LatticeDistribution NullWithoutTies(int treatments, int blocks)
    {
        if (treatments < 2 || treatments > MaxTreatments) throw TooManyTreatments(treatments);
        if (blocks < 1) throw new ArgumentOutOfRangeException(nameof(blocks), blocks, "need at least one block");
        int[] ranks = Enumerable.Range(1, treatments).Select(r => 2 * r).ToArray();
        return Null(Enumerable.Repeat(ranks, blocks).ToArray());
    }

    /// <summary>2 × the mid-ranks of <paramref name="values"/> (1-based; a tie spanning ranks s..e gets s + e).</summary>
    public static int[] DoubledMidRanks(IReadOnlyList<double> values)
    {
        int[] order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new int[values.Count];
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            for (int t = start; t <= end; t++) ranks[order[t]] = start + end + 2;
            start = end + 1;
        }
        return ranks;
    }

    /// <summary>The convolution over blocks of each block's distribution of Σ_j j·r_π(j) (doubled ranks r).</summary>
    internal static LatticeDistribution Null(int[][] doubledRanks)
    {
        // Blocks with the same multiset of ranks share a distribution; without ties all blocks share one.
        var perPattern = new Dictionary<string, LatticeDistribution>();
        LatticeDistribution? total = null;
        foreach (int[] ranks in doubledRanks)
        {
            int[] sorted = ranks.Order().ToArray();
            string key = string.Join(",", sorted);
            if (!perPattern.TryGetValue(key, out LatticeDistribution? block))
                perPattern[key] = block = BlockNull(sorted);
            total = total is null ? block : total.Convolve(block);
        }
        return total!;
    }

    /// <summary>Σ_j j·a_j over all k! orders a of the doubled ranks, each with probability 1/k! (Heap's algorithm).</summary>
    private static LatticeDistribution BlockNull(int[] sortedRanks)
    {
        int k = sortedRanks.Length;
        // By the rearrangement inequality the sum is least with the ranks decreasing and greatest with them increasing.
        long min = 0, max = 0;
        for (int j = 0; j < k; j++)
        {
            min += (long)(j + 1) * sortedRanks[k - 1 - j];
            max += (long)(j + 1) * sortedRanks[j];
        }
        var counts = new long[max - min + 1];
        int[] a = (int[])sortedRanks.Clone();
        var c = new int[k];
        long total = 0;
        void Count()
        {
            long s = 0;
            for (int j = 0; j < k; j++) s += (long)(j + 1) * a[j];
            counts[s - min]++;
            total++;
        }
        Count();
        for (int i = 0; i < k;)
        {
            if (c[i] < i)
            {
                if (i % 2 == 0) (a[0], a[i]) = (a[i], a[0]);
                else (a[c[i]], a[i]) = (a[i], a[c[i]]);
                Count();
                c[i]++;
                i = 0;
            }
            else
            {
                c[i] = 0;
                i++;
            }
        }
        return new LatticeDistribution(min, counts.Select(n => (double)n / total).ToArray(), scale: 2);
    }

    private static int CheckDesign(IReadOnlyList<IReadOnlyList<double>> blocks)
    {
        if (blocks.Count < 1) throw new ArgumentException("Page's test needs at least one block", nameof(blocks));
        int k = blocks[0].Count;
        if (k < 2 || k > MaxTreatments) throw TooManyTreatments(k);
        for (int b = 0; b < blocks.Count; b++)
        {
            if (blocks[b].Count != k)
                throw new ArgumentException($"block {b} has {blocks[b].Count} values, block 0 has {k}: Page's test needs complete blocks " +
                    "(drop incomplete blocks first, or use Jonckheere–Terpstra)", nameof(blocks));
            if (blocks[b].Any(double.IsNaN))
                throw new ArgumentException($"block {b} has a missing (NaN) value: drop incomplete blocks first", nameof(blocks));
        }
        return k;
    }

    private static ArgumentOutOfRangeException TooManyTreatments(int k) => new("treatments", k,
        $"Page's exact test enumerates the k! orders of each block and supports 2 <= k <= {MaxTreatments} treatments; got k = {k}");
}
