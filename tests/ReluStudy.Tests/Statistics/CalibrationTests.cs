using ReluStudy.Core.Numerics;
using ReluStudy.Core.Statistics;
using Xunit.Abstractions;

namespace ReluStudy.Tests.Statistics;

/// <summary>
/// Simulated studies with known truth, fixed seeds: do the intervals cover, do the tests keep their size, and does
/// power grow with seeds? Each study is 5 widths (64..1024, doubling) × S seeds, with seed s's curve
/// log y = a + b·log x + u_s + v_s·log x + ε: u_s, v_s the seed's random intercept and slope, ε iid per point.
/// Every measured rate is printed and named in its assertion, with its Clopper–Pearson 95 % interval.
/// </summary>
public class CalibrationTests(ITestOutputHelper output)
{
    private static readonly double[] Widths = [64, 128, 256, 512, 1024];

    /// <summary>Sxx of log x over the 5 widths: (ln 2)²·(4 + 1 + 0 + 1 + 4); a seed's slope has noise sd σ_ε/√Sxx from ε.</summary>
    private static readonly double Sxx = 10 * Math.Log(2) * Math.Log(2);

    private static ClusteredSlope Study(Rng rng, int seeds, double slope, double interceptSd, double slopeSd, double pointSd)
    {
        var x = new double[Widths.Length * seeds];
        var seed = new ulong[x.Length];
        var y = new double[x.Length];
        int i = 0;
        for (int s = 0; s < seeds; s++)
        {
            double u = interceptSd * rng.NextNormal(), v = slopeSd * rng.NextNormal();
            foreach (double m in Widths)
            {
                x[i] = m;
                seed[i] = (ulong)s;
                y[i] = Math.Exp(1 + (slope + v) * Math.Log(m) + u + pointSd * rng.NextNormal());
                i++;
            }
        }
        return SeedSlopeFit.PowerLaw(x, seed, y);
    }

