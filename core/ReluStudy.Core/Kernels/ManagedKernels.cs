using System.Numerics;
using System.Runtime.InteropServices;

namespace ReluStudy.Core.Kernels;

/// <summary>
/// Portable kernels: each output row is a float64 accumulation of scaled rows of B
/// (c_i = Σ_p a_ip · b_p), skipping a_ip = 0, which ReLU activations make common.
/// Correct first; the transposed shapes go through an explicit transpose into scratch.
/// </summary>
public sealed class ManagedKernels : IMatrixKernels
{
    private float[] _transposeScratch = [];

    public ManagedKernels(int threads = 1)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "threads must be >= 1");
        Threads = threads;
    }

    public int Threads { get; }

    public void MultiplyNN(float[] a, float[] b, float[] c, int m, int k, int n)
    {
        Guard.Size(a, (long)m * k, nameof(a));
        Guard.Size(b, (long)k * n, nameof(b));
        Guard.Size(c, (long)m * n, nameof(c));
        RowPartition.For(m, Threads, (start, end) => RowsNN(a, b, c, k, n, start, end));
    }

    public void MultiplyTN(float[] a, float[] b, float[] c, int m, int k, int n)
    {
        Guard.Size(a, (long)m * k, nameof(a));
        Guard.Size(b, (long)m * n, nameof(b));
        Guard.Size(c, (long)k * n, nameof(c));
        float[] at = Scratch((long)k * m);
        Transpose(a, at, m, k);
        RowPartition.For(k, Threads, (start, end) => RowsNN(at, b, c, m, n, start, end));
    }

    public void MultiplyNT(float[] a, float[] b, float[] c, int m, int n, int k)
    {
        Guard.Size(a, (long)m * n, nameof(a));
        Guard.Size(b, (long)k * n, nameof(b));
        Guard.Size(c, (long)m * k, nameof(c));
        float[] bt = Scratch((long)n * k);
        Transpose(b, bt, k, n);
        RowPartition.For(m, Threads, (start, end) => RowsNN(a, bt, c, n, k, start, end));
    }

    public void Relu(float[] x, int count)
    {
        Guard.Size(x, count, nameof(x));
        Span<float> span = x.AsSpan(0, count);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vectors = MemoryMarshal.Cast<float, Vector<float>>(span);
            for (int v = 0; v < vectors.Length; v++) vectors[v] = Vector.Max(vectors[v], Vector<float>.Zero);
            i = vectors.Length * Vector<float>.Count;
        }
        for (; i < span.Length; i++) span[i] = MathF.Max(span[i], 0f);
    }

    private float[] Scratch(long length)
    {
        if (_transposeScratch.Length < length) _transposeScratch = new float[length];
        return _transposeScratch;
    }

    /// <summary>dst[cols×rows] = src[rows×cols]ᵀ, in cache-sized tiles.</summary>
    private static void Transpose(float[] src, float[] dst, int rows, int cols)
    {
        const int Tile = 32;
        for (int r0 = 0; r0 < rows; r0 += Tile)
        {
            int r1 = Math.Min(rows, r0 + Tile);
            for (int c0 = 0; c0 < cols; c0 += Tile)
            {
                int c1 = Math.Min(cols, c0 + Tile);
                for (int r = r0; r < r1; r++)
                    for (int c = c0; c < c1; c++)
                        dst[(long)c * rows + r] = src[(long)r * cols + c];
            }
        }
    }

    private static void RowsNN(float[] a, float[] b, float[] c, int k, int n, int start, int end)
    {
        double[] acc = new double[n];
        for (int i = start; i < end; i++)
        {
            Array.Clear(acc);
            ReadOnlySpan<float> aRow = a.AsSpan((int)((long)i * k), k);
            for (int p = 0; p < k; p++)
            {
                float alpha = aRow[p];
                if (alpha == 0f) continue;
                AddScaled(alpha, b.AsSpan((int)((long)p * n), n), acc);
            }
            Span<float> cRow = c.AsSpan((int)((long)i * n), n);
            for (int j = 0; j < n; j++) cRow[j] = (float)acc[j];
        }
    }

    /// <summary>acc += alpha · x, widened to float64.</summary>
    private static void AddScaled(double alpha, ReadOnlySpan<float> x, Span<double> acc)
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var alphaV = new Vector<double>(alpha);
            var xs = MemoryMarshal.Cast<float, Vector<float>>(x);
            var accs = MemoryMarshal.Cast<double, Vector<double>>(acc);
            for (int v = 0; v < xs.Length; v++)
            {
                Vector.Widen(xs[v], out Vector<double> low, out Vector<double> high);
                accs[2 * v] += alphaV * low;
                accs[2 * v + 1] += alphaV * high;
            }
            j = xs.Length * Vector<float>.Count;
        }
        for (; j < x.Length; j++) acc[j] += alpha * x[j];
    }
}
