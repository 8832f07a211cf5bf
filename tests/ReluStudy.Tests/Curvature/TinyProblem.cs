using ReluStudy.Core.Model;
using ReluStudy.Core.Numerics;
using ReluStudy.Tests.Theory;

namespace ReluStudy.Tests.Curvature;

/// <summary>
/// A three-layer network small enough for dense float64 matrices (d = 5, widths 6, 5, 4, n = 7, P = 80) at a point
/// away from every kink, with the readout layer scaled so the margins straddle ±1 and labels chosen so they also
/// straddle 0: every branch of the piecewise losses is in use. The dense Hessian is built by central differences of
/// <see cref="Float64Network"/>'s analytic float64 gradient, the Gauss–Newton matrix from its analytic Jacobian.
/// </summary>
internal sealed class TinyProblem
{
    public const int N = 7, D = 5;
    public static readonly int[] Widths = [6, 5, 4];

    // Central-difference step on a weight: truncation ≈ Step²·|∂³L| ≈ 1e-10, rounding ≈ 1e-16/Step ≈ 1e-11, both far
    // below the 1e-6 error of the float32 products under test.
    public const double Step = 1e-5;

    // A step moves a pre-activation or a margin by at most Step·(largest |x| or |W| path) ≈ 1e-4, so a point whose every
    // |h| and every distance of a margin from a loss breakpoint exceeds 1e-2 sees no kink within ±Step (the
    // differences also check that the masks at ±Step agree).
    public const double KinkClearance = 1e-2;

    private TinyProblem(DeepReluNet net, float[] x, float[] y, LossKind loss)
    {
        (Net, X, Y, Loss) = (net, x, y, loss);
        Reference = new Float64Network(net);
        Margins = Reference.Outputs(x, N).Select((f, i) => y[i] * f).ToArray();
        P = Widths.Select((m, l) => (l == 0 ? D : Widths[l - 1]) * m).Sum();
    }

    public DeepReluNet Net { get; }
    public float[] X { get; }
    public float[] Y { get; }
    public LossKind Loss { get; }
    public Float64Network Reference { get; }
    public double[] Margins { get; }
    public int P { get; }

    public static TinyProblem Create(LossKind loss, ulong seed = 2)
    {
        var rng = new Rng(seed);
        float[] x = Enumerable.Range(0, N * D).Select(_ => (float)rng.NextNormal()).ToArray();
        DeepReluNet net = DeepReluNet.Initialize(D, Widths, seed);
        // Scaling W_L by c > 0 scales X_L and f by c and keeps every mask (ReLU is positively homogeneous). c puts 1
        // between the 4th and 5th smallest |f|: four margins below 1 in size, three above.
        double[] f = new Float64Network(net).Outputs(x, N);
        int[] order = Enumerable.Range(0, N).OrderBy(i => Math.Abs(f[i])).ToArray();
        float c = (float)(1.0 / Math.Sqrt(Math.Abs(f[order[3]] * f[order[4]])));
        for (int t = 0; t < net.Weights[^1].Length; t++) net.Weights[^1][t] *= c;
        f = new Float64Network(net).Outputs(x, N);
        // Within each group the signs of y_i f_i alternate, + first: margins in (−1, 0), (0, 1), (−∞, −1) and (1, ∞).
        var y = new float[N];
        for (int rank = 0; rank < N; rank++)
        {
            int i = order[rank], within = rank < 4 ? rank : rank - 4;
            y[i] = (float)(Math.Sign(f[i]) * (within % 2 == 0 ? 1 : -1));
        }
        return new TinyProblem(net, x, y, loss);
    }

    /// <summary>The smallest |h| over every unit and row.</summary>
    public double SmallestPreactivation() => new Float64Hessian(Net, X, Y, N, Loss).SmallestPreactivation();

    /// <summary>The smallest distance of a margin from a breakpoint of ℓ′ (none for cross-entropy and squared).</summary>
    public double SmallestBreakpointDistance() => Loss switch
    {
        LossKind.SquareHinge => Margins.Min(z => Math.Abs(z - 1)),
        LossKind.SmoothedHinge => Margins.Min(z => Math.Min(Math.Abs(z), Math.Abs(z - 1))),
        _ => double.PositiveInfinity,
    };

