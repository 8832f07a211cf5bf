using ReluStudy.Core.Results;
using ReluStudy.Core.Training;

namespace ReluStudy.Core.Theory.Fits;

/// <summary>A fitted prediction: the fit over the axis values (widths, depths, ...) in the lazy range, the values left out
/// with the reason, and the setting its runs share (empty when the study has one).</summary>
public sealed record ScalingFit(ScalingQuantity Quantity, PowerLawResult? Fit, IReadOnlyList<ScalingPoint> Points,
    IReadOnlyList<ScalingPoint> ExcludedPoints, IReadOnlyDictionary<double, string> Excluded, int RunsWithoutValue, string Setting = "", int Runs = 0)
{
    /// <summary>"consistent with -0.5", "insufficient (3 widths, 2 seeds)" or, without two values, "not enough widths".</summary>
    public string Verdict => Fit?.Describe() ?? $"not enough {Quantity.Axis.Plural} ({Points.Select(p => p.X).Distinct().Count()} with a value in the lazy range)";

    /// <summary>Fits a prediction's quantity over the runs' axis values in the lazy range (two values at least).</summary>
    public static ScalingFit Of(IReadOnlyCollection<RunResult> runs, ScalingQuantity q, string setting = "")
    {
        var excluded = new Dictionary<double, string>();
        foreach (RunResult r in runs.OrderBy(r => r.Seed))
            if (q.Axis.Of(r) is double x && !excluded.ContainsKey(x) && LazyRange.WhyExcluded(r, q.ShapeRuleOnly) is string why) excluded[x] = why;
        (ScalingPoint[] all, int missing) = ScalingQuantities.Points(runs, q);
        ScalingPoint[] used = all.Where(p => !excluded.ContainsKey(p.X)).ToArray();
        PowerLawResult? fit = used.Select(p => p.X).Distinct().Count() >= 2
            ? PowerLawFit.Fit(used, q.Predicted, valuesName: q.Axis.Plural) : null;
        return new ScalingFit(q, fit, used, all.Except(used).ToArray(), excluded, missing, setting, runs.Count);
    }

    /// <summary>
    /// Every fit of the wanted predictions over finished, non-diverged runs: per quantity, one fit per group of runs that
    /// differ only in its axis and seed (<see cref="Setting"/>: a study sweeping two data sets fits each). Width fits are
    /// always made (saying why a verdict is missing); fits against another axis only where some group sweeps it.
    /// </summary>
    public static IReadOnlyList<ScalingFit> For(IEnumerable<RunResult> runs, Func<string, bool> wanted, double targetFraction = 0.1)
    {
        RunResult[] usable = runs.Where(r => r.Status.IsUsableForFits()).ToArray();
        if (usable.Length == 0) return [];
        var fits = new List<ScalingFit>();
        foreach (ScalingQuantity q in ScalingQuantities.For(usable, targetFraction).Where(q => wanted(q.Prediction) && usable.Any(q.IsRecordedBy)))
        {
            var groups = usable.GroupBy(r => r.Config.Setting(q.Axis)).OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
            bool swept = groups.Any(g => g.Select(q.Axis.Of).Distinct().Count() >= 2);
            if (q.Axis != SweepAxis.Width && !swept) continue;
            foreach (var g in groups) fits.Add(Of(g.ToArray(), q, g.Key));
        }
        return fits;
    }

    /// <summary>The fit as fits.json and relustudy fit --json record it.</summary>
    public FitRecord ToRecord() => new()
    {
        Id = Quantity.Id, Prediction = Quantity.Prediction, Description = Quantity.Description, Exponent = Fit?.Exponent, Low = Fit?.Low, High = Fit?.High,
        Predicted = Quantity.Predicted.Count > 0 ? Quantity.Predicted[0] : null,
        Verdict = Fit is null || !PowerLawFit.CanJudge(Fit.Values, Fit.Seeds) ? "insufficient"
            : Fit.Verdicts.Count == 0 ? "no prediction" : Fit.Verdicts[0].Verdict.ToString().ToLowerInvariant(),
        Verdicts = (Fit?.Verdicts ?? []).Select(v => new FitVerdict(v.Predicted, v.Verdict.ToString().ToLowerInvariant())).ToArray(),
        Axis = Quantity.Axis.Name, Setting = Setting, Values = Points.Select(p => p.X).Distinct().Order().ToArray(),
        Seeds = Points.Select(p => p.Seed).Distinct().Count(), Points = Points.Count,
        Excluded = Excluded.OrderBy(e => e.Key).Select(e => new LeftOut(e.Key, e.Value)).ToArray(), Margin = PowerLawFit.Margin,
        RunsWithoutValue = RunsWithoutValue,
    };
}
