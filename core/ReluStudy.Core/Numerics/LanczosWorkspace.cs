using System.Numerics.Tensors;

namespace ReluStudy.Core.Numerics;

/// <summary>
/// The few largest eigenvalues of a large symmetric operator (given only y = A·x) by Lanczos in float64 with full
/// reorthogonalisation, its Krylov basis allocated once and kept for the next run: 8·order bytes a step, grown up to
/// the step limit. Each step takes the three-term recurrence (w = Aq_k − α_kq_k − β_{k−1}q_{k−1}), then one classical
/// Gram–Schmidt pass against the whole basis, and a second only when the first removed more than 1 − 1/√2 of w's norm
/// (Daniel, Gragg, Kaufman and Stewart 1976), so a step reads the basis about twice, not four times: at a large order
/// that reading, not the operator, can dominate. The passes run in cache-sized chunks split over the workers, their sums
/// in a fixed number of slices added in slice order, so the results do not depend on the number of workers. T_k's eigenpairs come from <see cref="SymmetricEigen"/>,
/// so close Ritz values keep exact residuals: for a Ritz pair (θ, y), ‖Ay − θy‖ = β_k·|last entry of T's eigenvector|,
/// some eigenvalue of A lies within that of θ, and Ritz values lie inside the spectrum (θ_1 ≤ λ_max).
/// A single start vector sees one copy of a repeated eigenvalue: the second Ritz value is then the next distinct one.
/// </summary>
public sealed class LanczosWorkspace
{
    // Chunk of the vectors each worker walks through the whole basis for (16 KiB of w stays in L1).
    private const int Chunk = 2048;
    // The vectors' fixed partition for the passes' sums: each slice's partial sums are added in slice order, whichever worker
    // took it, so a run's bits are the same on any number of threads (the training's promise). 64 keeps two to a few dozen
    // workers busy; a slice is empty when the order has fewer chunks.
    private const int Slices = 64;
    // DGKS: reorthogonalise again when a pass leaves less than this fraction of w's norm.
    private static readonly double Kept = 1 / Math.Sqrt(2);
    private readonly List<double[]> _basis = [];
    private readonly Action<Action<int, int>> _workers;
    private readonly double[][] _partials;
    private readonly double[] _squares;
    private readonly double[] _coefficients;
    private readonly double[] _w;
    private readonly Action<int, int> _dots, _update;
    private int _active;

    /// <param name="order">n, the operator's order.</param>
    /// <param name="maxSteps">the Krylov dimension limit (capped at n).</param>
    /// <param name="workers">runs body(worker, workers) once on each worker (e.g. the training kernels' own); serial by default.</param>
    public LanczosWorkspace(int order, int maxSteps, Action<Action<int, int>>? workers = null)
    {
        if (order < 1) throw new ArgumentOutOfRangeException(nameof(order), order, "order must be >= 1");
        if (maxSteps < 1) throw new ArgumentOutOfRangeException(nameof(maxSteps), maxSteps, "maxSteps must be >= 1");
        Order = order;
        MaxSteps = Math.Min(order, maxSteps);
        _workers = workers ?? (body => body(0, 1));
        _partials = Enumerable.Range(0, Slices).Select(_ => new double[MaxSteps]).ToArray();
        _squares = new double[Slices];
        _coefficients = new double[MaxSteps];
        _w = new double[order];
        _dots = Dots;
        _update = Update;
    }

    public int Order { get; }

    /// <summary>The Krylov dimension limit, at most <see cref="Order"/>.</summary>
    public int MaxSteps { get; }

    /// <summary>Steps whose reorthogonalisation took a second pass, over this workspace's life.</summary>
    public int SecondPasses { get; private set; }

    /// <summary>The largest Ritz values, descending, their residual bounds, and the steps (products with A) taken.</summary>
    public readonly record struct Ritz(double[] Values, double[] Residuals, int Steps);

