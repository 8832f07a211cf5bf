namespace ReluStudy.Core.Model;

/// <summary>Value ℓ(z), derivative ℓ′(z) and second derivative ℓ″(z) of each margin loss, in float64 and stable for any finite z.</summary>
public static class MarginLoss
{
    public static double Value(LossKind kind, double z) => kind switch
    {
        // log(1+e^{−z}) = max(−z, 0) + log1p(e^{−|z|}): never overflows, and keeps its relative accuracy for large margins.
        LossKind.CrossEntropy => Math.Max(-z, 0.0) + Log1P(Math.Exp(-Math.Abs(z))),
        LossKind.SquareHinge => z >= 1.0 ? 0.0 : (1.0 - z) * (1.0 - z),
        LossKind.SmoothedHinge => z < 0.0 ? 0.5 - z : z < 1.0 ? 0.5 * (1.0 - z) * (1.0 - z) : 0.0,
        LossKind.Squared => 0.5 * (1.0 - z) * (1.0 - z),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown loss"),
    };

    public static double Derivative(LossKind kind, double z) => kind switch
    {
        // ℓ′(z) = −1/(1+e^{z}); written with e^{−|z|} so neither branch overflows.
        LossKind.CrossEntropy => z >= 0.0 ? -Math.Exp(-z) / (1.0 + Math.Exp(-z)) : -1.0 / (1.0 + Math.Exp(z)),
        LossKind.SquareHinge => z >= 1.0 ? 0.0 : -2.0 * (1.0 - z),
        LossKind.SmoothedHinge => z < 0.0 ? -1.0 : z < 1.0 ? -(1.0 - z) : 0.0,
        LossKind.Squared => z - 1.0,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown loss"),
    };

    /// <summary>
    /// ℓ″(z), the curvature the loss Hessian's Gauss–Newton part weighs each example by. Cross-entropy:
    /// σ(z)σ(−z) = e^{−|z|}/(1 + e^{−|z|})², even in z and never overflowing. The piecewise losses take the
    /// side their value and ℓ′ take at a breakpoint: square hinge 2 below z = 1, else 0; smoothed hinge 1 on
    /// [0, 1), else 0; squared 1.
    /// </summary>
    public static double SecondDerivative(LossKind kind, double z)
    {
        switch (kind)
        {
            case LossKind.CrossEntropy:
                double e = Math.Exp(-Math.Abs(z));
                return e / ((1.0 + e) * (1.0 + e));
            case LossKind.SquareHinge: return z >= 1.0 ? 0.0 : 2.0;
            case LossKind.SmoothedHinge: return z >= 0.0 && z < 1.0 ? 1.0 : 0.0;
            case LossKind.Squared: return 1.0;
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown loss");
        }
    }

    /// <summary>
    /// log(1 + t) to full relative accuracy for small t: with u = 1 + t rounded, log(u)·t/(u − 1) cancels the rounding
    /// of u (Goldberg, "What every computer scientist should know about floating-point arithmetic", 1991).
    /// </summary>
    public static double Log1P(double t)
    {
        double u = 1.0 + t;
        return u == 1.0 ? t : Math.Log(u) * t / (u - 1.0);
    }

    /// <summary>
    /// max ℓ″(z) over z, which bounds the step at which function-space GD stays stable: 1/4 for cross-entropy
    /// (ℓ″ = σ(z)σ(−z)), 1 for the squared and the smoothed-hinge losses, 2 for the square hinge (its active side).
    /// </summary>
    public static double MaxCurvature(LossKind kind) => kind switch
    {
        LossKind.CrossEntropy => 0.25,
        LossKind.SquareHinge => 2,
        LossKind.SmoothedHinge or LossKind.Squared => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown loss"),
    };

    /// <summary>The CLI's names for the losses.</summary>
    public static string Name(LossKind kind) => kind switch
    {
        LossKind.CrossEntropy => "ce",
        LossKind.SquareHinge => "square-hinge",
        LossKind.SmoothedHinge => "smoothed-hinge",
        LossKind.Squared => "squared",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown loss"),
    };
}
