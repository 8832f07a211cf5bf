using ReluStudy.Core.Numerics;

namespace ReluStudy.Core.Training;

/// <summary>
/// Draws each mini-batch as B distinct indices chosen uniformly from 0..n−1, independently per step
/// (a partial Fisher–Yates shuffle of a persistent permutation), from the seed's Minibatch stream.
/// </summary>
internal sealed class MinibatchSampler
{
    private readonly int[] _permutation;
    private readonly Rng _rng;

    public MinibatchSampler(int count, ulong seed)
    {
        _permutation = Enumerable.Range(0, count).ToArray();
        _rng = new Rng(seed, Rng.Streams.Minibatch);
    }

    /// <summary>The permutation and the generator's state, which together decide every later batch.</summary>
    public (int[] Permutation, ulong[] Rng) State => ((int[])_permutation.Clone(), _rng.State);

    public void Restore(int[] permutation, IReadOnlyList<ulong> rng)
    {
        if (permutation.Length != _permutation.Length)
            throw new ArgumentException($"the permutation has {permutation.Length} entries; the sampler has {_permutation.Length}", nameof(permutation));
        permutation.CopyTo(_permutation, 0);
        _rng.Restore(rng);
    }

    public void Draw(Span<int> batch)
    {
        int n = _permutation.Length;
        for (int t = 0; t < batch.Length; t++)
        {
            int j = t + _rng.NextInt(n - t);
            (_permutation[t], _permutation[j]) = (_permutation[j], _permutation[t]);
            batch[t] = _permutation[t];
        }
    }
}
