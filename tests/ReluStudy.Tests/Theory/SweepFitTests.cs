using ReluStudy.Core.Numerics;
using ReluStudy.Core.Results;
using ReluStudy.Core.Theory.Fits;

namespace ReluStudy.Tests.Theory;

/// <summary>Fits against depth (P2), the step (P4) and the hinge losses' linear-phase rate (P12), on synthetic runs with
/// known closed forms and a seed's own small departure, and the grouping of runs by the setting they share apart from the
/// fitted axis.</summary>
public class SweepFitTests
{
    /// <summary>
    /// A lazy run: L(k) = 0.77·exp(−η·m^(1+d_s)·k/4) to the target 0.1·L(0), d_s a seed's own small departure (sd 0.01);
    /// ‖∇L_S(W(0))‖² = g0sq·(1 + d_s).
    /// </summary>
    private static RunResult Run(int width, int depth, double eta, ulong seed, string loss = "ce", double g0sq = 1)
    {
        double d = 0.01 * new Rng(seed * 7919 + (ulong)depth).NextNormal();
        double rate = eta * Math.Pow(width, 1 + d) / 4;
        var rows = SyntheticRun.Rows(k => new Dictionary<MetricColumn, double> { [MetricColumns.Loss] = 0.77 * Math.Exp(-rate * k) },
            row => row[MetricColumns.Loss] <= 0.077).ToList();
        rows[0][MetricColumns.GradNorm] = Math.Sqrt(g0sq * Math.Exp(d));
        return SyntheticRun.Deep(width, seed, eta, rows, depth, loss, id: $"{width}-{depth}-{eta}-{seed}");
    }

    private static readonly ulong[] Seeds = [1, 2, 3];

    [Fact]
    public void TheLinearPhaseRateIsTheSlopeOfTheLogLossAndItsPhaseIsLinear()
    {
        RunResult r = Run(64, 3, 0.01, 1, "square-hinge");
        LinearPhase phase = LinearPhase.Of(r, 0.1)!;
        double rate = -Math.Log(r.Rows[1][MetricColumns.Loss]!.Value / r.Rows[0][MetricColumns.Loss]!.Value);
        Assert.Equal(rate, phase.Rate, 10);
        Assert.Equal(1, phase.RSquared, 10);
        Assert.True(phase.IsLinear);
        // a loss that bends (ln L quadratic in k) is called curved
        var bent = SyntheticRun.Deep(64, 1, 0.01, SyntheticRun.Rows(k => new() { [MetricColumns.Loss] = 0.77 * Math.Exp(-0.01 * k - 0.0004 * k * k) },
            row => row[MetricColumns.Loss] <= 0.077).ToList(), loss: "square-hinge");
        Assert.False(LinearPhase.Of(bent, 0.1)!.IsLinear);
    }

    [Fact]
    public void TheHingeLossesRateIsFittedAgainstWidthWithSlopePlusOne()
    {
        RunResult[] runs = [.. from m in new[] { 64, 128, 256, 512, 1024 } from s in Seeds select Run(m, 3, 0.0005, s, "smoothed-hinge")];
        ScalingFit p12 = ScalingFit.For(runs, p => p == "P12").Single();
        Assert.Same(SweepAxis.Width, p12.Quantity.Axis);
        Assert.InRange(p12.Fit!.Exponent, 0.97, 1.03);
        Assert.Equal(Verdict.Consistent, p12.Verdicts[0].Verdict);
        Assert.Equal(15, p12.LinearPhases.Count);
        Assert.All(p12.LinearPhases, p => Assert.True(p.Phase.IsLinear));
        // cross-entropy runs record no P12 quantity
        Assert.Empty(ScalingFit.For([.. runs.Select(r => Run(r.Width, 3, 0.0005, r.Seed))], p => p == "P12"));
    }

    [Fact]
    public void TheGradientNormIsFittedAgainstDepthOverRunsThatDifferOnlyInDepth()
    {
        int[] depths = [2, 3, 4, 6, 8, 12];
        RunResult[] runs = [.. from l in depths from s in Seeds select Run(256, l, 0.002, s, g0sq: 5.0 * Math.Pow(l, 1.3))];
        IReadOnlyList<ScalingFit> fits = ScalingFit.For(runs, p => p is "P1" or "P2");
        ScalingFit p2 = fits.Single(f => f.Quantity.Id == "P2");
        Assert.Same(SweepAxis.Depth, p2.Quantity.Axis);
        Assert.Equal(depths.Select(l => (double)l), p2.Points.Select(p => p.X).Distinct().Order());
        Assert.InRange(p2.Fit!.Exponent, 1.25, 1.35);
        Assert.Equal(Verdict.Inconsistent, p2.Verdicts[0].Verdict); // +1 predicted; 1.3 measured
        // against width, every depth is a setting of its own, with one width each
        Assert.Equal(depths.Length, fits.Count(f => f.Quantity.Id == "P1"));
        Assert.All(fits.Where(f => f.Quantity.Id == "P1"), f => Assert.StartsWith("not enough widths", f.Verdict));
    }

    [Fact]
    public void IterationsToTheTargetAreFittedAgainstTheStepWithSlopeMinusOne()
    {
        double[] steps = [0.0001, 0.0002, 0.0004, 0.0008, 0.0016];
        RunResult[] runs = [.. from eta in steps from s in Seeds select Run(64, 3, eta, s)];
        ScalingFit p4 = ScalingFit.For(runs, p => p == "P4").Single();
        Assert.Same(SweepAxis.Step, p4.Quantity.Axis);
        Assert.Equal(steps, p4.Points.Select(p => p.X).Distinct().Order());
        // k_ε = ⌈4 ln 10/(η m)⌉, 1440 down to 90: the ceiling bends the line by at most one iteration in 90
        Assert.InRange(p4.Fit!.Exponent, -1.02, -0.98);
        Assert.Equal(Verdict.Consistent, p4.Verdicts[0].Verdict);
        Assert.Equal("consistent with -1", p4.Verdict);
    }

    [Fact]
    public void AFitAgainstAnAxisNoGroupSweepsIsLeftOut()
    {
        RunResult[] runs = [.. from m in new[] { 64, 128 } from s in Seeds select Run(m, 3, 0.002, s)];
        IReadOnlyList<ScalingFit> fits = ScalingFit.For(runs, _ => true);
        Assert.DoesNotContain(fits, f => f.Quantity.Axis != SweepAxis.Width);
        Assert.Contains(fits, f => f.Quantity.Id == "P1");
    }
}
