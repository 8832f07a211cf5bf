namespace ReluStudy.Core.Theory.Bounds;

/// <summary>The problem parameters the theorems are stated in.</summary>
/// <param name="N">n, training examples.</param>
/// <param name="L">L, hidden layers.</param>
/// <param name="Phi">φ of ZCZG's Assumption 4.2.</param>
/// <param name="Lambda0">λ0 = λ_min(H∞) of DZPS (also used, labelled so, where a paper's own Gram matrix cannot be computed).</param>
/// <param name="Delta">δ, the failure probability.</param>
/// <param name="Epsilon">ε, the target training loss.</param>
public sealed record BoundInputs(double N, double L, double Phi, double Lambda0, double Delta, double Epsilon)
{
    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (!(N >= 1)) p.Add($"n: must be >= 1; got {N}");
        if (!(L >= 1)) p.Add($"L: must be >= 1; got {L}");
        if (!(Phi > 0)) p.Add($"phi: must be > 0 (phi = 0 means Assumption 4.2 fails and no bound applies); got {Phi}");
        if (!(Lambda0 > 0)) p.Add($"lambda0: must be > 0 (DZPS's Assumption 3.1); got {Lambda0}");
        if (!(Delta > 0 && Delta < 1)) p.Add($"delta: must be in (0, 1); got {Delta}");
        if (!(Epsilon > 0)) p.Add($"epsilon: must be > 0; got {Epsilon}");
        return p;
    }
}

/// <summary>How sure the sources are of a formula (the status tags of docs/theory.md).</summary>
public enum Confidence
{
    /// <summary>Stated in ZCZG-ML's text.</summary>
    Paper,
    /// <summary>Read in a public copy of the paper's own text.</summary>
    Published,
    /// <summary>Stated by a secondary source only.</summary>
    Secondary,
    /// <summary>Algebra on confirmed statements.</summary>
    Derived,
    /// <summary>Recalled or plausible, not found in a readable text.</summary>
    Unconfirmed,
}

/// <summary>
/// One required quantity as an order of magnitude: log10 of the formula with every constant and log factor
/// set to 1. <see cref="Log10"/> is null where no formula with known exponents exists.
/// </summary>
public sealed record OrderOfMagnitude(double? Log10, string Formula, Confidence Confidence, string? Note = null);

/// <summary>What one paper's theorem requires: width m, iterations K, step η and, where defined, a perturbation radius.</summary>
public sealed record PaperBounds(string Key, string Citation, string Setting,
    OrderOfMagnitude Width, OrderOfMagnitude Iterations, OrderOfMagnitude StepSize, OrderOfMagnitude? Radius);

/// <summary>
/// The bounds of docs/theory.md, section 3, for given (n, L, φ, λ0, δ, ε). Only exponents are testable, never
/// constants, so each value is an order of magnitude with constants and log factors set to 1.
/// </summary>
public static class TheoremBounds
{
    public static IReadOnlyList<PaperBounds> For(BoundInputs x)
    {
        IReadOnlyList<string> problems = x.Problems();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(x));
        double n = Math.Log10(x.N), l = Math.Log10(x.L), phi = Math.Log10(x.Phi), lambda = Math.Log10(x.Lambda0);
        double delta = Math.Log10(x.Delta), eps = Math.Log10(x.Epsilon);

