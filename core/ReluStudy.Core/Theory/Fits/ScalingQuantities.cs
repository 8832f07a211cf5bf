using ReluStudy.Core.Results;
using static ReluStudy.Core.Results.MetricColumns;

namespace ReluStudy.Core.Theory.Fits;

/// <summary>A prediction's quantity read off a run, with the exponents predicted for it against the axis it is fitted against
/// (width unless said otherwise).</summary>
/// <param name="Prediction">the prediction it tests (P1, P6, ...; a prediction may have several quantities, e.g. P6-spec and P6-frob).</param>
/// <param name="Recorded">whether a run recorded what the quantity reads (folders of older versions may lack a file).</param>
/// <param name="AtInitialisation">the quantity is taken at W(0), so how far training later moves does not bear on it.</param>
/// <param name="AtStabilityEdge">the quantity is where training stops being stable, which no lazy-regime rule on the run's
/// step or movement can judge (only the depth-to-width rule applies, as at initialisation).</param>
public sealed record ScalingQuantity(string Id, string Prediction, string Description, IReadOnlyList<double> Predicted, Func<RunResult, double?> Measure,
    Func<RunResult, bool>? Recorded = null, bool AtInitialisation = false, SweepAxis? Against = null, bool AtStabilityEdge = false)
{
    /// <summary>Whether only the depth-to-width rule of the lazy range applies (<see cref="LazyRange.WhyExcluded"/>).</summary>
    public bool ShapeRuleOnly => AtInitialisation || AtStabilityEdge;

    public bool IsRecordedBy(RunResult r) => Recorded?.Invoke(r) ?? true;

    /// <summary>The axis the quantity is fitted against.</summary>
    public SweepAxis Axis => Against ?? SweepAxis.Width;
}

/// <summary>
/// The scaling predictions the fits test. Deep network, against width: P1, P3, P6, P8, P9, P11, P12 (hinge losses) and the kernel's
/// P19, P20; against depth P2 and P11b, against the step P4. The fixed target is the first
/// logged iteration with L_S ≤ ε (<see cref="Target"/>; an upper bound on k_ε at the logging resolution; log every iteration
/// for exact k_ε), and runs that never reach it give no value. Two-layer model: P13–P16.
/// </summary>
public static class ScalingQuantities
{
    /// <summary>The predictions of the deep network, then of the two-layer model.</summary>
    public static readonly IReadOnlyList<string> DeepPredictions = ["P1", "P2", "P3", "P4", "P6", "P8", "P9", "P11", "P11b", "P12", "P19", "P20", SgdBatch];

    /// <summary>The mini-batch measurements of SGD: fitted against B and reported, with no predicted exponent to judge them by.</summary>
    public const string SgdBatch = "SgdBatch";
    public static readonly IReadOnlyList<string> TwoLayerPredictions = ["P13", "P14", "P15", "P16"];

