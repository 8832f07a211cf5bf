using ReluStudy.Core.Theory;
using ReluStudy.Core.Theory.Claims;
using ReluStudy.Core.Training;

namespace ReluStudy.Tests.Theory;

/// <summary>The figure claims' verdicts on synthetic runs with known trends, and the rank statistic they rest on.</summary>
public class FigureClaimsTests
{
    [Fact]
    public void SpearmanAndItsExactPValueMatchTheirDefinitions()
    {
        double[] x = [1, 2, 3, 4, 5];
        Assert.Equal(-1, RankCorrelation.Spearman(x, [9, 7, 5, 3, 1]), 12);
        Assert.Equal(1.0 / 120, RankCorrelation.PDecreasing(x, [9, 7, 5, 3, 1]), 12); // only the reversed order is as low
        Assert.Equal(1.0, RankCorrelation.PIncreasing(x, [9, 7, 5, 3, 1]), 12);
        // One swap: ρ = 1 − 6·2/(5·24) = 0.9; orderings with ρ ≥ 0.9 are the identity and the 4 adjacent swaps.
        Assert.Equal(0.9, RankCorrelation.Spearman(x, [1, 2, 3, 5, 4]), 12);
        Assert.Equal(5.0 / 120, RankCorrelation.PIncreasing(x, [1, 2, 3, 5, 4]), 12);
        Assert.Equal([1.5, 1.5, 3, 4.5, 4.5], RankCorrelation.Ranks([2, 2, 5, 7, 7]));
    }

    /// <summary>
    /// Lazy-regime runs at one step η: widths m, loss L(k) = L0·exp(−ηmk/4), distance D(k) = ηk√m (at a fixed iteration a wider
    /// network has moved farther), patterns R(k) = D(k)/√m·0.1. Every run stops at the target L ≤ 0.1·L0.
    /// </summary>
    private static RunResult Run(int width, ulong seed, double eta, double noise)
    {
        const double l0 = 0.77;
        var rows = new List<Dictionary<MetricColumn, double>>();
        for (int k = 0; ; k++)
        {
            double loss = l0 * Math.Exp(-eta * width * k / 4) * (1 + noise * Math.Sin(seed * 7.0 + k));
            double distance = eta * k * Math.Sqrt(width);
            rows.Add(new()
            {
                [MetricColumns.Iteration] = k, [MetricColumns.Loss] = loss, [MetricColumns.DistanceSpectralMax] = distance,
                [MetricColumns.PatternChangeRatio] = 0.1 * distance / width,
            });
            if (loss <= 0.1 * l0) break;
        }
        var config = new DeepRunConfiguration
        {
            Dataset = "synthetic", LabelConvention = "", N = 10, D = 3, Preprocess = "none", DataOrigin = "test", TrainSource = "test",
            Depth = 2, Widths = [width, width], Loss = "ce", Optimizer = "gd", Step = eta, StepTimesWidth = eta * width,
            Iterations = 10_000, Seed = seed, Threads = 1, LogSchedule = "every 1",
        };
        var record = new RunRecord
        {
            Status = RunStatus.Completed, StartedUtc = DateTime.UnixEpoch, Config = config, Summary = new RunSummary { Seconds = 0, WeightsSha256 = "", InitialLoss = l0 },
            Software = new SoftwareInfo("", null, "", "", ""), Machine = new MachineInfo("", 1, "", false, false, "", 0),
        };
        return new RunResult($"/runs/{width}-{seed}", record, null, rows.Select(r => new CsvRow(r)).ToArray(), [], [], []);
    }

    private static ClaimCheck Find(IReadOnlyList<ClaimCheck> checks, string id, string comparison) => checks.Single(c => c.Id == id && c.Comparison == comparison);

