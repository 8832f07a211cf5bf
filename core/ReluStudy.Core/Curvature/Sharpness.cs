using ReluStudy.Core.LinearAlgebra;
using ReluStudy.Core.Model;
using ReluStudy.Core.Numerics;

namespace ReluStudy.Core.Curvature;

/// <summary>
/// Sharpness at the network's current weights: the top two eigenvalues of ∇²L_S on the given rows and the top one of
/// its Gauss–Newton part (1/n)Jᵀdiag(ℓ″)J, by float64 Lanczos with full reorthogonalisation on the exact products of
/// <see cref="LossHessian"/>. Both run matrix-free in parameter space: the Gauss–Newton matrix shares its nonzero
/// spectrum with the n × n (1/n)diag(√ℓ″)Θ̂diag(√ℓ″) of the tangent kernel Θ̂, which is never formed. The buffers and
/// the Krylov basis (8·P bytes a step, at most <see cref="MaxSteps"/> steps) and the two start vectors are kept from one
/// measurement to the next.
/// </summary>
public sealed class Sharpness
{
    /// <summary>
    /// Krylov dimension limit. The top eigenvalue, an outlier above the bulk, converges in about 8 steps; the second,
    /// at the bulk's edge, in about 30 (n = 500, P = 0.9 M). 40 bounds the basis at 40·P doubles (290 MB at P = 0.9 M)
    /// and a measurement at 40 + 40 products.
    /// </summary>
    public const int DefaultMaxSteps = 40;

    /// <summary>
    /// Stop once the top Ritz pair's residual is below this fraction of the spectrum's scale s = max|θ|. The value's error
    /// is at most the residual and, across a gap, of order residual²/gap, so the float32 products' own error (≈ 1e-7 of
    /// the eigenvalue, measured) is the only one left against the 1e-4 requirement. The Gauss–Newton run uses it too.
    /// </summary>
    public const double DefaultTolerance = 1e-6;

    /// <summary>
    /// The second Ritz pair's residual bound, as a fraction of s. Bulk-edge eigenvalues converge slowly (1e-6 would take
    /// the whole step budget); at 1e-3 the bound is 1e-3·s and the actual error, residual²/gap, is far smaller. It is
    /// reported, not judged, and 1e-4 cost a CIFAR-10 measurement (L = 3, m = 256, n = 500) 12 Hessian products against 10.
    /// </summary>
    public const double DefaultSecondTolerance = 1e-3;

    /// <summary>The seed of every measurement's start vectors (the Hessian run's; the Gauss–Newton run's is the next).</summary>
    public const ulong DefaultSeed = 0x5AA9;

    private readonly LanczosWorkspace _lanczos;
    private readonly Action<double[], double[]> _hessian, _gaussNewton;
    // Each run's start vector, drawn once per seed: every measurement of a run starts from the same two (2·P doubles kept).
    private (ulong Seed, double[] Vector)? _hessianStart, _gaussNewtonStart;

    /// <param name="rows">the rows the Hessian is of the mean loss over (n × d); see <see cref="LossHessian"/>.</param>
    public Sharpness(DeepReluNet net, IMatrixKernels kernels, float[] rows, float[] labels, int n, LossKind loss,
        int maxSteps = DefaultMaxSteps, double relativeTolerance = DefaultTolerance, double secondTolerance = DefaultSecondTolerance)
    {
        if (!(relativeTolerance > 0)) throw new ArgumentOutOfRangeException(nameof(relativeTolerance), relativeTolerance, "the tolerance must be > 0");
        if (!(secondTolerance > 0)) throw new ArgumentOutOfRangeException(nameof(secondTolerance), secondTolerance, "the tolerance must be > 0");
        Hessian = new LossHessian(net, kernels, rows, labels, n, loss);
        _lanczos = new LanczosWorkspace((int)Hessian.Dimension, maxSteps, kernels.ForEachWorker);
        (RelativeTolerance, SecondTolerance) = (relativeTolerance, secondTolerance);
        _hessian = (v, hv) => Hessian.Multiply(v, hv);
        _gaussNewton = (v, gv) => Hessian.MultiplyGaussNewton(v, gv);
    }

    /// <summary>The products Lanczos runs on (prepared at the weights of the last <see cref="Measure"/>).</summary>
    public LossHessian Hessian { get; }

    /// <summary>The Krylov dimension limit actually used (at most P).</summary>
    public int MaxSteps => _lanczos.MaxSteps;

    public double RelativeTolerance { get; }

    public double SecondTolerance { get; }

    /// <summary>Takes the network at its current weights and measures; <paramref name="seed"/> fixes the start vectors.</summary>
    public SharpnessMeasure Measure(ulong seed = DefaultSeed)
    {
        Hessian.Prepare();
        LanczosWorkspace.Ritz top = HessianTop(seed);
        LanczosWorkspace.Ritz gaussNewton = GaussNewtonTop(seed);
        // A network has P ≥ 2 weights, so Lanczos always yields a second value; NaN would mark an order-1 operator.
        double second = top.Values.Length > 1 ? top.Values[1] : double.NaN;
        double secondResidual = top.Residuals.Length > 1 ? top.Residuals[1] : double.NaN;
        return new SharpnessMeasure(top.Values[0], second, gaussNewton.Values[0], top.Residuals[0], secondResidual,
            gaussNewton.Residuals[0], top.Steps + gaussNewton.Steps);
    }

    /// <summary>
    /// The Gauss–Newton part's top eigenvalue alone at the network's current weights (its value, residual bound and
    /// products): the run <see cref="Measure"/> makes, from the same start, so the two agree to the bit.
    /// </summary>
    public (double Value, double Residual, int Steps) MeasureGaussNewton(ulong seed = DefaultSeed)
    {
        Hessian.Prepare();
        LanczosWorkspace.Ritz top = GaussNewtonTop(seed);
        return (top.Values[0], top.Residuals[0], top.Steps);
    }

    /// <summary>
    /// The Hessian's top eigenvalue alone, S at the network's current weights (its value, residual bound and products): the
    /// Lanczos run <see cref="Measure"/> makes for it, from the same start and to the same tolerances, so the two agree to the bit.
    /// </summary>
    public (double Value, double Residual, int Steps) MeasureTop(ulong seed = DefaultSeed)
    {
        Hessian.Prepare();
        LanczosWorkspace.Ritz top = HessianTop(seed);
        return (top.Values[0], top.Residuals[0], top.Steps);
    }

    // The top two, the second to its own tolerance: the same run for sharpness.csv's rows and a step's S(W(0)).
    private LanczosWorkspace.Ritz HessianTop(ulong seed) =>
        _lanczos.Top(_hessian, count: 2, RelativeTolerance, Start(ref _hessianStart, seed), SecondTolerance);

    private LanczosWorkspace.Ritz GaussNewtonTop(ulong seed) =>
        _lanczos.Top(_gaussNewton, count: 1, RelativeTolerance, Start(ref _gaussNewtonStart, seed + 1));

    private double[] Start(ref (ulong Seed, double[] Vector)? kept, ulong seed)
    {
        if (kept is not { } start || start.Seed != seed) kept = start = (seed, LanczosWorkspace.StartVector(_lanczos.Order, seed));
        return start.Vector;
    }
}
