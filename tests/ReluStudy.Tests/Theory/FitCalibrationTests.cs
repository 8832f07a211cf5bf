using Xunit.Abstractions;
using ReluStudy.Core.Numerics;
using ReluStudy.Core.Results;
using ReluStudy.Core.Statistics;
using ReluStudy.Core.Theory.Fits;

namespace ReluStudy.Tests.Theory;

/// <summary>
/// The whole fit-and-verdict path (runs → lazy rule → per-seed fits → t intervals → Benjamini–Hochberg → verdicts) on
/// simulated studies with known exponents: 5 widths × 3 seeds, seven fitted quantities each. The noise is shaped like the
/// real runs': per-seed slopes scatter by σ(b_s) ≈ 0.022, the median of the main job's fits study (its seeds' own slopes
/// of k_ε, the distances at the target, the pattern change, the kernel's change and the output gap scatter by
/// 0.009–0.050), made of a seed's own slope (sd <see cref="SeedSlope"/>) and a point's scatter around it (sd
/// <see cref="Scatter"/>: the runs' 0.05–0.08 residual includes the curvature every seed shares, which moves no slope).
/// </summary>
public class FitCalibrationTests(ITestOutputHelper output)
{
    private const double SeedSlope = 0.012, Scatter = 0.04, SeedOffset = 0.2;
    private static readonly int[] Widths = [64, 128, 256, 512, 1024];
    private const int Studies = 1500;

    /// <summary>The quantities simulated and their true exponents (the theory's, unless a test moves one).</summary>
    private static readonly (string Id, double Exponent)[] Truth =
        [("P1", 1), ("P6-spec", -0.5), ("P6-frob", -0.5), ("P8", -0.5), ("P9", 0), ("P19", -0.5), ("P20", -0.5)];

    /// <summary>One simulated study: every run's rows hold each quantity at its exponent with the noise above.</summary>
    private static RunResult[] Study(Rng rng, IReadOnlyDictionary<string, double> exponents)
    {
        var runs = new List<RunResult>();
        foreach (ulong seed in new ulong[] { 1, 2, 3 })
        {
            var seedOwn = exponents.ToDictionary(e => e.Key, _ => (Offset: SeedOffset * rng.NextNormal(), Slope: SeedSlope * rng.NextNormal()));
            foreach (int m in Widths)
            {
                double Q(string id, double scale) =>
                    scale * Math.Pow(m / 64.0, exponents[id] + seedOwn[id].Slope) * Math.Exp(seedOwn[id].Offset + Scatter * rng.NextNormal());
                const int k = 100;
                Dictionary<MetricColumn, double> start = new() { [MetricColumns.Iteration] = 0, [MetricColumns.Loss] = Q("P9", 0.77), [MetricColumns.GradNorm] = Math.Sqrt(Q("P1", 4)) };
                Dictionary<MetricColumn, double> target = new()
                {
                    [MetricColumns.Iteration] = k, [MetricColumns.Loss] = 0.05, [MetricColumns.DistanceSpectralMax] = Q("P6-spec", 0.3),
                    [MetricColumns.DistanceFrobenius] = Q("P6-frob", 1.5), [MetricColumns.PatternChangeRatio] = Q("P8", 0.02),
                };
                RunResult run = SyntheticRun.Deep(m, seed, 0.01, [start, target], targetLoss: 0.077, id: $"{m}-{seed}");
                CsvRow[] kernel =
                [
                    new(new Dictionary<MetricColumn, double> { [MetricColumns.Iteration] = 0, [MetricColumns.Layer] = 0, [MetricColumns.TangentKernelChange] = 0, [MetricColumns.LimitGap] = Q("P20", 0.5) }),
                    new(new Dictionary<MetricColumn, double> { [MetricColumns.Iteration] = k, [MetricColumns.Layer] = 0, [MetricColumns.TangentKernelChange] = Q("P19", 0.04) }),
                ];
                runs.Add(run with { TangentKernelRows = kernel });
            }
        }
        return runs.ToArray();
    }

