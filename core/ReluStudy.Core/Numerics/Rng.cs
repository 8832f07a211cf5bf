namespace ReluStudy.Core.Numerics;

/// <summary>
/// xoshiro256** seeded through SplitMix64, with Box–Muller normals.
/// Written out here rather than using <see cref="System.Random"/> so that a seed means the same
/// numbers on every .NET version: bit-reproducibility is a product promise.
/// </summary>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareNormal;
    private bool _hasSpare;

    /// <summary>A stream for <paramref name="seed"/>; <paramref name="stream"/> separates independent uses of one seed.</summary>
    public Rng(ulong seed, ulong stream = 0)
    {
        ulong x = seed ^ (0x9E3779B97F4A7C15UL * (stream + 1));
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>Named streams, so that adding a new use of randomness never shifts an existing one.</summary>
    public static class Streams
    {
        public const ulong Init = 1;
        public const ulong DataSubset = 2;
        public const ulong Minibatch = 3;
        public const ulong PowerIteration = 4;
        public const ulong Validation = 5;
        public const ulong TangentKernelSample = 6;
        public const ulong Permutation = 7;
        public const ulong HessianSample = 8;
    }

    /// <summary>The generator's whole state (for checkpoints): s0..s3, the cached normal's bits and whether it is set.</summary>
    public ulong[] State => [_s0, _s1, _s2, _s3, BitConverter.DoubleToUInt64Bits(_spareNormal), _hasSpare ? 1UL : 0UL];

    /// <summary>Restores a state read from <see cref="State"/>.</summary>
    public void Restore(IReadOnlyList<ulong> state)
    {
        if (state.Count != 6) throw new ArgumentException($"an Rng state has 6 words; got {state.Count}", nameof(state));
        (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);
        _spareNormal = BitConverter.UInt64BitsToDouble(state[4]);
        _hasSpare = state[5] != 0;
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, bound) without modulo bias (Lemire's method).</summary>
    public int NextInt(int bound)
    {
        if (bound <= 0) throw new ArgumentOutOfRangeException(nameof(bound), bound, "bound must be > 0");
        ulong b = (ulong)bound;
        while (true)
        {
            UInt128 product = (UInt128)NextUInt64() * b;
            ulong low = (ulong)product;
            if (low >= (0UL - b) % b) return (int)(product >> 64);
        }
    }

    /// <summary>Standard normal N(0, 1) by Box–Muller (both variates used).</summary>
    public double NextNormal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareNormal;
        }
        double u1;
        do { u1 = NextDouble(); } while (u1 <= double.Epsilon);
        double u2 = NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        double angle = 2.0 * Math.PI * u2;
        _spareNormal = radius * Math.Sin(angle);
        _hasSpare = true;
        return radius * Math.Cos(angle);
    }

    /// <summary>Fisher–Yates shuffle of <paramref name="items"/> in place.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
