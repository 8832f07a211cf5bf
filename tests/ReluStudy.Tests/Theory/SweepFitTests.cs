using ReluStudy.Core.Theory;
using ReluStudy.Core.Training;
using ReluStudy.Core.Theory.Fits;

namespace ReluStudy.Tests.Theory;

/// <summary>Fits against depth (P2), the step (P4) and the hinge losses' linear-phase rate (P12), on synthetic runs with
/// known closed forms, and the grouping of runs by the setting they share apart from the fitted axis.</summary>
public class SweepFitTests
{
    /// <summary>A finished deep run: L(k) = 0.77·exp(−η·m·k/4) to the target 0.1·L(0); ‖∇L_S(W(0))‖² = g0sq.</summary>
    private static RunResult Run(int width, int depth, double eta, ulong seed, string loss = "cross-entropy", double g0sq = 1)
    {
        const double l0 = 0.77;
        var rows = new List<Dictionary<MetricColumn, double>>();
        for (int k = 0; ; k++)
        {
            double l = l0 * Math.Exp(-eta * width * k / 4);
            var row = new Dictionary<MetricColumn, double> { [MetricColumns.Iteration] = k, [MetricColumns.Loss] = l };
            if (k == 0) row[MetricColumns.GradNorm] = Math.Sqrt(g0sq);
            rows.Add(row);
            if (l <= 0.1 * l0) break;
        }
        var config = new DeepRunConfiguration
        {
            Dataset = "synthetic", LabelConvention = "", N = 10, D = 3, Preprocess = "none", DataOrigin = "test", TrainSource = "test",
            Depth = depth, Widths = Enumerable.Repeat(width, depth).ToArray(), Loss = loss, Optimizer = "gd", Step = eta,
            StepTimesWidth = eta * width, Iterations = 100_000, Seed = seed, Threads = 1, LogSchedule = "every 1",
        };
        var record = new RunRecord
        {
            Status = RunStatus.Completed, StartedUtc = DateTime.UnixEpoch, Config = config,
            Summary = new RunSummary { Seconds = 0, WeightsSha256 = "", InitialLoss = l0 },
            Software = new SoftwareInfo("", null, "", "", ""), Machine = new MachineInfo("", 1, "", false, false, "", 0),
        };
        return new RunResult($"/runs/{width}-{depth}-{eta}-{seed}", record, null, rows.Select(r => new CsvRow(r)).ToArray(), [], [], []);
    }

    private static readonly ulong[] Seeds = [1, 2, 3];

    [Fact]
    public void TheLinearPhaseRateIsTheSlopeOfTheLogLoss()
    {
        // ln L = ln 0.77 − (η m/4) k exactly, so the least-squares slope over any rows is −η m/4.
        RunResult r = Run(64, 3, 0.01, 1, "square-hinge");
        Assert.Equal(0.01 * 64 / 4, ScalingQuantities.LinearPhaseRate(r, 0.1)!.Value, 12);
    }

    [Fact]
    public void TheHingeLossesRateIsFittedAgainstWidthWithSlopePlusOne()
    {
        RunResult[] runs = [.. from m in new[] { 64, 128, 256, 512, 1024 } from s in Seeds select Run(m, 3, 0.002, s, "smoothed-hinge")];
        ScalingFit p12 = ScalingFit.For(runs, p => p == "P12").Single();
        Assert.Same(SweepAxis.Width, p12.Quantity.Axis);
        Assert.Equal(1, p12.Fit!.Exponent, 9);
        Assert.Equal(Verdict.Consistent, p12.Fit.Verdicts[0].Verdict);
        // cross-entropy runs record no P12 quantity
        Assert.Empty(ScalingFit.For([.. runs.Select(r => Run(r.Width, 3, 0.002, r.Seed))], p => p == "P12"));
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
        Assert.Equal(1.3, p2.Fit!.Exponent, 9);
        Assert.Equal(Verdict.Inconsistent, p2.Fit.Verdicts[0].Verdict); // +1 predicted; 1.3 measured without noise
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
        Assert.InRange(p4.Fit!.Exponent, -1.01, -0.99);
        Assert.Equal(Verdict.Consistent, p4.Fit.Verdicts[0].Verdict);
        Assert.Equal("consistent with -1", p4.Fit.Describe());
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
