using ReluStudy.Core.Numerics;

namespace ReluStudy.Core.Data;

/// <summary>
/// The rows a measurement takes from a training set too large to take whole: the first min(n, size) entries of a
/// permutation of 0..n−1 drawn from seed 0 on the use's own <see cref="Rng.Streams"/> stream, sorted. The seed is fixed, not
/// the run's, so every run on the same data (any initialisation seed, width or depth) measures on the same rows; for
/// size ≥ n every row, in order.
/// </summary>
public static class SeededSample
{
    public static int[] Rows(int n, int size, ulong stream)
    {
        if (size >= n) return Enumerable.Range(0, n).ToArray();
        var rng = new Rng(0, stream);
        int[] order = Enumerable.Range(0, n).ToArray();
        for (int i = 0; i < size; i++)
        {
            int j = i + rng.NextInt(n - i);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order[..size].Order().ToArray();
    }
}
