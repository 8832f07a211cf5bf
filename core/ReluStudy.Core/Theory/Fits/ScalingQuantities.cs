using ReluStudy.Core.Results;
using ReluStudy.Core.Training;
using static ReluStudy.Core.Results.MetricColumns;

namespace ReluStudy.Core.Theory.Fits;

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

    public static IReadOnlyList<ScalingQuantity> Deep(double targetFraction = 0.1)
    {
        int? Eps(RunResult r) => AtTarget(r, targetFraction)?.Iteration;
        double? AtEps(RunResult r, MetricColumn c) => AtTarget(r, targetFraction)?[c];
        return
        [
            new("P1", "P1", "squared gradient norm at initialisation, all layers", [1], r => Square(First(r)?[GradNorm])),
            new("P1-last", "P1", "squared gradient norm at initialisation, last layer", [1],
                r => Square(r.LayerRows.Where(row => row.Iteration == 0).MaxBy(row => row[Layer])?[GradNorm])),
            new("P2", "P2", "squared gradient norm at initialisation against depth (m >> L; the theory brackets the exponent in [0, 3])", [1],
                r => Square(First(r)?[GradNorm]), Against: SweepAxis.Depth),
            new("P3", "P3", "iterations to the fixed loss target", [-1], r => Eps(r), Eps,
                Infinite: r => Predicted(r, targetFraction, LossInfinite)?.Iteration, Linearized: r => Predicted(r, targetFraction, LossLinearized)?.Iteration),
            new("P4", "P4", "iterations to the fixed loss target against the step (fixed m)", [-1], r => Eps(r), Eps, Against: SweepAxis.Step,
                Infinite: r => Predicted(r, targetFraction, LossInfinite)?.Iteration, Linearized: r => Predicted(r, targetFraction, LossLinearized)?.Iteration),
            new("P6-spec", "P6", "max_l ||W_l - W_l(0)||_2 at the target", [-0.5], r => AtEps(r, DistanceSpectralMax), Eps),
            new("P6-frob", "P6", "||W - W(0)||_F at the target", [-0.5], r => AtEps(r, DistanceFrobenius), Eps,
                Infinite: r => Predicted(r, targetFraction, LossInfinite)?.Distance, Linearized: r => Predicted(r, targetFraction, LossLinearized)?.Distance),
            new("P8", "P8", "activation-pattern change ratio at the target (typical -1/2, bound -1/3)", [-0.5, -1.0 / 3], r => AtEps(r, PatternChangeRatio), Eps,
                UpperBounds: [-1.0 / 3]),
            new("P9", "P9", "initial loss L_S(W(0)), width-free (about 0.772 for m >> L)", [0], r => First(r)?[Loss]),
            new("P11", "P11", "largest stable step (every step of the probe lowers the loss) against width", [-1], LargestStableStep, Recorded: Searched),
            new("P11b", "P11b", "largest stable step against depth (predicted: the limit kernel's stability ceiling's own slope; the theory's sufficient step goes like L^-3)",
                [-3], LargestStableStep, Recorded: Searched, Against: SweepAxis.Depth, PredictedFrom: CeilingSlope),
            // η*'s two predictions fitted over the same runs as η* (StepPredictions: which of them describes η* is judged on
            // the ratios, StepPredictionRule).
            .. StepPredictions.All.SelectMany(p => new ScalingQuantity[]
            {
                new($"P11-{p.Id}", "P11", $"{p.Description}, on the runs with a largest stable step, against width", [-1],
                    r => StepPredictions.Beside(r, p), Recorded: Searched),
                new($"P11b-{p.Id}", "P11b", $"{p.Description}, on the runs with a largest stable step, against depth", [-3],
                    r => StepPredictions.Beside(r, p), Recorded: Searched, Against: SweepAxis.Depth, PredictedFrom: CeilingSlope),
            }),
            new("P12", "P12", "rate of the linear phase, -d ln L_S / dk, of a hinge loss (rate proportional to eta*m)", [1],
                r => LinearPhase.Of(r, targetFraction)?.Rate, r => LinearPhase.Of(r, targetFraction)?.End,
                r => r.Config is DeepRunConfiguration { Loss: "square-hinge" or "smoothed-hinge" }),
            new("B-k", SgdBatch, "SGD: iterations to the fixed loss target against the mini-batch size B (fixed eta)", [], r => Eps(r), Eps, Against: SweepAxis.Batch),
            new("B-examples", SgdBatch, "SGD: examples seen to the fixed loss target, k_eps * B", [], r => Eps(r) * SweepAxis.Batch.Of(r), Eps, Against: SweepAxis.Batch),
            new("B-dist", SgdBatch, "SGD: ||W - W(0)||_F at the target against B", [], r => AtEps(r, DistanceFrobenius), Eps, Against: SweepAxis.Batch),
            new("B-patterns", SgdBatch, "SGD: activation-pattern change ratio at the target against B", [], r => AtEps(r, PatternChangeRatio), Eps, Against: SweepAxis.Batch),
            new("P19", "P19", "relative change of the empirical kernel at the target", [-0.5],
                r => Eps(r) is int k ? LazyRange.KernelChange(r, k) : null, Eps, r => r.TangentKernelRows.Count > 0),
            new("P20", "P20", "||K(0)/m - K_inf||_F / ||K_inf||_F, the initial kernel's distance from its limit", [-0.5],
                r => r.TangentKernelRows.FirstOrDefault(row => row.Iteration == 0 && row[Layer] == 0)?[LimitGap], Recorded: r => r.TangentKernelRows.Count > 0),
        ];
    }

    /// <summary>DZPS's predictions P13–P16 for the two-layer model (values at the last logged row, the plateau).</summary>
    public static IReadOnlyList<ScalingQuantity> TwoLayer()
    {
        static int? End(RunResult r) => r.Rows.LastOrDefault()?.Iteration;
        return
        [
            new("P13", "P13", "||H(0) - H_inf||_F", [-0.5], r => r.Record.Summary?.Gram0MinusInfiniteFrobenius),
            new("P14", "P14", "||H(k) - H(0)||_2 at the last Gram row (Remark 3.1 bounds it by O(m^-1/2))", [-0.5],
                r => r.Rows.LastOrDefault(row => row.Has(GramChange))?[GramChange], End, UpperBounds: [-0.5]),
            new("P15", "P15", "max_r ||w_r(k) - w_r(0)||_2 at the end", [-0.5], r => r.Rows.LastOrDefault()?[MaxWeightDistance], End),
            new("P16", "P16", "fraction of activation patterns changed at the end", [-0.5], r => r.Rows.LastOrDefault()?[PatternChangeRatio], End),
        ];
    }

    /// <summary>The deep or two-layer predictions, by the runs' model.</summary>
    public static IReadOnlyList<ScalingQuantity> For(IEnumerable<RunResult> runs, double targetFraction = 0.1) =>
        runs.Any(r => r.Config.IsTwoLayer) ? TwoLayer() : Deep(targetFraction);

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
    /// Where a predicted training first reaches the run's target: its first logged row at or below it (the measurement's own
    /// resolution), else, for a prediction slower than the network, the iteration and distance the run recorded when it
    /// carried the prediction on past its own end (run.json's tangent_kernel); none when neither got there.
    /// </summary>
    public static (int Iteration, double? Distance)? Predicted(RunResult r, double fraction, MetricColumn loss)
    {
        if (Target(r, fraction) is not double target) return null;
        MetricColumn distance = loss == LossInfinite ? DistanceFrobeniusInfinite : DistanceFrobeniusLinearized;
        if (r.PredictionRows.FirstOrDefault(row => row[loss] <= target) is { } reached) return (reached.Iteration, reached[distance]);
        PredictedTarget? later = loss == LossInfinite ? r.Record.Summary?.TangentKernel?.InfiniteWidthTarget : r.Record.Summary?.TangentKernel?.LinearizedTarget;
        return later is { } p ? (p.Iteration, p.Distance) : null;
    }

    /// <summary>The least-squares slope of ln(the limit kernel's stability ceiling) on ln L over the runs' depths, when at least two
    /// depths recorded one: what the tangent kernel predicts for P11b.</summary>
    private static double? CeilingSlope(IReadOnlyCollection<RunResult> runs)
    {
        (double, double)[] points = runs
            .Where(r => StepPredictions.KernelCeiling.Of(r) is double c && c > 0 && SweepAxis.Depth.Of(r) is double)
            .Select(r => (Math.Log(SweepAxis.Depth.Of(r)!.Value), Math.Log(StepPredictions.KernelCeiling.Of(r)!.Value))).Distinct().ToArray();
        return points.Select(p => p.Item1).Distinct().Count() >= 2 ? Numerics.LeastSquares.Line(points).Slope : null;
    }

    private static double? Square(double? v) => v is double x && double.IsFinite(x) ? x * x : null;
}
