using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ReluStudy.Core.Training;

/// <summary>
/// On/off status 1{h_{l,j}(x_i) &gt; 0} of every hidden unit on every training input, kept as bits at
/// initialisation; counts how many differ now (ZCZG-ML Fig. 3, the numerator of R(k) and R_l(k)).
/// </summary>
internal sealed class ActivationPatterns
{
    private readonly int[] _widths;
    private readonly int _rows;
    private readonly ulong[][] _initial;

    public ActivationPatterns(IReadOnlyList<int> widths, int rows)
    {
        _widths = widths.ToArray();
        _rows = rows;
        _initial = _widths.Select(m => new ulong[((long)rows * m + 63) / 64]).ToArray();
    }

    /// <summary>Units per layer on all inputs: n·m_l, the denominator of R_l.</summary>
    /// <summary>The rows (training examples) whose patterns are kept.</summary>
    public int Rows => _rows;

    public long UnitsInLayer(int layer) => (long)_rows * _widths[layer];

    public void Capture(float[][] activations)
    {
        for (int l = 0; l < _widths.Length; l++)
        {
            ulong[] bits = _initial[l];
            long count = UnitsInLayer(l);
            for (int w = 0; w < bits.Length; w++) bits[w] = Pack(activations[l], w, count);
        }
    }

    /// <summary>Number of units of layer <paramref name="layer"/> whose on/off status differs from initialisation.</summary>
    public long CountChanged(float[][] activations, int layer)
    {
        ulong[] bits = _initial[layer];
        long count = UnitsInLayer(layer);
        long changed = 0;
        for (int w = 0; w < bits.Length; w++) changed += BitOperations.PopCount(bits[w] ^ Pack(activations[layer], w, count));
        return changed;
    }

    /// <summary>Bit b of the result is 1{x[64·word + b] &gt; 0}, 16 or 8 units per vector compare.</summary>
    private static ulong Pack(float[] x, int word, long count)
    {
        long start = (long)word * 64;
        int length = (int)Math.Min(64, count - start);
        ref float first = ref MemoryMarshal.GetArrayDataReference(x);
        nuint offset = (nuint)start;
        if (length == 64 && Vector512.IsHardwareAccelerated)
        {
            ulong packed = 0;
            for (int c = 0; c < 4; c++)
                packed |= (ulong)Vector512.GreaterThan(Vector512.LoadUnsafe(ref first, offset + (nuint)(16 * c)), Vector512<float>.Zero).ExtractMostSignificantBits() << (16 * c);
            return packed;
        }
        if (length == 64 && Vector256.IsHardwareAccelerated)
        {
            ulong packed = 0;
            for (int c = 0; c < 8; c++)
                packed |= (ulong)Vector256.GreaterThan(Vector256.LoadUnsafe(ref first, offset + (nuint)(8 * c)), Vector256<float>.Zero).ExtractMostSignificantBits() << (8 * c);
            return packed;
        }
        ulong bits = 0;
        for (int b = 0; b < length; b++)
            if (x[start + b] > 0f) bits |= 1UL << b;
        return bits;
    }
}
