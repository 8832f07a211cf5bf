using ReluStudy.Core.Results;
using ReluStudy.Core.Training;
using static ReluStudy.Core.Results.MetricColumns;

namespace ReluStudy.Core.Theory.Fits;

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
