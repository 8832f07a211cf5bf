using Xunit.Abstractions;
using ReluStudy.Core.Results;
using ReluStudy.Core.Theory.Claims;
using static ReluStudy.Core.Results.MetricColumns;

namespace ReluStudy.Tests.Theory;

/// <summary>
/// The sharpness claims on in-memory runs whose sharpness curves are known: the verdicts each curve should get, and by
/// simulation (seeds drawn with known means) the false "holds" rate at the null's boundary, which the t tests must keep
/// at or below 5 %, and their power.
/// </summary>
public class SharpnessClaimsTests(ITestOutputHelper output)
{
    private const double TwoOverStep = 100;

    /// <summary>A squared-loss run (η = 0.02, 2/η = 100) whose sharpness.csv has S(k) = <paramref name="sharpness"/>(k) every 50 iterations to 1000.</summary>
    /// <param name="logged">the last logged iteration of metrics.csv (its loss falls with a small rise every other row).</param>
    private static RunResult Run(ulong seed, Func<int, double> sharpness, string loss = "squared", int logged = 1000)
    {
        RunResult r = SyntheticRun.Deep(64, seed, 2 / TwoOverStep,
            SyntheticRun.Rows(k => new() { [Loss] = 1.0 / (1 + k) + (k % 2 == 1 ? 1e-3 : 0) }, row => row[Iteration] >= logged), loss: loss);
        return r with
        {
            SharpnessRows = Enumerable.Range(0, 21).Select(i => new CsvRow(new Dictionary<MetricColumn, double>
            {
                [Iteration] = 50 * i, [Sharpness] = sharpness(50 * i), [GaussNewton] = sharpness(50 * i), [MetricColumns.TwoOverStep] = TwoOverStep,
            })).ToArray(),
        };
    }

    private static ClaimCheck Check(string id, params RunResult[] runs) => SharpnessClaims.Check(runs, "test").Single(c => c.Id == id);

    /// <summary>Sharpening from 60 to the edge and hovering at 0.98·2/η (seed-dependent by a little).</summary>
    private static Func<int, double> EdgeOfStability(ulong seed) => k => Math.Min(60 + 0.1 * k, 97 + seed);

    [Fact]
    public void ARunThatSharpensToTheEdgeAndStaysThereHoldsBoth()
    {
        RunResult[] runs = [Run(1, EdgeOfStability(1)), Run(2, EdgeOfStability(2)), Run(3, EdgeOfStability(0))];
        Assert.Equal(ClaimVerdict.Holds, Check(SharpnessClaims.Sharpening, runs).Verdict);
        ClaimCheck edge = Check(SharpnessClaims.Edge, runs);
        Assert.Equal(ClaimVerdict.Holds, edge.Verdict);
        Assert.Equal(0.98, edge.Statistic!.Value, 1e-12); // seed medians 0.98, 0.99, 0.97
    }

    [Fact]
    public void FlatteningAndFallingSharpnessAreNotCalledSharpeningNorTheEdge()
    {
        RunResult[] falling = [Run(1, k => 60 - 0.01 * k), Run(2, k => 61 - 0.02 * k), Run(3, k => 59 - 0.015 * k)];
        Assert.Equal(ClaimVerdict.Fails, Check(SharpnessClaims.Sharpening, falling).Verdict);
        Assert.Equal(ClaimVerdict.Fails, Check(SharpnessClaims.Edge, falling).Verdict); // 0.5-0.6 of 2/eta: outside the band
    }

    [Fact]
    public void AtTheEdgeFromTheStartThereIsNothingToSharpenAndTooFewSeedsCannotBeJudged()
    {
        ClaimCheck started = Check(SharpnessClaims.Sharpening, Run(1, _ => 95), Run(2, _ => 96), Run(3, _ => 97));
        Assert.Equal(ClaimVerdict.Insufficient, started.Verdict);
        Assert.Contains("at the edge from k = 0", started.Missing);
        Assert.Equal(ClaimVerdict.Insufficient, Check(SharpnessClaims.Edge, Run(1, EdgeOfStability(1)), Run(2, EdgeOfStability(2))).Verdict);
    }

    /// <summary>A seed that diverged has no late sharpness: the step is not judged on the seeds that survived.</summary>
    [Fact]
    public void ASeedThatBrokeDownMakesBothClaimsInsufficientAndSaysWhich()
    {
        RunResult diverged = Run(3, EdgeOfStability(3)) with { Record = Run(3, EdgeOfStability(3)).Record with { Status = Core.Training.RunStatus.Diverged } };
        RunResult[] runs = [Run(1, EdgeOfStability(1)), Run(2, EdgeOfStability(2)), diverged];
        Assert.Equal(ClaimVerdict.Holds, Check(SharpnessClaims.Edge, runs[..2].Append(Run(3, EdgeOfStability(3))).ToArray()).Verdict);
        foreach (string id in new[] { SharpnessClaims.Sharpening, SharpnessClaims.Edge })
        {
            ClaimCheck c = Check(id, runs);
            Assert.Equal(ClaimVerdict.Insufficient, c.Verdict);
            Assert.Equal("seed 3 diverged: the claims need every seed's trajectory", c.Missing);
        }
    }

