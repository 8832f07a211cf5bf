using System.Collections.Concurrent;
using ReluStudy.Core.Numerics;

namespace ReluStudy.Core.Statistics;

/// <summary>How <see cref="JonckheereTerpstra"/> finds its null distribution.</summary>
public enum NullMethod
{
    /// <summary>Exact when its cost is within <see cref="JonckheereTerpstra.ExactWorkLimit"/>, else Monte Carlo.</summary>
    Auto,
    /// <summary>Exact, or an exception when that would cost more than the limit.</summary>
    Exact,
    /// <summary>Random permutations, whatever the size.</summary>
    MonteCarlo,
}

/// <summary>
/// J with its one-sided p-values: P_increasing = P(J ≥ J_obs), P_decreasing = P(J ≤ J_obs) under the permutation null.
/// <see cref="Method"/> is "exact" or "monte-carlo"; <see cref="Permutations"/> is N for Monte Carlo (0 when exact).
/// </summary>
public sealed record JonckheereResult(double J, double PIncreasing, double PDecreasing, string Method, int Permutations,
    IReadOnlyList<int> GroupSizes, bool Ties);

/// <summary>
/// Jonckheere–Terpstra test for values that rise (or fall) across ordered groups of any sizes:
/// J = Σ_(a&lt;b) Σ_(x∈a, y∈b) [1{x &lt; y} + ½·1{x = y}]. The null is the permutation null: every assignment of the
/// pooled values to the group slots is equally likely. Why it is here: when a seed is missing at one width, Page's
/// blocks are incomplete; J needs no blocks. (It also ignores which seed a value came from, so seed-to-seed offsets
/// count as noise: with complete blocks Page's test is the sharper one.)
/// Exact null, in order of preference:
/// no ties — J is a sum of independent Mann–Whitney counts U_b (group b against all earlier groups together; the
/// q-multinomial factorisation), each from the recursion P_(m,n)(u) = m/(m+n)·P_(m−1,n)(u) + n/(m+n)·P_(m,n−1)(u − m);
/// ties — dynamic programming over the tie classes in increasing order, with the state the number of values already
/// placed in each group and the pmf of 2J so far (a class of t values splits over the groups multivariate-
/// hypergeometrically). Both are used when their estimated work (multiply-adds) is at most <see cref="ExactWorkLimit"/>;
/// otherwise N ≥ 100 000 seeded random permutations give p = (1 + #{J_perm at least as extreme})/(1 + N): counting the
/// observed order as one of the draws makes P(p ≤ α) ≤ α hold exactly for any N, and p is never 0.
/// </summary>
public static partial class JonckheereTerpstra
{
    public const string ExactMethod = "exact";
    public const string MonteCarloMethod = "monte-carlo";
    public const int MinPermutations = 100_000;
    public const ulong DefaultSeed = 0x17;
    /// <summary>About 0.1–0.5 s of work on one core.</summary>
    public const double ExactWorkLimit = 5e7;
    /// <summary>The tie DP holds one layer of states × pmf entries; 4e6 doubles is 32 MB.</summary>
    private const double MemoryLimit = 4e6;

    // The no-tie null depends only on the group sizes, and a simulation asks for the same sizes many times.
    private static readonly ConcurrentDictionary<string, LatticeDistribution> UntiedCache = new();
    private const int CacheEntries = 64;