    [Fact]
    public void AtAFixedIterationWiderNetsHaveMovedFartherButAtAFixedLossTheyEndCloser()
    {
        RunResult[] runs = [.. from m in new[] { 32, 64, 128, 256, 512 } from s in new ulong[] { 1, 2, 3 } select Run(m, s, 0.004, 0)];
        IReadOnlyList<ClaimCheck> checks = FigureClaims.Check(runs);
        Assert.Equal(9, checks.Count);
        // Figure 1: a wider net is faster in every comparison but eta*m*k, where all widths have the same loss (a tie).
        Assert.Equal(ClaimVerdict.Holds, Find(checks, "fig1-faster", "iteration").Verdict);
        Assert.Equal(ClaimVerdict.Holds, Find(checks, "fig1-faster", "target").Verdict);
        // Figure 2: at the fixed iteration (the widest run's last) the distance grows like √m: the claim fails there ...
        ClaimCheck atIteration = Find(checks, "fig2-closer", "iteration");
        Assert.Equal(ClaimVerdict.Fails, atIteration.Verdict);
        Assert.Equal(1, atIteration.Spearman!.Value, 12);
        Assert.Equal(0, atIteration.SeedsAgreeing);
        // ... and holds at the target, where D(k_ε) = ηk_ε√m ∝ 1/√m, and at a fixed eta*m*k.
        ClaimCheck atTarget = Find(checks, "fig2-closer", "target");
        Assert.Equal(ClaimVerdict.Holds, atTarget.Verdict);
        Assert.Equal((-1.0, 1.0 / 120, 3, 3), (atTarget.Spearman!.Value, atTarget.PValue!.Value, atTarget.SeedsAgreeing, atTarget.Seeds));
        Assert.Equal(ClaimVerdict.Holds, Find(checks, "fig2-closer", "eta-m-k").Verdict);
        Assert.Contains("eta*m confound", FigureClaims.Explain(checks, FigureClaims.All[1]));
        Assert.Equal([32, 64, 128, 256, 512], atTarget.Widths);
        // The means are the seeds' own values at k_ε (all seeds are equal here).
        Assert.Equal(runs.Where(r => r.Width == 32).Average(r => r.Rows.First(row => row[MetricColumns.Loss] <= 0.077)[MetricColumns.DistanceSpectralMax]!.Value),
            atTarget.Means[0], 12);
    }

    [Fact]
    public void ThreeWidthsAreInsufficientAndDisagreeingSeedsAreMixed()
    {
        RunResult[] three = [.. from m in new[] { 64, 128, 256 } from s in new ulong[] { 1, 2 } select Run(m, s, 0.004, 0)];
        ClaimCheck few = Find(FigureClaims.Check(three), "fig2-closer", "target");
        Assert.Equal(ClaimVerdict.Insufficient, few.Verdict);
        Assert.Contains("3 widths", few.Missing);

        // Seed 2's distances are reversed in width: the seeds disagree.
        RunResult Flip(RunResult r) => r.Seed != 2 ? r : r with
        {
            Rows = r.Rows.Select(row => new CsvRow(new Dictionary<MetricColumn, double>
            {
                [MetricColumns.Iteration] = row.Iteration, [MetricColumns.Loss] = row[MetricColumns.Loss]!.Value,
                [MetricColumns.DistanceSpectralMax] = row[MetricColumns.DistanceSpectralMax]!.Value * r.Width * r.Width,
                [MetricColumns.PatternChangeRatio] = row[MetricColumns.PatternChangeRatio]!.Value,
            })).ToArray(),
        };
        RunResult[] mixed = [.. from m in new[] { 32, 64, 128, 256, 512 } from s in new ulong[] { 1, 2, 3 } select Flip(Run(m, s, 0.004, 0))];
        ClaimCheck disagree = Find(FigureClaims.Check(mixed), "fig2-closer", "target");
        Assert.Equal(ClaimVerdict.Mixed, disagree.Verdict);
        Assert.Equal((2, 3), (disagree.SeedsAgreeing, disagree.Seeds));
    }

    [Fact]
    public void ARunThatNeverReachesTheTargetIsNamed()
    {
        RunResult stuck = Run(32, 1, 0.004, 0) is var r ? r with { Rows = r.Rows.Take(5).ToArray() } : null!;
        RunResult[] runs = [stuck, .. from m in new[] { 64, 128, 256, 512 } select Run(m, 1, 0.004, 0)];
        ClaimCheck check = Find(FigureClaims.Check(runs), "fig3-fewer-flips", "target");
        Assert.Equal(ClaimVerdict.Insufficient, check.Verdict);
        Assert.Equal("m = 32 (seed 1) never reached the target", check.Missing);
    }
}
