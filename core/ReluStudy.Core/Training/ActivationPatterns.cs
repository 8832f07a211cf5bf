using System.Numerics;

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

    private static ulong Pack(float[] x, int word, long count)
    {
        long start = (long)word * 64;
        int length = (int)Math.Min(64, count - start);
        ulong bits = 0;
        for (int b = 0; b < length; b++)
            if (x[start + b] > 0f) bits |= 1UL << b;
        return bits;
    }
}
