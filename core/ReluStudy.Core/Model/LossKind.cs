namespace ReluStudy.Core.Model;

/// <summary>Margin losses ℓ(z) of z = y·f(x), as in ZCZG-ML §3.2 and the long version's loss family.</summary>
public enum LossKind
{
    /// <summary>ℓ(z) = log(1 + e^{−z}).</summary>
    CrossEntropy,
    /// <summary>ℓ(z) = max(0, 1 − z)².</summary>
    SquareHinge,
    /// <summary>ℓ(z) = 1/2 − z (z &lt; 0), (1 − z)²/2 (0 ≤ z &lt; 1), 0 (z ≥ 1).</summary>
    SmoothedHinge,
    /// <summary>ℓ(z) = (1 − z)²/2, which equals (f − y)²/2 for y ∈ {±1}.</summary>
    Squared,
}