    public static IReadOnlyList<ScalingQuantity> Deep(double targetFraction = 0.1) =>
    [
        new("P1", "P1", "squared gradient norm at initialisation, all layers", [1], r => Square(First(r)?[GradNorm]), AtInitialisation: true),
        new("P1-last", "P1", "squared gradient norm at initialisation, last layer", [1],
            r => Square(r.LayerRows.Where(row => row.Iteration == 0).MaxBy(row => row[Layer])?[GradNorm]), AtInitialisation: true),
        new("P2", "P2", "squared gradient norm at initialisation against depth (m >> L; the theory brackets the exponent in [0, 3])", [1],
            r => Square(First(r)?[GradNorm]), AtInitialisation: true, Against: SweepAxis.Depth),
        new("P3", "P3", "iterations to the fixed loss target", [-1], r => AtTarget(r, targetFraction)?[Iteration]),
        new("P4", "P4", "iterations to the fixed loss target against the step (fixed m)", [-1], r => AtTarget(r, targetFraction)?[Iteration],
            Against: SweepAxis.Step),
        new("P6-spec", "P6", "max_l ||W_l - W_l(0)||_2 at the target", [-0.5], r => AtTarget(r, targetFraction)?[DistanceSpectralMax]),
        new("P6-frob", "P6", "||W - W(0)||_F at the target", [-0.5], r => AtTarget(r, targetFraction)?[DistanceFrobenius]),
        new("P8", "P8", "activation-pattern change ratio at the target (typical -1/2, bound -1/3)", [-0.5, -1.0 / 3],
            r => AtTarget(r, targetFraction)?[PatternChangeRatio]),
        new("P9", "P9", "initial loss L_S(W(0)), width-free (about 0.772 for m >> L)", [0], r => First(r)?[Loss], AtInitialisation: true),
        new("P11", "P11", "largest stable step (every step of the probe lowers the loss) against width", [-1], LargestStableStep, Searched, AtStabilityEdge: true),
        new("P11b", "P11b", "largest stable step against depth (expected -1; the theory's sufficient step goes like L^-3)", [-1, -3],
            LargestStableStep, Searched, Against: SweepAxis.Depth, AtStabilityEdge: true),
        new("P12", "P12", "rate of the linear phase, -d ln L_S / dk, of a hinge loss (rate proportional to eta*m)", [1],
            r => LinearPhaseRate(r, targetFraction), r => r.Config is DeepRunConfiguration { Loss: "square-hinge" or "smoothed-hinge" }),
        new("B-k", SgdBatch, "SGD: iterations to the fixed loss target against the mini-batch size B (fixed eta)", [],
            r => AtTarget(r, targetFraction)?[Iteration], Against: SweepAxis.Batch),
        new("B-examples", SgdBatch, "SGD: examples seen to the fixed loss target, k_eps * B", [],
            r => AtTarget(r, targetFraction)?[Iteration] * SweepAxis.Batch.Of(r), Against: SweepAxis.Batch),
        new("B-dist", SgdBatch, "SGD: ||W - W(0)||_F at the target against B", [], r => AtTarget(r, targetFraction)?[DistanceFrobenius], Against: SweepAxis.Batch),
        new("B-patterns", SgdBatch, "SGD: activation-pattern change ratio at the target against B", [],
            r => AtTarget(r, targetFraction)?[PatternChangeRatio], Against: SweepAxis.Batch),
        new("P19", "P19", "relative change of the empirical kernel at the target", [-0.5],
            r => TangentKernelChangeAtTarget(r, targetFraction), r => r.TangentKernelRows.Count > 0),
        new("P20", "P20", "||K(0)/m - K_inf||_F / ||K_inf||_F, the initial kernel's distance from its limit", [-0.5],
            r => r.TangentKernelRows.FirstOrDefault(row => row.Iteration == 0 && row[Layer] == 0)?[LimitGap], r => r.TangentKernelRows.Count > 0, AtInitialisation: true),
    ];

    /// <summary>DZPS's predictions P13–P16 for the two-layer model (values at the last logged row, the plateau).</summary>
    public static IReadOnlyList<ScalingQuantity> TwoLayer() =>
    [
        new("P13", "P13", "||H(0) - H_inf||_F", [-0.5], r => r.Record.Summary?.Gram0MinusInfiniteFrobenius, AtInitialisation: true),
        new("P14", "P14", "||H(k) - H(0)||_2 at the last Gram row", [-0.5], r => r.Rows.LastOrDefault(row => row.Has(GramChange))?[GramChange]),
        new("P15", "P15", "max_r ||w_r(k) - w_r(0)||_2 at the end", [-0.5], r => r.Rows.LastOrDefault()?[MaxWeightDistance]),
        new("P16", "P16", "fraction of activation patterns changed at the end", [-0.5], r => r.Rows.LastOrDefault()?[PatternChangeRatio]),
    ];

    /// <summary>The deep or two-layer predictions, by the runs' model.</summary>
    public static IReadOnlyList<ScalingQuantity> For(IEnumerable<RunResult> runs, double targetFraction = 0.1) =>
        runs.Any(r => r.Config.IsTwoLayer) ? TwoLayer() : Deep(targetFraction);