        double zczgWidth = LogSum(14 * n + 16 * l - 4 * phi, 12 * n + 16 * l - 4 * phi - eps);
        double azlsWidth = 24 * n + 12 * l - 8 * phi;
        return
        [
            new("ZCZG-ML", "Zou, Cao, Zhou & Gu, Machine Learning 2020, Theorem 4.4", "L-layer ReLU, GD, cross-entropy",
                new(zczgWidth, "n^14 L^16 phi^-4 + n^12 L^16 phi^-4 eps^-1", Confidence.Paper),
                new(LogSum(5 * n + 3 * l - phi, 3 * n + 3 * l - phi - eps), "n^5 L^3 / phi + n^3 L^3 / (eps phi)", Confidence.Paper),
                new(-(zczgWidth + 3 * l), "1 / (M L^3), M = the required width", Confidence.Paper),
                new(-4.5 * n - 8 * l + 1.5 * phi, "tau = n^-9/2 L^-8 phi^3/2 (spectral, per layer)", Confidence.Paper)),
            new("ZCZG-arX", "Zou, Cao, Zhou & Gu, arXiv 1811.08888 (SGD version)", "L-layer ReLU, GD and SGD, CE / square hinge / smoothed hinge",
                new(null, "unknown", Confidence.Unconfirmed, "no width exponent in any readable text (docs/theory.md, section 3)"),
                new(4 * n + 3 * l - phi, "n^4 L^3 phi^-1 log(1/eps) for the hinge losses' linear phase", Confidence.Derived,
                    "derived from the ZCZG-ML template, assuming its lemmas carry over; SGD batch dependence unconfirmed"),
                new(null, "unknown", Confidence.Unconfirmed, "not stated in a readable text"),
                null),
            new("AZLS", "Allen-Zhu, Li & Song, ICML 2019", "L-layer ReLU, all pairs delta-separated",
                new(azlsWidth, "n^24 L^12 phi^-8", Confidence.Paper),
                new(6 * n + 2 * l - 2 * phi, "n^6 L^2 phi^-2", Confidence.Paper),
                new(-azlsWidth, "proportional to 1/m", Confidence.Unconfirmed, "exact form unconfirmed"),
                null),
            new("DLLWZ", "Du, Lee, Li, Wang & Zhai, ICML 2019 (Du et al. 2018a)", "deep FC with smooth activation, square loss",
                new(x.L * Math.Log10(2) + 4 * n - 4 * lambda, "2^L n^4 lambda0^-4", Confidence.Paper,
                    "2^O(L) with its constant set to 1; their lambda0 is a deep Gram matrix's, H-infinity's lambda0 stands in"),
                new(null, "linear rate, log(1/eps)", Confidence.Unconfirmed, "exact form unconfirmed"),
                new(null, "unknown", Confidence.Unconfirmed, "recalled as lambda0 / (n^2 2^O(L)), unconfirmed"),
                null),
            new("DZPS", "Du, Zhai, Poczos & Singh, ICLR 2019 (Du et al. 2018b)", "two-layer ReLU, 1/sqrt(m) output, square loss, train W",
                new(6 * n - 4 * lambda - 3 * delta, "n^6 lambda0^-4 delta^-3", Confidence.Published),
                new(2 * n - 2 * lambda, "n^2 lambda0^-2 log(n / (delta eps))", Confidence.Derived),
                new(lambda - 2 * n, "lambda0 / n^2", Confidence.Published),
                new(delta + lambda - 2 * n, "R = delta lambda0 / n^2 (per neuron, Lemma 3.2)", Confidence.Published)),
            new("ZG", "Zou & Gu, NeurIPS 2019", "deep FC ReLU, square loss, separated data",
                new(8 * n + 12 * l, "n^8 L^12 (phi factor unconfirmed)", Confidence.Secondary),
                new(2 * n + 2 * l - phi, "n^2 L^2 log(1/eps) / phi", Confidence.Unconfirmed),
                new(null, "unknown", Confidence.Unconfirmed),
                null),
            new("CCZG", "Chen, Cao, Zou & Gu, ICLR 2021", "deep ReLU, logistic loss, NTK margin assumption",
                new(null, "polylog(n, 1/eps) poly(L)", Confidence.Secondary, "poly(L) exponent unconfirmed: no order to evaluate"),
                new(null, "unknown (best-iterate guarantee)", Confidence.Unconfirmed),
                new(null, "unknown", Confidence.Unconfirmed),
                null),
        ];
    }

    /// <summary>log10(10^a + 10^b) without overflow.</summary>
    private static double LogSum(double a, double b) => Math.Max(a, b) + Math.Log10(1 + Math.Pow(10, -Math.Abs(a - b)));
}