    private Proportion Report(string what, int hits, int trials)
    {
        Proportion p = Proportion.Of(hits, trials);
        output.WriteLine($"{what}: {p.Describe()}");
        return p;
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    public void TheSeedClusteredIntervalCoversAtItsNominalRate(int seeds)
    {
        // Random intercept sd 0.5, random slope sd 0.05, point noise sd 0.02; truth b = −0.5.
        const int studies = 4000;
        var rng = new Rng(0xC0FE, (ulong)seeds);
        int covered = 0;
        for (int t = 0; t < studies; t++)
        {
            ClusteredSlope fit = Study(rng, seeds, -0.5, interceptSd: 0.5, slopeSd: 0.05, pointSd: 0.02);
            if (fit.Low <= -0.5 && -0.5 <= fit.High) covered++;
        }
        Proportion c = Report($"coverage of the 95 % interval, {seeds} seeds", covered, studies);
        Assert.True(c.Rate >= 0.94, $"coverage {c.Describe()} is below 94 %");
        Assert.True(c.Rate <= 0.965, $"coverage {c.Describe()} is wider than a 95 % interval should be");
    }

    [Fact]
    public void BenjaminiHochbergKeepsStudyLevelFalseAlarmsAtFivePercent()
    {
        // 15 claims per study, all true (each its own exponent), 3 seeds each: a study is falsely "inconsistent" when
        // BH at q = 5 % rejects any claim. With all nulls true, BH's false discovery rate is its chance of any rejection.
        const int studies = 2000, claims = 15;
        var rng = new Rng(0xB4);
        int falseStudies = 0, uncorrectedFalseStudies = 0;
        var p = new double[claims];
        for (int t = 0; t < studies; t++)
        {
            for (int c = 0; c < claims; c++)
            {
                double truth = -1 + c / 7.0;
                p[c] = Study(rng, 3, truth, interceptSd: 0.5, slopeSd: 0.05, pointSd: 0.02).PValue(truth);
            }
            if (BenjaminiHochberg.Adjust(p, 0.05).RejectedCount > 0) falseStudies++;
            if (p.Any(v => v <= 0.05)) uncorrectedFalseStudies++;
        }
        Proportion bh = Report("studies with a false 'inconsistent', BH at 5 %", falseStudies, studies);
        Proportion raw = Report("studies with a false 'inconsistent', each claim at 5 % (no correction)", uncorrectedFalseStudies, studies);
        // ≤ 5 % up to binomial error: one-sided 99.5 % tolerance 2.58·√(0.05·0.95/n) ≈ 1.3 %.
        double tolerance = 2.58 * Math.Sqrt(0.05 * 0.95 / studies);
        Assert.True(bh.Rate <= 0.05 + tolerance, $"BH false-alarm rate {bh.Describe()} exceeds 5 % + {tolerance:P1}");
        Assert.True(raw.Rate > 0.4, $"without correction {raw.Describe()}, expected ≈ 1 − 0.95^15 = 54 %");
    }

    [Fact]
    public void PowerAgainstAnExponentOffByPointTwo()
    {
        // Truth b* + 0.2 tested against b*, two-sided at 5 %, 3 seeds. Noise: random intercept sd 0.5, point sd 0.05,
        // random slope sd τ swept; a seed's slope then varies with sd σ_b = √(τ² + 0.05²/Sxx).
        const int studies = 2000;
        double[] taus = [0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1];
        var rng = new Rng(0x90E);
        var power = new List<(double Tau, double SigmaB, Proportion P)>();
        foreach (double tau in taus)
        {
            int rejected = 0;
            for (int t = 0; t < studies; t++)
                if (Study(rng, 3, -0.3, interceptSd: 0.5, slopeSd: tau, pointSd: 0.05).PValue(-0.5) <= 0.05) rejected++;
            double sigmaB = Math.Sqrt(tau * tau + 0.05 * 0.05 / Sxx);
            power.Add((tau, sigmaB, Report($"power, 3 seeds, τ = {tau}, σ_b = {sigmaB:F4}", rejected, studies)));
        }
        int firstBelow = power.FindIndex(p => p.P.Rate < 0.8);
        output.WriteLine(firstBelow <= 0 ? "power never crosses 80 % in the sweep"
            : $"power drops below 80 % between τ = {power[firstBelow - 1].Tau} (σ_b = {power[firstBelow - 1].SigmaB:F4}) and τ = {power[firstBelow].Tau} (σ_b = {power[firstBelow].SigmaB:F4})");
        Assert.True(power[0].P.Rate >= 0.95, $"at τ = {taus[0]} power is only {power[0].P.Describe()}");
        Assert.True(firstBelow > 0, "power should start above 80 % and fall below it within the sweep");
        for (int i = 1; i < power.Count; i++)
            Assert.True(power[i].P.Rate <= power[i - 1].P.Rate + 0.02, $"power should fall with noise: {power[i - 1].P.Describe()} then {power[i].P.Describe()}");

        // More seeds at the noise where 3 seeds fall short.
        double hardTau = power[firstBelow].Tau;
        int rejected8 = 0;
        for (int t = 0; t < studies; t++)
            if (Study(rng, 8, -0.3, interceptSd: 0.5, slopeSd: hardTau, pointSd: 0.05).PValue(-0.5) <= 0.05) rejected8++;
        Proportion eight = Report($"power, 8 seeds, τ = {hardTau}", rejected8, studies);
        Assert.True(eight.Low > power[firstBelow].P.High, $"8 seeds {eight.Describe()} should beat 3 seeds {power[firstBelow].P.Describe()}");
    }

    /// <summary>Values of a seed × width design: block s holds seed s's values at the 5 widths, rising by <paramref name="trend"/> per doubling.</summary>
    private static double[][] Design(Rng rng, int seeds, double trend, double seedSd, double noiseSd) =>
        Enumerable.Range(0, seeds).Select(_ =>
        {
            double u = seedSd * rng.NextNormal();
            return Enumerable.Range(0, Widths.Length).Select(j => trend * j + u + noiseSd * rng.NextNormal()).ToArray();
        }).ToArray();

    /// <summary>The same values grouped by width (JT's groups), optionally leaving out seed 0 at the middle width.</summary>
    private static double[][] ByWidth(double[][] blocks, bool dropOne = false) =>
        Enumerable.Range(0, Widths.Length).Select(j => blocks.Where((_, s) => !(dropOne && s == 0 && j == 2)).Select(b => b[j]).ToArray()).ToArray();

    /// <summary>
    /// With seed offsets JT's permutation null (all values exchangeable) does not hold — a seed's values move together —
    /// and it turns conservative; Page's blocks absorb the offsets. Both must stay at or below 5 %.
    /// </summary>
    [Fact]
    public void PageAndJonckheereKeepTheirSizeUnderTheNull()
    {
        const int studies = 4000;
        var rng = new Rng(0x512E);
        int page = 0, jt = 0, jtUnbalanced = 0, pageTied = 0, jtNoOffsets = 0;
        for (int t = 0; t < studies; t++)
        {
            // Without seed offsets every value is exchangeable, JT's own null holds exactly, and its size is the nominal one.
            if (JonckheereTerpstra.Test(ByWidth(Design(rng, 3, 0, 0, 0.2))).PIncreasing <= 0.05) jtNoOffsets++;
            // No trend; seed offsets sd 0.5 and noise sd 0.2.
            double[][] blocks = Design(rng, 3, 0, 0.5, 0.2);
            if (PageTest.Test(blocks).PIncreasing <= 0.05) page++;
            if (JonckheereTerpstra.Test(ByWidth(blocks)).PIncreasing <= 0.05) jt++;
            if (JonckheereTerpstra.Test(ByWidth(blocks, dropOne: true)).PIncreasing <= 0.05) jtUnbalanced++;
            // Coarse measurements (rounded to 0.2): ties within seeds.
            double[][] coarse = blocks.Select(b => b.Select(v => Math.Round(v / 0.2)).ToArray()).ToArray();
            if (PageTest.Test(coarse).PIncreasing <= 0.05) pageTied++;
        }
        double exactSize = PageTest.NullWithoutTies(5, 3).AtLeast(PageTest.NullWithoutTies(5, 3).UpperCritical(0.05));
        output.WriteLine($"exact size of Page's 5 % test, 5 widths × 3 seeds: {exactSize:P2}");
        double tolerance = 2.58 * Math.Sqrt(0.05 * 0.95 / studies);
        foreach ((string name, int hits) in new[] { ("Page", page), ("Page, tied values", pageTied), ("JT", jt),
                     ("JT, one seed missing at one width", jtUnbalanced), ("JT, no seed offsets", jtNoOffsets) })
        {
            Proportion p = Report($"size at 5 %, {name}", hits, studies);
            Assert.True(p.Rate <= 0.05 + tolerance, $"{name}: rejection rate under the null {p.Describe()} exceeds 5 % + {tolerance:P1}");
        }
        // Exact tests are not merely conservative: where their null holds they use their size (Page: 4.76 %).
        Assert.True(Proportion.Of(page, studies).High >= 0.04, "Page's test should reject near its exact size under the null");
        Assert.True(Proportion.Of(jtNoOffsets, studies).High >= 0.04, "JT should reject near 5 % when all values are exchangeable");
    }

    [Fact]
    public void MoreSeedsMakeATrueTrendMoreLikelyToBeFound()
    {
        // Every seed rises by 0.1 per doubling of width; noise sd 0.25 per point, seed offsets sd 0.5.
        const int studies = 2000;
        var rng = new Rng(0x5EED5);
        var page = new List<Proportion>();
        var jt = new List<Proportion>();
        var slope = new List<Proportion>();
        foreach (int seeds in new[] { 3, 8, 16 })
        {
            int pageHits = 0, jtHits = 0, slopeHits = 0;
            for (int t = 0; t < studies; t++)
            {
                double[][] blocks = Design(rng, seeds, 0.1, 0.5, 0.25);
                if (PageTest.Test(blocks).PIncreasing <= 0.05) pageHits++;
                if (JonckheereTerpstra.Test(ByWidth(blocks)).PIncreasing <= 0.05) jtHits++;
                double[] u = blocks.SelectMany(_ => Enumerable.Range(0, Widths.Length).Select(j => (double)j)).ToArray();
                ulong[] seed = blocks.SelectMany((_, s) => Enumerable.Repeat((ulong)s, Widths.Length)).ToArray();
                if (SeedSlopeFit.Line(u, seed, blocks.SelectMany(b => b).ToArray()).PValue(0) <= 0.05) slopeHits++;
            }
            page.Add(Report($"power, Page, {seeds} seeds", pageHits, studies));
            jt.Add(Report($"power, JT, {seeds} seeds", jtHits, studies));
            slope.Add(Report($"power, seed-clustered slope t test (two-sided, b = 0), {seeds} seeds", slopeHits, studies));
        }
        foreach ((string name, List<Proportion> p) in new[] { ("Page", page), ("JT", jt), ("slope t test", slope) })
            for (int i = 1; i < p.Count; i++)
                Assert.True(p[i].Low > p[i - 1].High, $"{name}: power with more seeds {p[i].Describe()} should exceed {p[i - 1].Describe()}");
        Assert.True(page[2].Rate >= 0.8, $"Page with 16 seeds should find the trend at least 80 % of the time: {page[2].Describe()}");
    }
}
