using System.Numerics.Tensors;

namespace ReluStudy.Core.Numerics;

/// <summary>
/// The smallest and largest eigenvalues of a symmetric matrix, given only y = A·x, by Lanczos with
/// full reorthogonalisation in float64. For each Ritz pair (θ, y) the residual r = ‖Ay − θy‖ is known
/// exactly (β_k·|last entry of T's eigenvector|), and some eigenvalue of A lies within r of θ. Ritz
/// values lie inside the spectrum, so λ_min ∈ [θ_min − r_min, θ_min] and λ_max ∈ [θ_max, θ_max + r_max].
/// </summary>
public static class Lanczos
{
    public readonly record struct Extremes(double Min, double MinResidual, double Max, double MaxResidual, int Steps);

    /// <param name="n">order of A.</param>
    /// <param name="multiply">writes A·x into y.</param>
    /// <param name="relativeTolerance">stop once both residuals are below this fraction of max|θ|.</param>
    /// <param name="maxSteps">Krylov dimension limit (capped at n).</param>
    public static Extremes Run(int n, Action<double[], double[]> multiply, double relativeTolerance = 1e-10, int maxSteps = 600, ulong seed = 0x1A2C)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "order must be >= 1");
        var rng = new Rng(seed, Rng.Streams.PowerIteration);
        var q = new double[n];
        for (int i = 0; i < n; i++) q[i] = rng.NextNormal();
        Scale(q, 1 / Norm(q));
        var alpha = new List<double>();
        var beta = new List<double>();
        Extremes result = default;
        Krylov(multiply, q, Math.Min(n, maxSteps), alpha, beta, (k, b) =>
        {
            result = Ritz(alpha, beta, b, k);
            double scale = Math.Max(Math.Abs(result.Min), Math.Abs(result.Max));
            bool converged = result.MinResidual <= relativeTolerance * scale && result.MaxResidual <= relativeTolerance * scale;
            return converged || b <= 1e-14 * Math.Max(scale, 1e-300);
        });
        return result;
    }

    /// <summary>
    /// Lanczos with full reorthogonalisation from the unit vector <paramref name="q"/>: after step k it appends α_k to
    /// <paramref name="alpha"/> and asks <paramref name="done"/>(k, β_k) whether to stop (else β_k joins
    /// <paramref name="beta"/>); it stops at step <paramref name="limit"/> in any case. Returns the basis q_1..q_k.
    /// </summary>
    private static List<double[]> Krylov(Action<double[], double[]> multiply, double[] q, int limit, List<double> alpha, List<double> beta,
        Func<int, double, bool> done)
    {
        int n = q.Length;
        var basis = new List<double[]>(limit + 1) { q };
        var w = new double[n];
        for (int k = 0; k < limit; k++)
        {
            multiply(basis[k], w);
            alpha.Add(Dot(basis[k], w));
            // Full reorthogonalisation, twice ("twice is enough"), keeps the basis orthonormal to rounding.
            for (int pass = 0; pass < 2; pass++)
                foreach (double[] v in basis) AddScaled(-Dot(v, w), v, w);
            double b = Norm(w);
            if (done(k + 1, b) || k + 1 == limit) break;
            beta.Add(b);
            var next = new double[n];
            for (int i = 0; i < n; i++) next[i] = w[i] / b;
            basis.Add(next);
        }
        return basis;
    }

    /// <summary>The largest eigenvalue θ of a symmetric operator, the residual bound r (some eigenvalue lies in [θ − r, θ + r],
    /// and none above θ + r), and the Lanczos steps taken.</summary>
    public readonly record struct Top(double Value, double Residual, int Steps);

    /// <summary>
    /// λ_max of a symmetric A from <paramref name="start"/>, stopping once the top Ritz pair's residual is below
    /// <paramref name="relativeTolerance"/>·|θ|, and its Ritz vector written into <paramref name="vector"/>. A start with
    /// any component along the top eigenvector finds it: a stalled estimate is not taken for convergence, the residual is.
    /// </summary>
    public static Top Largest(int n, Action<double[], double[]> multiply, ReadOnlySpan<double> start, Span<double> vector,
        double relativeTolerance, int maxSteps)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "order must be >= 1");
        if (start.Length != n || vector.Length != n) throw new ArgumentException($"start and vector must have length n = {n}");
        double[] q = start.ToArray();
        double norm = Norm(q);
        if (!(norm > 0) || !double.IsFinite(norm)) throw new ArgumentException("the start vector must be finite and non-zero", nameof(start));
        Scale(q, 1 / norm);
        var alpha = new List<double>();
        var beta = new List<double>();
        double theta = 0, residual = 0;
        int steps = 0;
        List<double[]> basis = Krylov(multiply, q, Math.Min(n, maxSteps), alpha, beta, (k, b) =>
        {
            steps = k;
            double radius = Radius(alpha, beta, k);
            theta = Bisect(alpha, beta, k, -radius - 1, radius + 1, index: k - 1);
            residual = b * Math.Abs(Eigenvector(alpha, beta, k, theta)[^1]);
            return residual <= relativeTolerance * Math.Abs(theta) || b <= 1e-14 * Math.Max(Math.Abs(theta), 1e-300);
        });
        double[] s = Eigenvector(alpha, beta, steps, theta);
        vector.Clear();
        for (int j = 0; j < steps; j++) AddScaled(s[j], basis[j], vector);
        return new Top(theta, residual, steps);
    }

    /// <summary>The extremes of a dense symmetric matrix (n × n, row-major), its products split by rows over <paramref name="threads"/>
    /// (or over <paramref name="workers"/>, a runner of body(worker, workers) such as the training kernels' own).</summary>
    public static Extremes OfDense(double[] a, int n, int threads = 1, double relativeTolerance = 1e-10, Action<Action<int, int>>? workers = null)
    {
        workers ??= body => Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t => body(t, threads));
        return Run(n, (v, y) => workers((t, count) =>
        {
            int start = (int)((long)n * t / count), end = (int)((long)n * (t + 1) / count);
            for (int i = start; i < end; i++) y[i] = Dot(a.AsSpan((int)((long)i * n), n), v);
        }), relativeTolerance);
    }

    /// <summary>Extreme eigenpairs of the tridiagonal T_k (diagonal α, off-diagonal β) and their residual bounds β_k·|s_k|.</summary>
    private static Extremes Ritz(List<double> alpha, List<double> beta, double nextBeta, int k)
    {
        double radius = Radius(alpha, beta, k);
        double lo = -radius - 1, hi = radius + 1;
        double min = Bisect(alpha, beta, k, lo, hi, index: 0);
        double max = Bisect(alpha, beta, k, lo, hi, index: k - 1);
        return new Extremes(min, nextBeta * Math.Abs(Eigenvector(alpha, beta, k, min)[^1]),
            max, nextBeta * Math.Abs(Eigenvector(alpha, beta, k, max)[^1]), k);
    }

    /// <summary>Gershgorin: every eigenvalue of T_k lies within this distance of 0.</summary>
    private static double Radius(List<double> alpha, List<double> beta, int k)
    {
        double radius = 0;
        for (int i = 0; i < k; i++)
        {
            double off = (i > 0 ? Math.Abs(beta[i - 1]) : 0) + (i < k - 1 ? Math.Abs(beta[i]) : 0);
            radius = Math.Max(radius, Math.Abs(alpha[i]) + off);
        }
        return radius;
    }

    /// <summary>The eigenvalue of rank <paramref name="index"/> (0 = smallest) by Sturm-sequence bisection.</summary>
    private static double Bisect(List<double> alpha, List<double> beta, int k, double lo, double hi, int index)
    {
        for (int iteration = 0; iteration < 200 && hi - lo > 1e-15 * Math.Max(Math.Abs(lo), Math.Abs(hi)); iteration++)
        {
            double mid = 0.5 * (lo + hi);
            if (CountBelow(alpha, beta, k, mid) > index) hi = mid;
            else lo = mid;
        }
        return 0.5 * (lo + hi);
    }

    /// <summary>How many eigenvalues of T_k are below x (Sylvester's inertia of T − xI via its LDLᵀ pivots).</summary>
    private static int CountBelow(List<double> alpha, List<double> beta, int k, double x)
    {
        int count = 0;
        double d = 1;
        for (int i = 0; i < k; i++)
        {
            double b2 = i > 0 ? beta[i - 1] * beta[i - 1] : 0;
            d = alpha[i] - x - (i > 0 ? b2 / d : 0);
            if (d == 0) d = -1e-300;
            if (d < 0) count++;
        }
        return count;
    }

    /// <summary>The unit eigenvector of T_k for eigenvalue θ, by three steps of inverse iteration.</summary>
    private static double[] Eigenvector(List<double> alpha, List<double> beta, int k, double theta)
    {
        if (k == 1) return [1.0];
        var s = new double[k];
        Array.Fill(s, 1.0 / Math.Sqrt(k));
        double shift = theta + 1e-13 * Math.Max(1, Math.Abs(theta));
        for (int step = 0; step < 3; step++)
        {
            SolveTridiagonal(alpha, beta, k, shift, s);
            Scale(s, 1 / Norm(s));
        }
        return s;
    }

    /// <summary>Solves (T − σI)·x = rhs in place (Thomas algorithm with a guard against zero pivots).</summary>
    private static void SolveTridiagonal(List<double> alpha, List<double> beta, int k, double sigma, double[] rhs)
    {
        var c = new double[k];
        double pivot = alpha[0] - sigma;
        if (pivot == 0) pivot = 1e-300;
        c[0] = k > 1 ? beta[0] / pivot : 0;
        rhs[0] /= pivot;
        for (int i = 1; i < k; i++)
        {
            pivot = alpha[i] - sigma - beta[i - 1] * c[i - 1];
            if (pivot == 0) pivot = 1e-300;
            c[i] = i < k - 1 ? beta[i] / pivot : 0;
            rhs[i] = (rhs[i] - beta[i - 1] * rhs[i - 1]) / pivot;
        }
        for (int i = k - 2; i >= 0; i--) rhs[i] -= c[i] * rhs[i + 1];
    }

    private static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y) => TensorPrimitives.Dot(x, y);

    private static void AddScaled(double a, ReadOnlySpan<double> x, Span<double> y) => TensorPrimitives.MultiplyAdd(x, a, y, y);

    private static double Norm(ReadOnlySpan<double> x) => Math.Sqrt(Dot(x, x));

    private static void Scale(Span<double> x, double f)
    {
        for (int i = 0; i < x.Length; i++) x[i] *= f;
    }
}
