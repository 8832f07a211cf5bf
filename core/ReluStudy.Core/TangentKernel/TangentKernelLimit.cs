using ReluStudy.Core.Model;

namespace ReluStudy.Core.TangentKernel;

/// <summary>
/// The deep network's tangent kernel Θ(x, x') = Σ_l ⟨∂f/∂W_l(x), ∂f/∂W_l(x')⟩ in the limit of wide layers, for He
/// initialisation (W_l ~ N(0, 2/m_l)) and the fixed ±1 readout (docs/theory.md, "The tangent kernel"):
/// K_0 = xᵀx', K_l = (1/π)(√(qq')·sin θ_l + (π − θ_l)·K_{l−1}) with θ_l the angle of K_{l−1} (norms are kept:
/// K_l(x, x) = ‖x‖²), D_l = (π − θ_l)/π, and Θ = ½ Σ_l m_l·K_{l−1}·Π_{k≥l} D_k. Returned as Θ̄ = Θ/m with
/// m = min_l m_l, which depends on the widths only through m_l/m. Depth 1 is Du et al.'s H∞ = xᵀx'(π − θ)/(2π).
/// </summary>
public static class TangentKernelLimit
{
    /// <summary>Θ̄ of the n rows of <paramref name="x"/> (n × d) for hidden widths m_1..m_L: an n × n float64 matrix.</summary>
    public static double[] Of(float[] x, int n, int d, IReadOnlyList<int> widths, int threads)
    {
        double[] g = InputGram.Compute(x, n, d, threads);
        FromGramInPlace(g, n, widths, threads);
        return g;
    }

    /// <summary>Bytes Θ̄ of n inputs of dimension d takes to compute: the n × n matrix, the inputs in float64, and a Lanczos basis for its extremes.</summary>
    public static long BytesFor(int n, int d) => 8L * n * n + 8L * n * d + 8L * 600 * n;

    /// <summary>Why Θ̄ of n inputs does not fit in <paramref name="available"/> bytes, as one line; null when it fits.</summary>
    public static string? TooLarge(int n, int d, long available)
    {
        long needed = BytesFor(n, d);
        return needed <= available ? null
            : $"--n: the kernel of n = {n} examples needs {Platform.MemorySize.Format(needed)} (8 n^2 bytes for the n x n matrix and its workspace); this machine has {Platform.MemorySize.Format(available)} for it";
    }

    /// <summary>Turns the Gram matrix G = XXᵀ (n × n, row-major) into Θ̄ in place.</summary>
    public static void FromGramInPlace(double[] g, int n, IReadOnlyList<int> widths, int threads)
    {
        double[] ratios = Ratios(widths);
        var norms = new double[n];
        for (int i = 0; i < n; i++) norms[i] = g[(long)i * n + i];
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            Span<double> work = stackalloc double[2 * ratios.Length];
            for (int j = 0; j < n; j++)
            {
                long t = (long)i * n + j;
                g[t] = Entry(g[t], norms[i], norms[j], ratios, work);
            }
        });
    }

    /// <summary>m_l / m for each layer, m = min_l m_l.</summary>
    public static double[] Ratios(IReadOnlyList<int> widths)
    {
        int m = DeepReluNet.WidthOf(widths);
        return widths.Select(w => (double)w / m).ToArray();
    }

    /// <summary>Θ̄(x, x') from xᵀx' and the squared norms q = ‖x‖², q' = ‖x'‖²; <paramref name="work"/> holds 2L numbers.</summary>
    public static double Entry(double k0, double q, double qPrime, ReadOnlySpan<double> ratios, Span<double> work)
    {
        double s = Math.Sqrt(q * qPrime);
        if (s == 0) return 0;
        int depth = ratios.Length;
        Span<double> correlation = work[..depth], derivative = work[depth..(2 * depth)];
        double rho = Math.Clamp(k0 / s, -1, 1);
        for (int l = 0; l < depth; l++)
        {
            double theta = Math.Acos(rho);
            correlation[l] = rho;
            derivative[l] = (Math.PI - theta) / Math.PI;
            rho = Math.Min(1, (Math.Sqrt(Math.Max(0, 1 - rho * rho)) + (Math.PI - theta) * rho) / Math.PI);
        }
        double product = 1, sum = 0;
        for (int l = depth - 1; l >= 0; l--)
        {
            product *= derivative[l];
            sum += ratios[l] * correlation[l] * product;
        }
        return 0.5 * s * sum;
    }

    /// <summary>
    /// The covariance of the readout f(x) = vᵀx_L at initialisation: a centred Gaussian process with covariance
    /// K_L − √(qq')/π (the ±1 readout cancels the units' common mean), so Var f(x) = (1 − 1/π)‖x‖².
    /// </summary>
    public static double OutputCovariance(double k0, double q, double qPrime, int depth)
    {
        double s = Math.Sqrt(q * qPrime);
        if (s == 0) return 0;
        double rho = Math.Clamp(k0 / s, -1, 1);
        for (int l = 0; l < depth; l++)
        {
            double theta = Math.Acos(rho);
            rho = Math.Min(1, (Math.Sqrt(Math.Max(0, 1 - rho * rho)) + (Math.PI - theta) * rho) / Math.PI);
        }
        return s * (rho - 1 / Math.PI);
    }
}