    private static IReadOnlyList<ScalingFit> Fits(RunResult[] runs) =>
        ScalingFit.For(runs, p => p is "P1" or "P6" or "P8" or "P9" or "P19" or "P20").Where(f => f.Quantity.Id != "P1-last").ToArray();

    [Fact]
    public void IntervalsCoverTheTrueExponentAtLeast94PercentOfTheTime()
    {
        var rng = new Rng(101);
        var truth = Truth.ToDictionary(t => t.Id, t => t.Exponent);
        int covered = 0, intervals = 0;
        for (int s = 0; s < Studies; s++)
            foreach (ScalingFit f in Fits(Study(rng, truth)))
            {
                intervals++;
                if (f.Fit!.Low <= truth[f.Quantity.Id] && truth[f.Quantity.Id] <= f.Fit.High) covered++;
            }
        Proportion coverage = Proportion.Of(covered, intervals);
        output.WriteLine($"coverage: {coverage.Describe()}");
        Assert.True(coverage.Rate >= 0.94 && coverage.Rate <= 0.965, $"coverage {coverage.Describe()}");
    }

    [Fact]
    public void ACorrectTheoryCollectsASpuriousInconsistentInAtMostFivePercentOfStudies()
    {
        var rng = new Rng(202);
        var truth = Truth.ToDictionary(t => t.Id, t => t.Exponent);
        int falseAlarms = 0;
        for (int s = 0; s < Studies; s++)
            if (Fits(Study(rng, truth)).Any(f => f.Verdicts.Any(v => v.Predicted == truth[f.Quantity.Id] && v.Verdict == Verdict.Inconsistent)))
                falseAlarms++;
        Proportion rate = Proportion.Of(falseAlarms, Studies);
        output.WriteLine($"studies with a false inconsistent: {rate.Describe()}");
        Assert.True(rate.Rate <= 0.05, $"studies with a false inconsistent: {rate.Describe()}");
    }

    [Fact]
    public void AnExponentOffByPointTwoIsCalledInconsistentAtLeast80PercentOfTheTime()
    {
        var rng = new Rng(303);
        var truth = Truth.ToDictionary(t => t.Id, t => t.Id == "P6-frob" ? -0.3 : t.Exponent);
        int called = 0;
        for (int s = 0; s < Studies; s++)
            if (Fits(Study(rng, truth)).Single(f => f.Quantity.Id == "P6-frob").Verdicts[0].Verdict == Verdict.Inconsistent) called++;
        Proportion power = Proportion.Of(called, Studies);
        output.WriteLine($"power: {power.Describe()}");
        Assert.True(power.Rate >= 0.80, $"power: {power.Describe()}");
    }

    /// <summary>
    /// "consistent" asks the 95 % interval to lie within ±<see cref="FitVerdicts.Margin"/> of b*, two one-sided tests at
    /// 2.5 % each: an exponent exactly on the margin's edge (b* + 0.05) must be called consistent in at most 2.5 % of studies
    /// (plus Monte Carlo error). The rate at which the true exponent is called consistent is printed beside it: with three
    /// seeds and this scatter the interval is about as wide as the margin, so most correct fits read inconclusive.
    /// </summary>
    [Fact]
    public void AnExponentOnTheMarginsEdgeIsRarelyCalledConsistent()
    {
        int Consistent(int seed, double exponent)
        {
            var rng = new Rng((ulong)seed);
            var truth = Truth.ToDictionary(t => t.Id, t => t.Id == "P6-frob" ? exponent : t.Exponent);
            int called = 0;
            for (int s = 0; s < Studies; s++)
                if (Fits(Study(rng, truth)).Single(f => f.Quantity.Id == "P6-frob").Verdicts[0].Verdict == Verdict.Consistent) called++;
            return called;
        }
        Proportion atEdge = Proportion.Of(Consistent(404, -0.5 + FitVerdicts.Margin), Studies);
        Proportion atTruth = Proportion.Of(Consistent(505, -0.5), Studies);
        output.WriteLine($"consistent: at the margin's edge {atEdge.Describe()}; at the true exponent {atTruth.Describe()}");
        Assert.True(atEdge.Rate <= 0.035, $"false consistent at the margin's edge: {atEdge.Describe()}");
    }
}
