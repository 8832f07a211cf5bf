using ReluStudy.Core.Theory;
using ReluStudy.Core.Theory.Bounds;

namespace ReluStudy.Tests.Theory;

/// <summary>Each bound against values worked out by hand for n = 1000, L = 15, φ = 0.3, λ0 = 0.05, δ = 0.1, ε = 0.01.</summary>
public class TheoremBoundsTests
{
    private static readonly IReadOnlyDictionary<string, PaperBounds> Table =
        TheoremBounds.For(new BoundInputs(1000, 15, 0.3, 0.05, 0.1, 0.01)).ToDictionary(p => p.Key);

    // log10 15 = 1.176091, log10 0.3 = −0.522879, log10 0.05 = −1.301030, log10 2 = 0.301030.
    [Theory]
    // ZCZG-ML: 10^(42 + 18.81746 + 2.09151) + 10^(36 + 18.81746 + 2.09151 + 2) = 10^62.90897 + 10^58.90897.
    [InlineData("ZCZG-ML", "width", 62.909019)]
    // n^5 L^3/φ + n^3 L^3/(εφ) = 10^(15 + 3.52827 + 0.52288) + 10^(9 + 3.52827 + 2 + 0.52288).
    [InlineData("ZCZG-ML", "iterations", 19.051196)]
    // η = 1/(m* L^3): −62.90902 − 3.52827.
    [InlineData("ZCZG-ML", "step", -66.437292)]
    // τ = n^−4.5 L^−8 φ^1.5: −13.5 − 9.40873 − 0.78432.
    [InlineData("ZCZG-ML", "radius", -23.693048)]
    // AZLS: 72 + 14.11309 + 4.18303; 18 + 2.35218 + 1.04576.
    [InlineData("AZLS", "width", 90.296125)]
    [InlineData("AZLS", "iterations", 21.397940)]
    // DLLWZ: 15·0.30103 + 12 + 5.20412.
    [InlineData("DLLWZ", "width", 21.719570)]
    // DZPS: 18 + 5.20412 + 3; 6 + 2.60206; −1.30103 − 6; −1 − 1.30103 − 6.
    [InlineData("DZPS", "width", 26.204120)]
    [InlineData("DZPS", "iterations", 8.602060)]
    [InlineData("DZPS", "step", -7.301030)]
    [InlineData("DZPS", "radius", -8.301030)]
    // ZG: 24 + 14.11309; 6 + 2.35218 + 0.52288.
    [InlineData("ZG", "width", 38.113095)]
    [InlineData("ZG", "iterations", 8.875061)]
    // ZCZG-arX, derived hinge-loss rate: 12 + 3.52827 + 0.52288.
    [InlineData("ZCZG-arX", "iterations", 16.051153)]
    public void OrdersOfMagnitudeMatchHandComputation(string paper, string quantity, double log10)
    {
        PaperBounds p = Table[paper];
        OrderOfMagnitude? o = quantity switch { "width" => p.Width, "iterations" => p.Iterations, "step" => p.StepSize, _ => p.Radius };
        Assert.NotNull(o?.Log10);
        Assert.InRange(o!.Log10!.Value, log10 - 2e-6, log10 + 2e-6);
    }

    [Fact]
    public void UnconfirmedFormulasHaveNoNumberOrAreMarked()
    {
        Assert.Null(Table["ZCZG-arX"].Width.Log10);
        Assert.Equal(Confidence.Unconfirmed, Table["ZCZG-arX"].Width.Confidence);
        Assert.Null(Table["CCZG"].Width.Log10);
        Assert.Equal(Confidence.Unconfirmed, Table["AZLS"].StepSize.Confidence);
        Assert.All(Table.Values, p => Assert.All(new[] { p.Width, p.Iterations, p.StepSize },
            o => Assert.True(o.Log10 is not null || o.Confidence is Confidence.Unconfirmed or Confidence.Secondary)));
    }

    [Fact]
    public void TheoryMdsWorkedExampleForThePapersMnistSubset()
    {
        // theory.md §7: n = 9943, L = 15 give log10 m* ≈ 74.8 + 4·log10(1/φ) (zero-error ε = log 2 / n).
        foreach (double phi in new[] { 0.3, 0.05 })
        {
            double width = TheoremBounds.For(new BoundInputs(9943, 15, phi, 0.01, 0.1, Math.Log(2) / 9943)).First(p => p.Key == "ZCZG-ML").Width.Log10!.Value;
            Assert.Equal(74.8 + 4 * Math.Log10(1 / phi), width, 1);
        }
    }

    [Fact]
    public void ImpossibleInputsAreRefusedWithTheRuleAndValue()
    {
        var e = Assert.Throws<ArgumentException>(() => TheoremBounds.For(new BoundInputs(100, 3, 0, 0.1, 0.1, 0.01)));
        Assert.Contains("phi: must be > 0", e.Message);
    }
}