    /// <summary>The quantity's value at each run's width and seed (positive and finite only), and how many runs gave none.</summary>
    public static (ScalingPoint[] Points, int Missing) Points(IReadOnlyCollection<RunResult> runs, ScalingQuantity q)
    {
        ScalingPoint[] points = runs.Select(r => (Run: r, Value: q.Measure(r)))
            .Where(p => p.Value is double v && double.IsFinite(v) && v > 0)
            .Where(p => q.Axis.Of(p.Run) is double x && x > 0)
            .Select(p => new ScalingPoint(q.Axis.Of(p.Run)!.Value, p.Run.Seed, p.Value!.Value)).ToArray();
        return (points, runs.Count - points.Length);
    }

    /// <summary>Whether the run searched for its largest stable step (P11 and P11b read nothing else).</summary>
    private static bool Searched(RunResult r) => r.Record.Summary?.StepSearch is not null;

    /// <summary>A step search's largest stable step when the search bracketed the threshold (a search whose whole range was
    /// stable, or unstable, gives no value).</summary>
    public static double? LargestStableStep(RunResult r) =>
        r.Record.Summary?.StepSearch is { Bracketed: true } s ? s.LargestStable : null;

    private static CsvRow? First(RunResult r) => r.Rows.FirstOrDefault(row => row.Iteration == 0);

    /// <summary>
    /// The fixed target ε of a run: the loss it was told to stop at (a study's stop_at_loss, relustudy train's
    /// --target-loss) when it has one, else <paramref name="fraction"/>·L_S(W(0)).
    /// </summary>
    public static double? Target(RunResult r, double fraction) =>
        r.Config is DeepRunConfiguration { TargetLoss: double eps } ? eps : r.Record.Summary?.InitialLoss * fraction;

    /// <summary>The first logged row at or below the run's fixed target; none when it never got there.</summary>
    public static CsvRow? AtTarget(RunResult r, double fraction) =>
        Target(r, fraction) is double target ? r.Rows.FirstOrDefault(row => row[Loss] <= target) : null;

    /// <summary>
    /// The whole kernel's relative change at the target iteration k_ε, interpolated linearly in k between the kernel rows
    /// around it (the kernel is measured on the Gram schedule only); none when the target falls past the last kernel row.
    /// </summary>
    private static double? TangentKernelChangeAtTarget(RunResult r, double fraction)
    {
        if (AtTarget(r, fraction)?[Iteration] is not double k) return null;
        CsvRow[] whole = r.TangentKernelRows.Where(row => row[Layer] == 0).ToArray();
        CsvRow? after = whole.FirstOrDefault(row => row.Iteration >= k), before = whole.LastOrDefault(row => row.Iteration <= k);
        if (after is null || before is null) return null;
        if (after.Iteration == before.Iteration) return after[TangentKernelChange];
        double t = (k - before.Iteration) / (after.Iteration - before.Iteration);
        return (1 - t) * before[TangentKernelChange] + t * after[TangentKernelChange];
    }

    /// <summary>
    /// The linear phase's rate of a run: minus the least-squares slope of ln L_S against k over the logged rows from the
    /// first with L_S ≤ L_S(0)/2 (past the first transient) to the fixed target (or the last row); none from fewer than 3
    /// rows. Linear convergence L_S(k) ≈ C·e^{−rk} makes r ∝ η·m (P12).
    /// </summary>
    public static double? LinearPhaseRate(RunResult r, double fraction)
    {
        if (First(r)?[Loss] is not double initial) return null;
        int end = AtTarget(r, fraction)?.Iteration ?? int.MaxValue;
        (double, double)[] phase = r.Rows
            .Where(row => row.Iteration <= end && row[Loss] is double l && l > 0 && l <= initial / 2)
            .Select(row => ((double)row.Iteration, Math.Log(row[Loss]!.Value))).ToArray();
        return phase.Length < 3 ? null : -Numerics.LeastSquares.Line(phase).Slope;
    }

    private static double? Square(double? v) => v is double x && double.IsFinite(x) ? x * x : null;
}
