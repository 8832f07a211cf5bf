using System.Collections.Concurrent;
using ReluStudy.Core.Numerics;

namespace ReluStudy.Core.Statistics;

/// <summary>The exact null distributions of J: the Mann–Whitney convolution without ties, the tie-class dynamic program with them.</summary>
public static partial class JonckheereTerpstra
{
    /// <summary>Without ties: J = Σ_b U_b, U_b the Mann–Whitney count of group b against groups 0..b−1, independent under the null.</summary>
    internal static LatticeDistribution? UntiedNull(int[] sizes)
    {
        string key = string.Join(",", sizes);
        if (UntiedCache.TryGetValue(key, out LatticeDistribution? cached)) return cached;
        double work = 0, range = 1;
        long before = sizes[0];
        for (int b = 1; b < sizes.Length; b++)
        {
            double cells = (double)before * sizes[b] + 1;
            work += before * (double)sizes[b] * cells + range * cells;
            range += cells - 1;
            before += sizes[b];
        }
        if (work > ExactWorkLimit) return null;
        double[] total = [1];
        before = sizes[0];
        for (int b = 1; b < sizes.Length; b++)
        {
            total = LatticeDistribution.Convolve(total, MannWhitney((int)before, sizes[b]));
            before += sizes[b];
        }
        var result = new LatticeDistribution(0, total, scale: 1);
        if (UntiedCache.Count >= CacheEntries) UntiedCache.Clear();
        UntiedCache[key] = result;
        return result;
    }

    /// <summary>
    /// P(U = u), U = #{(x, y): x &lt; y} for x from m and y from n exchangeable untied values: the largest of the m + n
    /// is a y with chance n/(m + n) and then beats all m x's, so P_(m,n)(u) = m/(m+n)·P_(m−1,n)(u) + n/(m+n)·P_(m,n−1)(u − m).
    /// Probabilities rather than counts, which would overflow a double beyond C(1030, 515).
    /// </summary>
    internal static double[] MannWhitney(int m, int n)
    {
        // row[j] = P_(i, j); rows advance in i.
        var row = new double[n + 1][];
        for (int j = 0; j <= n; j++) row[j] = [1];
        for (int i = 1; i <= m; i++)
        {
            var next = new double[n + 1][];
            next[0] = [1];
            for (int j = 1; j <= n; j++)
            {
                var p = new double[i * j + 1];
                double wx = (double)i / (i + j), wy = (double)j / (i + j);
                double[] fromX = row[j], fromY = next[j - 1];
                for (int u = 0; u < fromX.Length; u++) p[u] += wx * fromX[u];
                for (int u = 0; u < fromY.Length; u++) p[u + i] += wy * fromY[u];
                next[j] = p;
            }
            row = next;
        }
        return row[n];
    }

    /// <summary>
    /// With ties: the tie classes are placed in increasing order. A class of t values goes c_g to group g with
    /// probability Π_g C(rem_g, c_g)/C(Σ rem, t) (rem_g = free slots left in g); each of its c_b values in group b adds
    /// 2 for every value already placed in a group before b (all smaller) and 1 for every value of the same class
    /// in a group before b (ties), so 2J grows by Σ_b c_b·(2·Σ_(a&lt;b) placed_a + Σ_(a&lt;b) c_a).
    /// </summary>
    internal static LatticeDistribution? TiedNull(int[] sizes, int[] classSizes)
    {
        int g = sizes.Length;
        long pairs = 0, placedBefore = 0;
        foreach (int n in sizes)
        {
            pairs += placedBefore * n;
            placedBefore += n;
        }
        int range = (int)Math.Min(int.MaxValue, 2 * pairs + 1);
        // Layer sizes: layer[s] = #{placed vectors with Σ = s}, the coefficients of Π_g (1 + z + ... + z^(n_g)).
        double[] layer = [1];
        foreach (int n in sizes)
        {
            var next = new double[layer.Length + n];
            for (int s = 0; s < layer.Length; s++)
                for (int c = 0; c <= n; c++) next[s + c] += layer[s];
            layer = next;
        }
        double work = 0, memory = 0;
        int cumulative = 0;
        foreach (int t in classSizes)
        {
            work += layer[cumulative] * Binomial(t + g - 1, g - 1) * range;
            memory = Math.Max(memory, layer[cumulative + t] * (double)range);
            cumulative += t;
        }
        if (work > ExactWorkLimit || memory > MemoryLimit) return null;

        var strides = new long[g];
        long stride = 1;
        for (int i = 0; i < g; i++)
        {
            strides[i] = stride;
            stride *= sizes[i] + 1;
        }
        var states = new Dictionary<long, double[]> { [0] = OneHot(range) };
        var placed = new int[g];
        var split = new int[g];
        foreach (int t in classSizes)
        {
            var nextStates = new Dictionary<long, double[]>();
            foreach ((long key, double[] pmf) in states)
            {
                long rest = key;
                int remaining = 0;
                for (int i = g - 1; i >= 0; i--)
                {
                    placed[i] = (int)(rest / strides[i]);
                    rest %= strides[i];
                    remaining += sizes[i] - placed[i];
                }
                double total = Binomial(remaining, t);
                Splits(0, t);

                // Every way to put the t values of this class into the groups' free slots.
                void Splits(int i, int left)
                {
                    if (i == g - 1)
                    {
                        if (left > sizes[i] - placed[i]) return;
                        split[i] = left;
                        Add();
                        return;
                    }
                    for (int c = Math.Min(left, sizes[i] - placed[i]); c >= 0; c--)
                    {
                        split[i] = c;
                        Splits(i + 1, left - c);
                    }
                }

                void Add()
                {
                    double weight = 1;
                    long shift = 0, newKey = key, placedBelow = 0, classBelow = 0;
                    for (int i = 0; i < g; i++)
                    {
                        weight *= Binomial(sizes[i] - placed[i], split[i]);
                        shift += split[i] * (2 * placedBelow + classBelow);
                        placedBelow += placed[i];
                        classBelow += split[i];
                        newKey += split[i] * strides[i];
                    }
                    weight /= total;
                    if (!nextStates.TryGetValue(newKey, out double[]? target)) nextStates[newKey] = target = new double[range];
                    for (long u = 0; u + shift < range; u++)
                        if (pmf[u] != 0) target[u + shift] += weight * pmf[u];
                }
            }
            states = nextStates;
        }
        return new LatticeDistribution(0, states.Single().Value, scale: 2);
    }

    private static double[] OneHot(int length)
    {
        var p = new double[length];
        p[0] = 1;
        return p;
    }

    /// <summary>C(n, k) as a double (exact below 2⁵³).</summary>
    private static double Binomial(int n, int k)
    {
        if (k < 0 || k > n) return 0;
        k = Math.Min(k, n - k);
        double c = 1;
        for (int i = 1; i <= k; i++) c = c * (n - k + i) / i;
        return Math.Round(c);
    }
}
