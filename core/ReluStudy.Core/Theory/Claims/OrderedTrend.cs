using System.Globalization;
using ReluStudy.Core.Results;
using ReluStudy.Core.Statistics;

namespace ReluStudy.Core.Theory.Claims;

/// <summary>
/// One test of a trend across ordered widths over every width × seed value: Page's L with the seeds as blocks when every
/// seed has a value at every width (k ≤ 8), else Jonckheere–Terpstra over the widths' groups; both with their exact null
/// (or a seeded Monte Carlo of ≥ 100 000 permutations for a large Jonckheere–Terpstra design), one-sided each way.
/// <see cref="Why"/> says why there is no test: a design whose most extreme order cannot reach the level.
/// </summary>
public sealed record OrderedTrend(string? Name, string? Method, double? Statistic, double? PDecreasing, double? PIncreasing, string? Why)
{
    public const string Page = "page";
    public const string Jonckheere = "jonckheere-terpstra";

    public static OrderedTrend Of(IReadOnlyList<ClaimValue> values)
    {
        var inv = CultureInfo.InvariantCulture;
        int[] widths = values.Select(v => v.Width).Distinct().Order().ToArray();
        ulong[] seeds = values.Select(v => v.Seed).Distinct().Order().ToArray();
        bool complete = seeds.All(s => widths.All(w => values.Count(v => v.Seed == s && v.Width == w) == 1));
        if (widths.Length < 2) return new(null, null, null, null, null, $"{widths.Length} width: nothing to order");
        if (complete && widths.Length <= PageTest.MaxTreatments)
        {
            double best = Math.Pow(1.0 / Factorial(widths.Length), seeds.Length);
            if (best > FigureClaims.Significance)
                return new(null, null, null, null, null, string.Format(inv,
                    "{0} widths x {1} seeds: even widths in perfect order give p = {2:G3} > {3}", widths.Length, seeds.Length, best, FigureClaims.Significance));
            double[][] blocks = seeds.Select(s => widths.Select(w => values.Single(v => v.Seed == s && v.Width == w).Value).ToArray()).ToArray();
            PageResult page = PageTest.Test(blocks);
            return new(Page, "exact", page.L, page.PDecreasing, page.PIncreasing, null);
        }
        double[][] groups = widths.Select(w => values.Where(v => v.Width == w).Select(v => v.Value).ToArray()).ToArray();
        double fewest = 1 / Multinomial(groups.Select(g => g.Length).ToArray());
        if (fewest > FigureClaims.Significance)
            return new(null, null, null, null, null, string.Format(inv, "{0} values over {1} widths: even values in perfect order give p = {2:G3} > {3}",
                values.Count, widths.Length, fewest, FigureClaims.Significance));
        JonckheereResult jt = JonckheereTerpstra.Test(groups);
        string method = jt.Method == JonckheereTerpstra.ExactMethod ? "exact" : $"monte-carlo, {jt.Permutations} permutations";
        return new(Jonckheere, method, jt.J, jt.PDecreasing, jt.PIncreasing, null);
    }

    private static double Factorial(int k) => k <= 1 ? 1 : k * Factorial(k - 1);

    /// <summary>N!/(n_1!·…·n_k!): the number of distinct orders of the pooled values among the groups.</summary>
    private static double Multinomial(int[] sizes)
    {
        double result = 1;
        int placed = 0;
        foreach (int n in sizes)
            for (int i = 1; i <= n; i++) result *= (double)++placed / i;
        return result;
    }
}
