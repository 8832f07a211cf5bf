using ReluStudy.Core.Results;
using static ReluStudy.Core.Results.MetricColumns;

namespace ReluStudy.Core.Theory;

/// <summary>
/// Which widths a fit may use: those whose runs stay in the lazy regime the predictions describe (docs/theory.md,
/// section 8). A width is left out when any of its runs has L/m above <see cref="MaxDepthOverWidth"/> (the finite
/// network's kernel is far from its limit), a step above the stability ceiling, or ends having moved more than
/// <see cref="MaxRelativeDistance"/> of ‖W(0)‖_F or changed more than <see cref="MaxPatternChange"/> of its patterns.
/// </summary>
public static class LazyRange
{
    public const double MaxDepthOverWidth = 1.0 / 8;
    public const double MaxRelativeDistance = 0.1;
    public const double MaxPatternChange = 0.2;

    /// <summary>The rule in words, for the pages: "L/m at most 1/8, the step below the stability ceiling, ...".</summary>
    public static string Rule => string.Format(System.Globalization.CultureInfo.InvariantCulture,
        "L/m at most {0}, the step below the stability ceiling, at most {1:P0} of ||W(0)||_F moved and {2:P0} of the patterns changed",
        DepthRatio, MaxRelativeDistance, MaxPatternChange);

    /// <summary><see cref="MaxDepthOverWidth"/> as the fraction it is written as ("1/8").</summary>
    private static string DepthRatio => string.Format(System.Globalization.CultureInfo.InvariantCulture, "1/{0:G3}", 1 / MaxDepthOverWidth);

    /// <summary>Why the run is outside the lazy regime, or null when it is inside; with <paramref name="shapeOnly"/> (a quantity at
    /// initialisation or at the edge of stability) only the depth-to-width rule applies.</summary>
    public static string? WhyExcluded(RunResult r, bool shapeOnly = false)
    {
        if (r.Config is not DeepRunConfiguration c) return null;
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        double ratio = (double)c.Depth / c.Width;
        if (ratio > MaxDepthOverWidth)
            return string.Format(inv, "L/m = {0:G3} > {1} (the finite network's kernel is far from its limit)", ratio, DepthRatio);
        if (shapeOnly) return null;
        if (r.Record.Summary?.TangentKernel is { } t && c.StepTimesWidth >= t.MaxStableStepTimesWidth)
            return string.Format(inv, "eta*m = {0:G3} above the stability ceiling {1:G3}", c.StepTimesWidth, t.MaxStableStepTimesWidth);
        if (r.Rows.LastOrDefault() is not { } last) return "no logged rows";
        if (r.Record.Summary?.InitialFrobeniusNorms is { Count: > 0 } norms && last[DistanceFrobenius] is double distance)
        {
            double relative = distance / Math.Sqrt(norms.Sum(v => v * v));
            if (relative > MaxRelativeDistance) return string.Format(inv, "moved {0:P0} of ||W(0)||_F (> {1:P0})", relative, MaxRelativeDistance);
        }
        if (last[PatternChangeRatio] is double changed && changed > MaxPatternChange)
            return string.Format(inv, "changed {0:P0} of its activation patterns (> {1:P0})", changed, MaxPatternChange);
        return null;
    }
}

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
            var groups = usable.GroupBy(r => ScalingQuantities.Setting(r, q.Axis)).OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
            bool swept = groups.Any(g => g.Select(q.Axis.Of).Distinct().Count() >= 2);
            if (q.Axis != SweepAxis.Width && !swept) continue;
            foreach (var g in groups) fits.Add(Of(g.ToArray(), q, g.Key));
        }
        return fits;
    }
}

/// <summary>A fit as JSON: relustudy fit --json and the site's fits.json write this one shape.</summary>
public static class ScalingFitJson
{
    public static System.Text.Json.Nodes.JsonObject ToJson(ScalingFit f)
    {
        PowerLawResult? fit = f.Fit;
        return new System.Text.Json.Nodes.JsonObject
        {
            ["id"] = f.Quantity.Id,
            ["prediction"] = f.Quantity.Prediction,
            ["description"] = f.Quantity.Description,
            ["exponent"] = fit?.Exponent,
            ["low"] = fit?.Low,
            ["high"] = fit?.High,
            ["predicted"] = f.Quantity.Predicted.Count > 0 ? f.Quantity.Predicted[0] : null,
            ["verdict"] = fit is null || !PowerLawFit.CanJudge(fit.Values, fit.Seeds) ? "insufficient"
                : fit.Verdicts.Count == 0 ? "no prediction" : fit.Verdicts[0].Verdict.ToString().ToLowerInvariant(),
            ["verdicts"] = new System.Text.Json.Nodes.JsonArray((fit?.Verdicts ?? []).Select(v => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
                { ["predicted"] = v.Predicted, ["verdict"] = v.Verdict.ToString().ToLowerInvariant() }).ToArray()),
            ["axis"] = f.Quantity.Axis.Name,
            ["setting"] = f.Setting,
            [f.Quantity.Axis.Plural.Replace(' ', '_')] = new System.Text.Json.Nodes.JsonArray(f.Points.Select(p => p.X).Distinct().Order().Select(w => (System.Text.Json.Nodes.JsonNode)w).ToArray()),
            ["seeds"] = f.Points.Select(p => p.Seed).Distinct().Count(),
            ["points"] = f.Points.Count,
            ["excluded"] = new System.Text.Json.Nodes.JsonArray(f.Excluded.OrderBy(e => e.Key).Select(e => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
                { [f.Quantity.Axis.Name] = e.Key, ["reason"] = e.Value }).ToArray()),
            ["margin"] = PowerLawFit.Margin,
            ["runs_without_value"] = f.RunsWithoutValue,
        };
    }
}