    [Fact]
    public void CrossEntropyHoldsTheEdgeWhenEverySeedReachedItWithARisingLoss()
    {
        // cross-entropy: the sharpness peaks above 2/eta and falls again as l'' shrinks
        Func<int, double> peak = k => k < 500 ? 60 + 0.12 * k : 120 - 0.08 * (k - 500);
        RunResult[] runs = [Run(1, peak, "ce"), Run(2, peak, "ce"), Run(3, peak, "ce")];
        Assert.Equal(ClaimVerdict.Holds, Check(SharpnessClaims.Edge, runs).Verdict);
        RunResult[] below = [Run(1, _ => 50, "ce"), Run(2, _ => 50, "ce"), Run(3, _ => 50, "ce")];
        Assert.Equal(ClaimVerdict.Fails, Check(SharpnessClaims.Edge, below).Verdict);
    }

    /// <summary>
    /// Three seeds drawn around a known mean, 4000 studies each: at the null's boundary (no rise; a late ratio at 0.9 or 1.1,
    /// the band's edge) "holds" must come out in at most 5 % of studies (plus Monte Carlo error), and well inside it
    /// (a 5 % rise; a ratio of 0.98 with the seeds' scatter of 0.02) it must come out far more often.
    /// </summary>
    [Fact]
    public void TheTestsKeepFalseHoldsAtFivePercentAndHavePower()
    {
        var rng = new Random(29);
        double Normal(double mean, double sd) => mean + sd * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        double Rate(string id, Func<double> value, ClaimVerdict counted = ClaimVerdict.Holds)
        {
            int holds = 0;
            for (int study = 0; study < 4000; study++)
            {
                RunResult[] runs = Enumerable.Range(1, 3).Select(s =>
                {
                    double v = value();
                    // sharpening: S(0) = 50, S rises to 50·e^v by the end (never reaching the edge); edge: S at v·2/eta throughout the second half
                    return id == SharpnessClaims.Sharpening ? Run((ulong)s, k => 50 * Math.Exp(v * k / 1000.0), logged: 2) : Run((ulong)s, k => k < 500 ? 60 : v * TwoOverStep, logged: 2);
                }).ToArray();
                if (Check(id, runs).Verdict == counted) holds++;
            }
            return holds / 4000.0;
        }
        double noRise = Rate(SharpnessClaims.Sharpening, () => Normal(0, 0.05));
        double atLowEdge = Rate(SharpnessClaims.Edge, () => Normal(0.9, 0.02));
        double atHighEdge = Rate(SharpnessClaims.Edge, () => Normal(1.1, 0.02));
        double rise = Rate(SharpnessClaims.Sharpening, () => Normal(0.2, 0.05));
        double inside = Rate(SharpnessClaims.Edge, () => Normal(0.98, 0.02));
        output.WriteLine($"holds: no rise {noRise:P1}, edge at 0.9 {atLowEdge:P1}, at 1.1 {atHighEdge:P1}; a rise of 0.2 {rise:P1}, a ratio of 0.98 {inside:P1}");
        // 4000 studies: a rate of 5 % has a standard error of 0.34 %
        Assert.True(noRise <= 0.06, $"false sharpening {noRise:P1}");
        Assert.True(atLowEdge <= 0.06 && atHighEdge <= 0.06, $"false edge {atLowEdge:P1} / {atHighEdge:P1}");
        Assert.True(rise >= 0.8, $"power of sharpening {rise:P1}");
        Assert.True(inside >= 0.8, $"power of the edge {inside:P1}");

        // false "fails": at the claims' own boundaries (no rise; a late ratio on the band's edge, 0.9) and, for the edge, a
        // ratio of exactly 1 with a scatter as wide as the band, where both of "outside"'s one-sided tests may fire
        double fallAtZero = Rate(SharpnessClaims.Sharpening, () => Normal(0, 0.05), ClaimVerdict.Fails);
        double outsideAtEdge = Rate(SharpnessClaims.Edge, () => Normal(0.9, 0.02), ClaimVerdict.Fails);
        double outsideWide = Rate(SharpnessClaims.Edge, () => Normal(1.0, 0.1), ClaimVerdict.Fails);
        output.WriteLine($"fails: no rise {fallAtZero:P1}, edge at 0.9 {outsideAtEdge:P1}, ratio 1 with scatter 0.1 {outsideWide:P1}");
        Assert.True(fallAtZero <= 0.06, $"false falling {fallAtZero:P1}");
        Assert.True(outsideAtEdge <= 0.06 && outsideWide <= 0.06, $"false outside {outsideAtEdge:P1} / {outsideWide:P1}");
    }
}
