using System.Numerics.Tensors;
using ReluStudy.Core.Data;

namespace ReluStudy.Core.TangentKernel;

/// <summary>
/// G = X·Xᵀ in float64 (n × n, both halves filled), from blocks of 32 rows so both blocks of a tile stay
/// in cache. The inputs are widened to float64 first, so every entry is a float64 dot product of the
/// exact float32 inputs.
/// </summary>
public static class InputGram
{
    private const int Block = 32;

    public static double[] Compute(Dataset data, int threads) => Compute(data.Features, data.Count, data.Dimension, threads);

    /// <summary>The Gram matrix of the n rows of <paramref name="features"/> (n × d, row-major).</summary>
    public static double[] Compute(float[] features, int n, int d, int threads)
    {
        var x = new double[(long)n * d];
        for (long t = 0; t < x.LongLength; t++) x[t] = features[t];
        var g = new double[(long)n * n];
        int blocks = (n + Block - 1) / Block;
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads }, bi =>
        {
            int i0 = bi * Block, i1 = Math.Min(n, i0 + Block);
            for (int bj = 0; bj <= bi; bj++)
            {
                int j0 = bj * Block, j1 = Math.Min(n, j0 + Block);
                for (int i = i0; i < i1; i++)
                {
                    ReadOnlySpan<double> xi = x.AsSpan((int)((long)i * d), d);
                    for (int j = j0; j < Math.Min(j1, i + 1); j++)
                    {
                        double dot = TensorPrimitives.Dot(xi, x.AsSpan((int)((long)j * d), d));
                        g[(long)i * n + j] = dot;
                        g[(long)j * n + i] = dot;
                    }
                }
            }
        });
        return g;
    }

    /// <summary>‖x_i − x_j‖² summed directly in float64: exact up to one rounding per term, no cancellation.</summary>
    public static double SquaredDistance(Dataset data, int i, int j)
    {
        ReadOnlySpan<float> a = data.Row(i), b = data.Row(j);
        double s = 0;
        for (int t = 0; t < a.Length; t++)
        {
            double diff = (double)a[t] - b[t];
            s += diff * diff;
        }
        return s;
    }
}