    /// <summary>
    /// The <paramref name="count"/> largest eigenvalues of A from a seeded random start. Stops at the first step where
    /// the largest Ritz value's residual is at most <paramref name="relativeTolerance"/>·s and each of the others' at most
    /// <paramref name="othersTolerance"/>·s (s = max|θ| over all Ritz values, a lower bound on ‖A‖); when the Krylov space
    /// closes (β_k ≤ 1e-14·s: an invariant subspace, every Ritz value exact); or at <see cref="MaxSteps"/>. If the space
    /// closes with fewer than <paramref name="count"/> Ritz values (A = cI on it, e.g. A = 0) the missing ones repeat the
    /// lowest found.
    /// </summary>
    /// <param name="multiply">writes A·x into y; x is a basis vector and must not be changed.</param>
    /// <param name="othersTolerance">for the second and later values; <paramref name="relativeTolerance"/> when not given.</param>
    public Ritz Top(Action<double[], double[]> multiply, int count, double relativeTolerance, ulong seed, double? othersTolerance = null) =>
        Top(multiply, count, relativeTolerance, StartVector(Order, seed), othersTolerance);

    /// <summary>The seeded random start of <see cref="Top(Action{double[], double[]}, int, double, ulong, double?)"/>: standard
    /// normals from the seed's power-iteration stream. A caller that starts often from one seed keeps it: at P ≈ 10⁶ drawing
    /// it takes about a tenth of a top-two run.</summary>
    public static double[] StartVector(int order, ulong seed)
    {
        var rng = new Rng(seed, Rng.Streams.PowerIteration);
        var start = new double[order];
        for (int i = 0; i < start.Length; i++) start[i] = rng.NextNormal();
        return start;
    }

