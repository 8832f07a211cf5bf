using ReluStudy.Core.Model;

namespace ReluStudy.Tests.Curvature;

/// <summary><see cref="MarginLoss.SecondDerivative"/> against differences of <see cref="MarginLoss.Derivative"/>.</summary>
public class SecondDerivativeTests
{
    // Central difference of ℓ′ with step 1e-5: truncation ≈ 1e-10·|ℓ⁗| and rounding ≈ 1e-16/1e-5 = 1e-11.
    private const double Step = 1e-5, Tolerance = 1e-8;

    public static TheoryData<LossKind> AllLosses => new(Enum.GetValues<LossKind>());

    [Theory]
    [MemberData(nameof(AllLosses))]
    public void MatchesDifferencesOfTheDerivativeAwayFromBreakpoints(LossKind loss)
    {
        foreach (double z in new[] { -30, -4.5, -1.2, -0.3, 0.2, 0.7, 0.99, 1.01, 2.5, 12, 30 })
        {
            double difference = (MarginLoss.Derivative(loss, z + Step) - MarginLoss.Derivative(loss, z - Step)) / (2 * Step);
            double curvature = MarginLoss.SecondDerivative(loss, z);
            Assert.True(Math.Abs(curvature - difference) <= Tolerance, $"{loss} at z = {z}: ℓ″ = {curvature}, difference {difference}");
            Assert.InRange(curvature, 0, MarginLoss.MaxCurvature(loss));
        }
    }

    [Fact]
    public void CrossEntropyCurvatureIsStableAndEven()
    {
        Assert.Equal(0.25, MarginLoss.SecondDerivative(LossKind.CrossEntropy, 0));
        foreach (double z in new[] { 1e-3, 0.5, 3, 40, 700, 800, 1e300 })
        {
            double curvature = MarginLoss.SecondDerivative(LossKind.CrossEntropy, z);
            Assert.Equal(curvature, MarginLoss.SecondDerivative(LossKind.CrossEntropy, -z));
            Assert.True(double.IsFinite(curvature) && curvature >= 0);
            double sigma = 1 / (1 + Math.Exp(-z));
            if (z < 30) Assert.Equal(sigma * (1 - sigma), curvature, 1e-15);
        }
        // σ(z)σ(−z) ≈ e^{−z} for large z, to full relative accuracy where 1 − σ(z) would round to 0.
        Assert.Equal(Math.Exp(-40), MarginLoss.SecondDerivative(LossKind.CrossEntropy, 40), Math.Exp(-40) * 1e-15);
    }

    [Fact]
    public void PiecewiseLossesTakeTheSidesOfTheirDerivatives()
    {
        Assert.Equal(2, MarginLoss.SecondDerivative(LossKind.SquareHinge, 0.999));
        Assert.Equal(0, MarginLoss.SecondDerivative(LossKind.SquareHinge, 1));
        Assert.Equal(0, MarginLoss.SecondDerivative(LossKind.SmoothedHinge, -1e-9));
        Assert.Equal(1, MarginLoss.SecondDerivative(LossKind.SmoothedHinge, 0));
        Assert.Equal(0, MarginLoss.SecondDerivative(LossKind.SmoothedHinge, 1));
        Assert.Equal(1, MarginLoss.SecondDerivative(LossKind.Squared, -7));
    }
}
