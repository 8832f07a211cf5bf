namespace ReluStudy.Core.Theory.Claims;

/// <summary>
/// Spearman's rank correlation ρ of x and y (ties take their average rank) and its one-sided p-value: the share of
/// the n! orderings of y whose ρ is at least as low (or, for <see cref="PIncreasing"/>, as high) — exact for n ≤ 9,
/// else from ρ·√(n − 1), which is nearly standard normal under no association.
/// </summary>
public static class RankCorrelation
{
    public static double Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y) => Pearson(Ranks(x), Ranks(y));

    /// <summary>P(ρ ≤ ρ_observed) when y is unrelated to x: small when y falls as x grows.</summary>
    public static double PDecreasing(IReadOnlyList<double> x, IReadOnlyList<double> y) => P(x, y, decreasing: true);

    /// <summary>P(ρ ≥ ρ_observed) when y is unrelated to x: small when y grows with x.</summary>
    public static double PIncreasing(IReadOnlyList<double> x, IReadOnlyList<double> y) => P(x, y, decreasing: false);

    private static double P(IReadOnlyList<double> x, IReadOnlyList<double> y, bool decreasing)
    {
        double[] rx = Ranks(x), ry = Ranks(y);
        double observed = Pearson(rx, ry);
        int n = rx.Length;
        if (n > 9)
        {
            double z = observed * Math.Sqrt(n - 1);
            return decreasing ? NormalCdf(z) : 1 - NormalCdf(z);
        }
        int total = 0, extreme = 0;
        foreach (double[] order in Permutations(ry))
        {
            double rho = Pearson(rx, order);
            total++;
            if (decreasing ? rho <= observed + 1e-12 : rho >= observed - 1e-12) extreme++;
        }
        return (double)extreme / total;
    }

    /// <summary>1-based ranks, ties given the mean of the ranks they span.</summary>
    public static double[] Ranks(IReadOnlyList<double> values)
    {
        int[] order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            for (int t = start; t <= end; t++) ranks[order[t]] = (start + end) / 2.0 + 1;
            start = end + 1;
        }
        return ranks;
    }

    private static double Pearson(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Count; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? 0 : sab / Math.Sqrt(saa * sbb);
    }

    private static IEnumerable<double[]> Permutations(double[] items)
    {
        var a = (double[])items.Clone();
        var c = new int[a.Length];
        yield return (double[])a.Clone();
        for (int i = 0; i < a.Length;)
        {
            if (c[i] < i)
            {
                if (i % 2 == 0) (a[0], a[i]) = (a[i], a[0]);
                else (a[c[i]], a[i]) = (a[i], a[c[i]]);
                yield return (double[])a.Clone();
                c[i]++;
                i = 0;
            }
            else
            {
                c[i] = 0;
                i++;
            }
        }
    }

    /// <summary>Φ(z), by the complementary error function's Abramowitz–Stegun 7.1.26 approximation (|error| &lt; 1.5e-7).</summary>
    private static double NormalCdf(double z)
    {
        double x = Math.Abs(z) / Math.Sqrt(2), t = 1 / (1 + 0.3275911 * x);
        double erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.Exp(-x * x);
        return z >= 0 ? 1 - erfc / 2 : erfc / 2;
    }
}