    /// <summary>As <see cref="Top(Action{double[], double[]}, int, double, ulong, double?)"/>, from <paramref name="start"/>
    /// (any nonzero vector of the order, normalised here; unchanged).</summary>
    public Ritz Top(Action<double[], double[]> multiply, int count, double relativeTolerance, ReadOnlySpan<double> start, double? othersTolerance = null)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "count must be >= 1");
        if (start.Length != Order) throw new ArgumentException($"start.Length ({start.Length}) != order ({Order})", nameof(start));
        double others = othersTolerance ?? relativeTolerance;
        double[] q = Vector(0);
        start.CopyTo(q);
        Scale(q, 1 / Norm(q));

        var alpha = new List<double>(MaxSteps);
        var beta = new List<double>(MaxSteps);
        double[] w = _w;
        for (int k = 0; ; k++)
        {
            multiply(_basis[k], w);
            // The three-term recurrence, then the full passes against q_1..q_{k+1}; their q_kᵀw corrections join α_k.
            double a = TensorPrimitives.Dot(_basis[k], w);
            TensorPrimitives.MultiplyAdd(_basis[k], -a, w, w);
            if (k > 0) TensorPrimitives.MultiplyAdd(_basis[k - 1], -beta[k - 1], w, w);
            _active = k + 1;
            double norm = Norm(w);
            for (int pass = 0; pass < 2; pass++)
            {
                (double correction, double after) = Orthogonalize();
                a += correction;
                bool enough = after >= Kept * norm;
                norm = after;
                if (enough) break;
                if (pass == 0) SecondPasses++;
            }
            alpha.Add(a);
            double b = norm;
            int steps = k + 1;
            (Ritz result, double lowest) = Pairs(alpha, beta, b, count);
            double scale = Math.Max(Math.Abs(result.Values[0]), Math.Abs(lowest));
            bool closed = b <= 1e-14 * scale || b == 0;
            bool converged = result.Values.Length >= Math.Min(count, Order)
                && result.Residuals.Select((r, j) => r <= (j == 0 ? relativeTolerance : others) * scale).All(ok => ok);
            if (closed || converged || steps == MaxSteps)
                return closed && result.Values.Length < count ? Fill(result, count, Order) : result;
            beta.Add(b);
            double[] next = Vector(k + 1);
            TensorPrimitives.Multiply(w, 1 / b, next);
        }
    }

    /// <summary>Basis vector k, allocated on first use and kept.</summary>
    private double[] Vector(int k)
    {
        while (_basis.Count <= k) _basis.Add(new double[Order]);
        return _basis[k];
    }

    /// <summary>One classical Gram–Schmidt pass of w against the active basis q_1..q_k: w −= Q(Qᵀw). Returns q_kᵀw and the new ‖w‖.</summary>
    private (double Correction, double Norm) Orthogonalize()
    {
        int k = _active;
        _workers(_dots);
        Array.Clear(_coefficients, 0, k);
        foreach (double[] partial in _partials)
            for (int j = 0; j < k; j++) _coefficients[j] += partial[j];
        _workers(_update);
        return (_coefficients[k - 1], Math.Sqrt(_squares.Sum()));
    }

    /// <summary>A worker's share of Qᵀw: the partial sums of its slices.</summary>
    private void Dots(int worker, int workers)
    {
        int k = _active;
        for (int slice = worker; slice < Slices; slice += workers)
        {
            (int start, int end) = Range(slice);
            double[] partial = _partials[slice];
            Array.Clear(partial, 0, k);
            for (int c = start; c < end; c += Chunk)
            {
                int length = Math.Min(Chunk, end - c);
                ReadOnlySpan<double> piece = _w.AsSpan(c, length);
                for (int j = 0; j < k; j++) partial[j] += TensorPrimitives.Dot(_basis[j].AsSpan(c, length), piece);
            }
        }
    }

    /// <summary>A worker's share of w −= Q·c, and of the new ‖w‖² (per slice).</summary>
    private void Update(int worker, int workers)
    {
        int k = _active;
        for (int slice = worker; slice < Slices; slice += workers)
        {
            (int start, int end) = Range(slice);
            double squares = 0;
            for (int c = start; c < end; c += Chunk)
            {
                int length = Math.Min(Chunk, end - c);
                Span<double> piece = _w.AsSpan(c, length);
                for (int j = 0; j < k; j++) TensorPrimitives.MultiplyAdd(_basis[j].AsSpan(c, length), -_coefficients[j], piece, piece);
                squares += TensorPrimitives.Dot(piece, piece);
            }
            _squares[slice] = squares;
        }
    }

    /// <summary>The chunk-aligned share of [0, order) of one slice.</summary>
    private (int Start, int End) Range(int slice)
    {
        long chunks = (Order + Chunk - 1) / Chunk;
        int start = (int)Math.Min(Order, chunks * slice / Slices * Chunk);
        int end = (int)Math.Min(Order, chunks * (slice + 1) / Slices * Chunk);
        return (start, end);
    }

    /// <summary>The top eigenpairs of T_k (diagonal α, off-diagonal β), their residual bounds β_k·|s_k|, and T_k's lowest eigenvalue.</summary>
    private static (Ritz Top, double Lowest) Pairs(List<double> alpha, List<double> beta, double nextBeta, int count)
    {
        int k = alpha.Count;
        var t = new double[k * k];
        for (int i = 0; i < k; i++)
        {
            t[i * k + i] = alpha[i];
            if (i + 1 < k) t[i * k + i + 1] = t[(i + 1) * k + i] = beta[i];
        }
        var eigen = new SymmetricEigen(t, k);
        int found = Math.Min(count, k);
        var values = new double[found];
        var residuals = new double[found];
        for (int r = 0; r < found; r++)
        {
            int j = k - 1 - r;
            values[r] = eigen.Values[j];
            residuals[r] = nextBeta * Math.Abs(eigen.Vectors[j * k + k - 1]);
        }
        return (new Ritz(values, residuals, k), eigen.Values[0]);
    }

    private static Ritz Fill(Ritz result, int count, int order)
    {
        int length = Math.Min(count, order);
        double[] values = new double[length], residuals = new double[length];
        for (int r = 0; r < length; r++)
        {
            int from = Math.Min(r, result.Values.Length - 1);
            (values[r], residuals[r]) = (result.Values[from], result.Residuals[from]);
        }
        return new Ritz(values, residuals, result.Steps);
    }

    private static double Norm(ReadOnlySpan<double> x) => Math.Sqrt(TensorPrimitives.Dot(x, x));

    private static void Scale(Span<double> x, double f) => TensorPrimitives.Multiply(x, f, x);
}
