using System.Globalization;

namespace ReluStudy.Core.Statistics;

/// <summary>
/// k successes in n trials, k/n, with the exact (Clopper–Pearson) interval [B⁻¹(α/2; k, n − k + 1), B⁻¹(1 − α/2; k + 1, n − k)]
/// (low = 0 when k = 0, high = 1 when k = n). Exact rather than Wilson because a calibration test that asserts
/// "the rate is at most 5 %" should never fail for want of coverage in its own yardstick: Clopper–Pearson covers
/// at least the stated level for every n and rate (it is conservative), Wilson only on average.
/// </summary>
public sealed record Proportion(int Successes, int Trials, double Low, double High, double Confidence)
{
    public double Rate => (double)Successes / Trials;

    /// <summary>The Clopper–Pearson interval at <paramref name="confidence"/> (two-sided, α/2 in each tail).</summary>
    public static Proportion Of(int successes, int trials, double confidence = 0.95)
    {
        if (trials < 1) throw new ArgumentOutOfRangeException(nameof(trials), trials, "need at least one trial");
        if (successes < 0 || successes > trials)
            throw new ArgumentOutOfRangeException(nameof(successes), successes, $"successes must lie in [0, {trials}]");
        if (!(confidence > 0 && confidence < 1)) throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "confidence must lie in (0, 1)");
        double alpha = 1 - confidence;
        double low = successes == 0 ? 0 : BetaDistribution.Quantile(alpha / 2, successes, trials - successes + 1);
        double high = successes == trials ? 1 : BetaDistribution.Quantile(1 - alpha / 2, successes + 1, trials - successes);
        return new Proportion(successes, trials, low, high, confidence);
    }

    /// <summary>Whether <paramref name="rate"/> lies in the interval: the measurement is consistent with it.</summary>
    public bool Contains(double rate) => Low <= rate && rate <= High;

    /// <summary>"951 of 1000 (95.1 %, 95 % CI [93.6, 96.3])".</summary>
    public string Describe()
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        return $"{Successes} of {Trials} ({(100 * Rate).ToString("0.0", c)} %, {(100 * Confidence).ToString("0.#", c)} % CI "
            + $"[{(100 * Low).ToString("0.0", c)}, {(100 * High).ToString("0.0", c)}])";
    }

    public override string ToString() => Describe();
}
