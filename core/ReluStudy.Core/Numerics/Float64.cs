using System.Numerics;
using System.Runtime.InteropServices;

namespace ReluStudy.Core.Numerics;

/// <summary>Reductions of float32 data carried out in float64, vectorised by widening.</summary>
public static class Float64
{
    /// <summary>Σ x_j·y_j.</summary>
    public static double Dot(ReadOnlySpan<float> x, ReadOnlySpan<double> y)
    {
        var acc = Vector<double>.Zero;
        ReadOnlySpan<Vector<float>> xs = MemoryMarshal.Cast<float, Vector<float>>(x);
        ReadOnlySpan<Vector<double>> ys = MemoryMarshal.Cast<double, Vector<double>>(y);
        for (int t = 0; t < xs.Length; t++)
        {
            Vector.Widen(xs[t], out Vector<double> low, out Vector<double> high);
            acc += low * ys[2 * t] + high * ys[2 * t + 1];
        }
        double s = Vector.Sum(acc);
        for (int j = xs.Length * Vector<float>.Count; j < x.Length; j++) s += x[j] * y[j];
        return s;
    }

    /// <summary>y += α·x.</summary>
    public static void AddScaled(double alpha, ReadOnlySpan<float> x, Span<double> y)
    {
        var a = new Vector<double>(alpha);
        ReadOnlySpan<Vector<float>> xs = MemoryMarshal.Cast<float, Vector<float>>(x);
        Span<Vector<double>> ys = MemoryMarshal.Cast<double, Vector<double>>(y);
        for (int t = 0; t < xs.Length; t++)
        {
            Vector.Widen(xs[t], out Vector<double> low, out Vector<double> high);
            ys[2 * t] += a * low;
            ys[2 * t + 1] += a * high;
        }
        for (int j = xs.Length * Vector<float>.Count; j < x.Length; j++) y[j] += alpha * x[j];
    }

    /// <summary>Σ x_j².</summary>
    public static double SumOfSquares(ReadOnlySpan<float> x)
    {
        var acc = Vector<double>.Zero;
        ReadOnlySpan<Vector<float>> xs = MemoryMarshal.Cast<float, Vector<float>>(x);
        for (int t = 0; t < xs.Length; t++)
        {
            Vector.Widen(xs[t], out Vector<double> low, out Vector<double> high);
            acc += low * low + high * high;
        }
        double s = Vector.Sum(acc);
        for (int j = xs.Length * Vector<float>.Count; j < x.Length; j++) s += (double)x[j] * x[j];
        return s;
    }
}