    /// <summary>
    /// <paramref name="groups"/>[g] holds the values of group g, groups in the order of the alternative (e.g. width);
    /// empty groups are allowed and ignored. Monte Carlo draws <paramref name="permutations"/> shuffles from
    /// <paramref name="seed"/>'s <see cref="Rng.Streams.Permutation"/> stream.
    /// </summary>
    public static JonckheereResult Test(IReadOnlyList<IReadOnlyList<double>> groups, NullMethod method = NullMethod.Auto,
        int permutations = MinPermutations, ulong seed = DefaultSeed)
    {
        Design d = Prepare(groups);
        long observed = Units(d.ClassOf, d.Sizes, d.Classes.Length);
        int[] sizes = d.Sizes;
        if (method != NullMethod.MonteCarlo)
        {
            LatticeDistribution? exact = ExactNull(d);
            if (exact is not null)
            {
                // The untied null counts J itself (scale 1); observed is 2J.
                long v = exact.Scale == 2 ? observed : observed / 2;
                return new JonckheereResult(observed / 2.0, exact.AtLeast(v), exact.AtMost(v), ExactMethod, 0, sizes, d.Ties);
            }
            if (method == NullMethod.Exact)
                throw new InvalidOperationException($"the exact null of J for group sizes [{string.Join(", ", sizes)}]" +
                    $"{(d.Ties ? " with ties" : "")} would take more than {ExactWorkLimit:g2} operations; use Monte Carlo");
        }
        if (permutations < MinPermutations)
            throw new ArgumentOutOfRangeException(nameof(permutations), permutations, $"Monte Carlo needs at least {MinPermutations} permutations");
        var rng = new Rng(seed, Rng.Streams.Permutation);
        int[] shuffled = (int[])d.ClassOf.Clone();
        long atLeast = 0, atMost = 0;
        for (int r = 0; r < permutations; r++)
        {
            rng.Shuffle(shuffled.AsSpan());
            long u = Units(shuffled, sizes, d.Classes.Length);
            if (u >= observed) atLeast++;
            if (u <= observed) atMost++;
        }
        return new JonckheereResult(observed / 2.0, (1.0 + atLeast) / (1.0 + permutations), (1.0 + atMost) / (1.0 + permutations),
            MonteCarloMethod, permutations, sizes, d.Ties);
    }

    /// <summary>J = Σ_(a&lt;b) Σ_(x∈a, y∈b) [1{x &lt; y} + ½·1{x = y}].</summary>
    public static double Statistic(IReadOnlyList<IReadOnlyList<double>> groups)
    {
        Design d = Prepare(groups);
        return Units(d.ClassOf, d.Sizes, d.Classes.Length) / 2.0;
    }

    /// <summary>The exact null of J (scale 1 without ties, 2 with), or null when it would cost more than <see cref="ExactWorkLimit"/>.</summary>
    public static LatticeDistribution? ExactNull(IReadOnlyList<IReadOnlyList<double>> groups) => ExactNull(Prepare(groups));

    private static LatticeDistribution? ExactNull(Design d) =>
        d.Ties ? TiedNull(d.Sizes, d.ClassSizes) : UntiedNull(d.Sizes);

    /// <summary>Values as tie-class indices (0 = smallest distinct value), concatenated group by group.</summary>
    private sealed record Design(int[] Sizes, int[] ClassOf, double[] Classes, int[] ClassSizes)
    {
        public bool Ties => Classes.Length < ClassOf.Length;
    }

    private static Design Prepare(IReadOnlyList<IReadOnlyList<double>> groups)
    {
        var kept = groups.Where(g => g.Count > 0).ToArray();
        if (kept.Length < 2) throw new ArgumentException($"Jonckheere–Terpstra needs at least 2 non-empty groups; got {kept.Length}", nameof(groups));
        double[] pooled = kept.SelectMany(g => g).ToArray();
        if (pooled.Any(double.IsNaN)) throw new ArgumentException("a group holds a NaN value: leave missing values out of their group", nameof(groups));
        double[] classes = pooled.Distinct().Order().ToArray();
        int[] classOf = pooled.Select(v => Array.BinarySearch(classes, v)).ToArray();
        var classSizes = new int[classes.Length];
        foreach (int c in classOf) classSizes[c]++;
        return new Design(kept.Select(g => g.Count).ToArray(), classOf, classes, classSizes);
    }

    /// <summary>2J for the values (tie classes) <paramref name="classOf"/>, laid out group by group: each y of group b
    /// scores 2 for every smaller value and 1 for every equal value in the groups before b.</summary>
    private static long Units(int[] classOf, int[] sizes, int classCount)
    {
        Span<long> counts = classCount <= 256 ? stackalloc long[classCount] : new long[classCount];
        Span<long> below = classCount <= 256 ? stackalloc long[classCount] : new long[classCount];
        counts.Clear();
        long units = 0;
        int start = 0;
        for (int g = 0; g < sizes.Length; g++)
        {
            if (g > 0)
            {
                long sum = 0;
                for (int c = 0; c < classCount; c++)
                {
                    below[c] = sum;
                    sum += counts[c];
                }
                for (int i = start; i < start + sizes[g]; i++) units += 2 * below[classOf[i]] + counts[classOf[i]];
            }
            for (int i = start; i < start + sizes[g]; i++) counts[classOf[i]]++;
            start += sizes[g];
        }
        return units;
    }
}
