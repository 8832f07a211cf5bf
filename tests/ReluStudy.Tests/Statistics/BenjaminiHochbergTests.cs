using ReluStudy.Core.Numerics;
using ReluStudy.Core.Statistics;

namespace ReluStudy.Tests.Statistics;

/// <summary>Benjamini–Hochberg against a hand-worked case and against its definition on random inputs.</summary>
public class BenjaminiHochbergTests
{
    [Fact]
    public void HandWorkedCase()
    {
        // Sorted: 0.005, 0.01, 0.03, 0.04, 0.2 (m = 5); m·p/i = 0.025, 0.025, 0.05, 0.05, 0.2, already monotone.
        // At q = 0.06 the cuts i·q/m are 0.012, 0.024, 0.036, 0.048, 0.06: the largest i with p_(i) ≤ cut is 4.
        MultipleTestResult r = BenjaminiHochberg.Adjust(new[] { 0.01, 0.04, 0.03, 0.005, 0.2 }, 0.06);
        AssertSequence([0.025, 0.05, 0.05, 0.025, 0.2], r.Adjusted);
        Assert.Equal([true, true, true, true, false], r.Rejected);
        Assert.Equal((5, 4), (r.Tested, r.RejectedCount));

        // At q = 0.04 the cuts are 0.008, 0.016, 0.024, 0.032, 0.04: only 0.005 and 0.01 pass.
        MultipleTestResult strict = BenjaminiHochberg.Adjust(new[] { 0.01, 0.04, 0.03, 0.005, 0.2 }, 0.04);
        Assert.Equal([true, false, false, true, false], strict.Rejected);
    }

    [Fact]
    public void StepUpRejectsAPValueAboveItsOwnCutWhenALargerOnePasses()
    {
        // p_(1) = 0.03 > 1·0.05/2, but p_(2) = 0.04 ≤ 2·0.05/2: step-up rejects both (step-down would reject none).
        MultipleTestResult r = BenjaminiHochberg.Adjust(new[] { 0.04, 0.03 }, 0.05);
        Assert.Equal([true, true], r.Rejected);
        AssertSequence([0.04, 0.04], r.Adjusted);
    }

    [Fact]
    public void MissingPValuesAreExcludedAndReported()
    {
        MultipleTestResult r = BenjaminiHochberg.Adjust(new double?[] { 0.01, null, 0.02, double.NaN, 0.5 }, 0.05);
        Assert.Equal([1, 3], r.Excluded);
        Assert.Equal(3, r.Tested);
        Assert.True(double.IsNaN(r.Adjusted[1]) && double.IsNaN(r.Adjusted[3]));
        AssertSequence([0.03, double.NaN, 0.03, double.NaN, 0.5], r.Adjusted);
        Assert.Equal([true, false, true, false, false], r.Rejected);

        MultipleTestResult none = BenjaminiHochberg.Adjust(new[] { double.NaN }, 0.05);
        Assert.Equal((0, 0), (none.Tested, none.RejectedCount));
        Assert.Throws<ArgumentOutOfRangeException>(() => BenjaminiHochberg.Adjust(new[] { 1.5 }, 0.05));
        Assert.Throws<ArgumentOutOfRangeException>(() => BenjaminiHochberg.Adjust(new[] { 0.5 }, 0));
    }

    [Fact]
    public void AgreesWithTheDefinitionOnRandomInputsInAnyOrder()
    {
        var rng = new Rng(3);
        for (int trial = 0; trial < 300; trial++)
        {
            int m = 1 + rng.NextInt(30);
            // A mixture of small and uniform p-values, some tied (rounded to 2 decimals).
            double[] p = Enumerable.Range(0, m).Select(_ =>
            {
                double v = rng.NextDouble() < 0.3 ? rng.NextDouble() * 0.01 : rng.NextDouble();
                return rng.NextDouble() < 0.3 ? Math.Round(v, 2) : v;
            }).ToArray();
            double q = new[] { 0.01, 0.05, 0.1, 0.2 }[rng.NextInt(4)];
            MultipleTestResult r = BenjaminiHochberg.Adjust(p, q);

            // Definition: k = max{i: p_(i) ≤ i·q/m}; reject every p ≤ p_(k). Adjusted p_i = min over p_j ≥ p_i of
            // min(1, m·p_j/#{l: p_l ≤ p_j}).
            double[] sorted = p.Order().ToArray();
            int k = 0;
            for (int i = 1; i <= m; i++)
                if (sorted[i - 1] <= i * q / m) k = i;
            for (int i = 0; i < m; i++)
            {
                Assert.Equal(k > 0 && p[i] <= sorted[k - 1], r.Rejected[i]);
                double adjusted = p.Where(pj => pj >= p[i]).Min(pj => Math.Min(1, m * pj / p.Count(pl => pl <= pj)));
                Assert.Equal(adjusted, r.Adjusted[i], 1e-15);
                Assert.True(r.Adjusted[i] >= p[i]);
                if (Math.Abs(r.Adjusted[i] - q) > 1e-12) Assert.Equal(r.Adjusted[i] <= q, r.Rejected[i]); // away from rounding at the boundary
            }

            // Reordering the inputs reorders the outputs and nothing else.
            int[] order = Enumerable.Range(0, m).ToArray();
            rng.Shuffle(order.AsSpan());
            MultipleTestResult permuted = BenjaminiHochberg.Adjust(order.Select(i => p[i]).ToArray(), q);
            for (int j = 0; j < m; j++)
            {
                Assert.Equal(r.Adjusted[order[j]], permuted.Adjusted[j]);
                Assert.Equal(r.Rejected[order[j]], permuted.Rejected[j]);
            }
        }
    }

    private static void AssertSequence(double[] expected, IReadOnlyList<double> actual)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (int i = 0; i < expected.Length; i++)
            if (double.IsNaN(expected[i])) Assert.True(double.IsNaN(actual[i]));
            else Assert.Equal(expected[i], actual[i], 1e-14);
    }
}
