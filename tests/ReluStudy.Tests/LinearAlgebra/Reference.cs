using ReluStudy.Core.LinearAlgebra.Simd;

namespace ReluStudy.Tests.LinearAlgebra;

/// <summary>
/// Independent references for the kernels: the exact sequence of roundings the kernels promise (one
/// multiply-add chain per element, fused or not by instruction set), and a float64 product with the
/// classical bound on the error of a k-term float32 sum.
/// </summary>
internal static class Reference
{
    public static bool IsFused(InstructionSet level) => level >= InstructionSet.Vector256;

    /// <summary>c_ij = (((0 + a_i0 b_0j) + a_i1 b_1j) + …) in float32, each step rounded as the kernel's.</summary>
    public static float[] Chain(Func<int, int, float> a, Func<int, int, float> b, int m, int n, int k, bool fused)
    {
        var c = new float[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float acc = 0f;
                for (int p = 0; p < k; p++) acc = fused ? MathF.FusedMultiplyAdd(a(i, p), b(p, j), acc) : a(i, p) * b(p, j) + acc;
                c[i * n + j] = acc;
            }
        return c;
    }

    /// <summary>The float64 product and, per element, the bound k·u·Σ|a_ip b_pj| (u = 2⁻²⁴) on a float32 chain's error.</summary>
    public static (double[] Value, double[] Bound) Float64(Func<int, int, float> a, Func<int, int, float> b, int m, int n, int k)
    {
        var value = new double[m * n];
        var bound = new double[m * n];
        double u = Math.ScaleB(1, -24);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0, abs = 0;
                for (int p = 0; p < k; p++)
                {
                    double t = (double)a(i, p) * b(p, j);
                    s += t;
                    abs += Math.Abs(t);
                }
                value[i * n + j] = s;
                bound[i * n + j] = 1.01 * k * u * abs + 1e-30;
            }
        return (value, bound);
    }

    /// <summary>Values in [−1, 1) with about a tenth exact zeros, as ReLU activations have.</summary>
    public static float[] Random(int count, int seed)
    {
        var rng = new Random(seed);
        var x = new float[count];
        for (int i = 0; i < count; i++) x[i] = rng.Next(10) == 0 ? 0f : (float)(2 * rng.NextDouble() - 1);
        return x;
    }
}
