using ReluStudy.Core.Numerics;

namespace ReluStudy.Core.Training.TwoLayer;

/// <summary>The two-layer model's tracked quantities: its tangent kernel H(k) from the activation patterns, and the largest neuron movement.</summary>
public sealed partial class TwoLayerTrainer
{
    /// <summary>H(k)_ij = (1/m)·x_iᵀx_j·#{r : H_ir ≥ 0, H_jr ≥ 0}; the counts come exactly from S·Sᵀ in float32 (integers ≤ m &lt; 2²⁴).</summary>
    private double[] Gram(float[] h, double[] inputGram)
    {
        var s = new float[h.Length];
        for (long t = 0; t < h.LongLength; t++) s[t] = h[t] >= 0 ? 1f : 0f;
        var counts = new float[(long)_n * _n];
        _kernels.MultiplyNT(s, s, counts, _n, _m, _n);
        var gram = new double[counts.LongLength];
        for (long t = 0; t < gram.LongLength; t++) gram[t] = inputGram[t] * counts[t] / _m;
        return gram;
    }

    private double MaxWeightDistance(float[] w0)
    {
        double max = 0;
        for (int r = 0; r < _m; r++)
        {
            ReadOnlySpan<float> now = _net.Weights.AsSpan(r * _d, _d), start = w0.AsSpan(r * _d, _d);
            double s = 0;
            for (int t = 0; t < _d; t++)
            {
                double diff = (double)now[t] - start[t];
                s += diff * diff;
            }
            max = Math.Max(max, s);
        }
        return Math.Sqrt(max);
    }

    private static double SpectralNormOfSymmetric(double[] a, int n, int threads)
    {
        Lanczos.Extremes e = Lanczos.OfDense(a, n, threads);
        return Math.Max(Math.Abs(e.Min), Math.Abs(e.Max));
    }
}
