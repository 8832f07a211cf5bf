using System.Globalization;
using ReluStudy.Core.Results;
using ReluStudy.Core.Theory.Regimes;
using ReluStudy.Core.Training;
using ReluStudy.Tests.Cli;
using static ReluStudy.Core.Results.MetricColumns;

namespace ReluStudy.Tests.Theory;

/// <summary>
/// Every regime label reached by a real small run of relustudy train on the shipped MNIST examples, read back from its
/// run.json, each set up by the regime's physics rather than tuned to its label: a step half the linearised model's
/// critical one (lazy), three times it (catapult), thirty times it (diverged), the step 2/(1.5·S(W(0))) left to sharpen
/// (edge of stability), a narrow net trained to a low loss (kernel-moving), a net too deep for its width (collapsed), and
/// the catapult stopped at k = 3, after its rise and before it settled (unstable).
/// </summary>
public class RegimeTests
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static RunRecord Train(params string[] options)
    {
        string folder = Path.Combine(TestPaths.TempFolder(), "run");
        InProcessCli.Run(["train", "--data-dir", TestPaths.ShippedData, "--n", "60", "--threads", "1", "--out", folder, .. options]);
        return RunResult.Read(folder).Record;
    }

    /// <summary>S(W(0)) and the Gauss–Newton top λ_GN(W(0)) of a network, measured by a run of no iterations.</summary>
    private static (double Sharpness, double GaussNewton) AtInitialisation(params string[] shape)
    {
        string folder = Path.Combine(TestPaths.TempFolder(), "w0");
        InProcessCli.Run(["train", "--data-dir", TestPaths.ShippedData, "--n", "60", "--lr", "1e-6", "--iterations", "0", "--sharpness", "on", "--out", folder, .. shape]);
        CsvRow first = RunResult.Read(folder).SharpnessRows[0];
        return (first[Sharpness]!.Value, first[GaussNewton]!.Value);
    }

    private static string[] Wide => ["--depth", "2", "--width", "512", "--loss", "squared"];

    /// <summary>η = c·2/λ_GN(W(0)): c = 1 is the linearised model's critical step (λ_GN is λ_max(Θ̂(0))/n for squared loss).</summary>
    private static string Critical(double c) => (c * 2 / AtInitialisation(Wide).GaussNewton).ToString("R", Inv);

    private static string[] Curved => ["--sharpness", "on", "--sharpness-every", "50", "--log-every", "1"];

    [Fact]
    public void BelowTheCriticalStepAWideNetworkStaysLazy()
    {
        RunRecord r = Train([.. Wide, "--lr", Critical(0.5), "--iterations", "100", .. Curved]);
        Assert.Equal(Regime.Lazy, r.Regime);
        Assert.StartsWith("its tangent kernel moved ", r.RegimeReason);
    }

    [Fact]
    public void AboveTheCriticalStepTheLossCatapultsAndTheCurvatureEndsBelowTwoOverEta()
    {
        RunRecord r = Train([.. Wide, "--lr", Critical(3), "--iterations", "100", .. Curved]);
        Assert.Equal(Regime.Catapult, r.Regime);
        Assert.Contains("its curvature ended at ", r.RegimeReason);
    }

    /// <summary>
    /// Convergence is judged on the trajectory, not the stop settings: the catapult with a target it cannot reach in 100
    /// iterations is still a catapult; the same run with its last logged training error put back to its start's (as when
    /// the rise leaves most units dead) has not converged: unstable.
    /// </summary>
    [Fact]
    public void ACatapultIsJudgedOnItsTrajectoryAndMustEndWithFewerErrors()
    {
        string folder = Path.Combine(TestPaths.TempFolder(), "run");
        InProcessCli.Run(["train", "--data-dir", TestPaths.ShippedData, "--n", "60", "--threads", "1", "--out", folder,
            .. Wide, "--lr", Critical(3), "--iterations", "100", "--target-loss", "1e-12", .. Curved]);
        RunResult r = RunResult.Read(folder);
        Assert.Equal((RunStatus.Completed, Regime.Catapult), (r.Status, r.Record.Regime));
        Assert.True(RegimeRules.Converged(r));

        string metrics = ResultsLayout.In(folder, ResultsLayout.Metrics);
        string[] lines = File.ReadAllLines(metrics);
        int column = Array.IndexOf(lines[0].Split(','), MetricColumns.TrainError.Name);
        string[] first = lines[1].Split(','), last = lines[^1].Split(',');
        Assert.True(double.Parse(last[column], Inv) < double.Parse(first[column], Inv));
        last[column] = first[column];
        lines[^1] = string.Join(',', last);
        File.WriteAllLines(metrics, lines);
        RunResult stuck = RunResult.Read(folder);
        Assert.False(RegimeRules.Converged(stuck));
        (Regime regime, string reason) = RegimeRules.Of(stuck)!.Value;
        Assert.Equal(Regime.Unstable, regime);
        Assert.Contains("and the run did not converge", reason);
    }

    /// <summary>The same catapult stopped at k = 3, after its rise and before its errors fell: a rise that has not settled.</summary>
    [Fact]
    public void ACatapultStoppedMidwayIsUnstable()
    {
        RunRecord r = Train([.. Wide, "--lr", Critical(3), "--iterations", "3", .. Curved]);
        Assert.Equal((RunStatus.Completed, Regime.Unstable), (r.Status, r.Regime));
        Assert.Contains("and the run did not converge", r.RegimeReason);
    }

    /// <summary>
    /// Cross-entropy at six times its critical step, stopped at k = 40: it starts past 0.9·2/eta and its loss rose at k = 1,
    /// but that is the catapult's rise, not the edge's oscillation; its curvature is still at 2/eta, so it has not settled.
    /// </summary>
    [Fact]
    public void ACrossEntropyCatapultUnderWayIsNotTheEdgeOfStability()
    {
        RunRecord r = Train(["--depth", "2", "--width", "512", "--loss", "ce", "--step-multiple", "6", "--iterations", "40", .. Curved]);
        Assert.Equal(Regime.Unstable, r.Regime);
        Assert.Contains("its curvature had not settled below 2/eta", r.RegimeReason);
    }

    [Fact]
    public void FarAboveItTheRunDiverges()
    {
        RunRecord r = Train([.. Wide, "--lr", Critical(30), "--iterations", "100", .. Curved]);
        Assert.Equal((RunStatus.Diverged, Regime.Diverged), (r.Status, r.Regime));
    }

    [Fact]
    public void ASharpeningRunSettlesAtTheEdgeOfStability()
    {
        string[] shape = ["--depth", "3", "--width", "128", "--loss", "squared"];
        double step = 2 / (1.5 * AtInitialisation(shape).Sharpness);
        RunRecord r = Train([.. shape, "--lr", step.ToString("R", Inv), "--iterations", "400", .. Curved]);
        Assert.Equal(Regime.EdgeOfStability, r.Regime);
        Assert.Contains("measurements from then on lie within [0.9, 1.1] x 2/eta", r.RegimeReason);
    }

    [Fact]
    public void ANarrowNetworkTrainedLongMovesItsKernel()
    {
        RunRecord r = Train("--depth", "3", "--width", "32", "--lr", "0.05", "--iterations", "300");
        Assert.Equal(Regime.KernelMoving, r.Regime);
        Assert.Contains("(> 0.1)", r.RegimeReason);
    }

    [Fact]
    public void ANetworkTooDeepForItsWidthCollapses()
    {
        RunRecord r = Train("--depth", "40", "--width", "4", "--lr", "0.05", "--iterations", "30");
        Assert.Equal((RunStatus.Collapsed, Regime.Collapsed), (r.Status, r.Regime));
    }

    [Fact]
    public void AnUnfinishedRunHasNoRegime()
    {
        Assert.Null(ReluStudy.Core.Theory.Regimes.RegimeRules.Of(
            new RunResult("x", new RunRecord { Status = RunStatus.Interrupted, StartedUtc = DateTime.UtcNow, Config = null!, Software = null!, Machine = null! },
                null, [], [], [], [])));
    }
}
