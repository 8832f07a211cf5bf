using System.Numerics;
using System.Runtime.InteropServices;

namespace ReluStudy.Core.Numerics;

/// <summary>
/// Reductions of float32 data carried out in float64, vectorised by widening. Multiply-adds are fused where
/// the CPU has FMA, so the last bits depend on the instruction set (these feed metrics, not training).
/// </summary>
public static class Float64
{
    /// <summary>The value, or null when it is not finite: what the results' JSON files record (JSON has no NaN or infinity).</summary>
    public static double? FiniteOrNull(double value) => double.IsFinite(value) ? value : null;

    /// <summary>Σ x_j·y_j.</summary>
    public static double Dot(ReadOnlySpan<float> x, ReadOnlySpan<double> y)
    {
        var acc = Vector<double>.Zero;
        ReadOnlySpan<Vector<float>> xs = MemoryMarshal.Cast<float, Vector<float>>(x);
        ReadOnlySpan<Vector<double>> ys = MemoryMarshal.Cast<double, Vector<double>>(y);
        for (int t = 0; t < xs.Length; t++)
        {
            Vector.Widen(xs[t], out Vector<double> low, out Vector<double> high);
            acc = Vector.MultiplyAddEstimate(high, ys[2 * t + 1], Vector.MultiplyAddEstimate(low, ys[2 * t], acc));
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
            ys[2 * t] = Vector.MultiplyAddEstimate(a, low, ys[2 * t]);
            ys[2 * t + 1] = Vector.MultiplyAddEstimate(a, high, ys[2 * t + 1]);
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
            acc = Vector.MultiplyAddEstimate(high, high, Vector.MultiplyAddEstimate(low, low, acc));
        }
        double s = Vector.Sum(acc);
        for (int j = xs.Length * Vector<float>.Count; j < x.Length; j++) s += (double)x[j] * x[j];
        return s;
    }
}