    /// <summary>∇L_S in float64 at the reference's current weights, and the rows' masks as a string.</summary>
    public (double[] Gradient, string Masks) Gradient()
    {
        var gradient = new double[P];
        var masks = new System.Text.StringBuilder();
        for (int i = 0; i < N; i++)
        {
            ReadOnlySpan<float> row = X.AsSpan(i * D, D);
            (double f, double[][] layers) = Reference.Forward(row);
            foreach (double[] layer in layers.Skip(1)) masks.Append(layer.Select(a => a > 0 ? '1' : '0').ToArray());
            double coefficient = MarginLoss.Derivative(Loss, Y[i] * f) * Y[i] / N;
            double[][] g = Reference.Gradient(row);
            int offset = 0;
            foreach (double[] block in g)
            {
                for (int t = 0; t < block.Length; t++) gradient[offset + t] += coefficient * block[t];
                offset += block.Length;
            }
        }
        return (gradient, masks.ToString());
    }

    /// <summary>(∇L(W + hu) − ∇L(W − hu))/2h, asserting that the masks are those at W on both sides.</summary>
    public double[] GradientDifference(double[] u)
    {
        string masks = Gradient().Masks;
        double[][] saved = Reference.W.Select(w => (double[])w.Clone()).ToArray();
        Move(u, Step);
        (double[] plus, string masksPlus) = Gradient();
        Restore(saved);
        Move(u, -Step);
        (double[] minus, string masksMinus) = Gradient();
        Restore(saved);
        Assert.Equal(masks, masksPlus);
        Assert.Equal(masks, masksMinus);
        return plus.Select((a, t) => (a - minus[t]) / (2 * Step)).ToArray();
    }

    /// <summary>The dense Hessian, column by column from central differences, then symmetrised.</summary>
    public double[] DenseHessian()
    {
        var h = new double[P * P];
        var e = new double[P];
        for (int p = 0; p < P; p++)
        {
            e[p] = 1;
            double[] column = GradientDifference(e);
            e[p] = 0;
            for (int q = 0; q < P; q++) h[q * P + p] = column[q];
        }
        for (int p = 0; p < P; p++)
            for (int q = p + 1; q < P; q++) h[p * P + q] = h[q * P + p] = 0.5 * (h[p * P + q] + h[q * P + p]);
        return h;
    }

    /// <summary>(1/n)Jᵀdiag(ℓ″)J from the analytic float64 Jacobian rows ∂f_i/∂W.</summary>
    public double[] DenseGaussNewton()
    {
        var g = new double[P * P];
        for (int i = 0; i < N; i++)
        {
            double[] j = Reference.Gradient(X.AsSpan(i * D, D)).SelectMany(b => b).ToArray();
            double weight = MarginLoss.SecondDerivative(Loss, Margins[i]) / N;
            for (int p = 0; p < P; p++)
                for (int q = 0; q < P; q++) g[p * P + q] += weight * j[p] * j[q];
        }
        return g;
    }

    private void Restore(double[][] saved)
    {
        for (int l = 0; l < saved.Length; l++) saved[l].CopyTo(Reference.W[l], 0);
    }

    private void Move(double[] u, double amount)
    {
        int offset = 0;
        foreach (double[] w in Reference.W)
        {
            for (int t = 0; t < w.Length; t++) w[t] += amount * u[offset + t];
            offset += w.Length;
        }
    }

    public static double[] Times(double[] a, double[] v)
    {
        int p = v.Length;
        return Enumerable.Range(0, p).Select(r => Enumerable.Range(0, p).Sum(c => a[r * p + c] * v[c])).ToArray();
    }

    public static double[] RandomVector(int p, ulong seed)
    {
        var rng = new Rng(seed);
        return Enumerable.Range(0, p).Select(_ => rng.NextNormal()).ToArray();
    }

    public static double RelativeError(double[] actual, double[] expected)
    {
        double error = 0, scale = 0;
        for (int t = 0; t < expected.Length; t++)
        {
            error += (actual[t] - expected[t]) * (actual[t] - expected[t]);
            scale += expected[t] * expected[t];
        }
        return Math.Sqrt(error / scale);
    }
}
