using ReluStudy.Core.Results;

namespace ReluStudy.Core.Theory.Fits;

/// <summary>A prediction's quantity read off a run, with the exponents predicted for it against the axis it is fitted against
/// (width unless said otherwise); the first predicted exponent is the theory's, any other a competing prediction.</summary>
/// <param name="Prediction">the prediction it tests (P1, P6, ...; a prediction may have several quantities, e.g. P6-spec and P6-frob).</param>
/// <param name="At">the iteration the quantity is read at, where the lazy rule judges the run; none for a quantity taken at
/// initialisation or in the search for the stable step, which training has not moved.</param>
/// <param name="Recorded">whether a run recorded what the quantity reads (folders of older versions may lack a file).</param>
/// <param name="Infinite">the same quantity in the training the infinite-width kernel predicts, where there is one.</param>
/// <param name="Linearized">the same quantity in the training the network's own initial kernel predicts.</param>
/// <param name="PredictedFrom">the theory's exponent computed from the runs themselves (P11b: the stability ceiling's own slope).</param>
/// <param name="UpperBounds">the predicted exponents that are only upper bounds (a theorem's O(m^b), no typical rate): tested one-sided.</param>
public sealed record ScalingQuantity(string Id, string Prediction, string Description, IReadOnlyList<double> Predicted, Func<RunResult, double?> Measure,
    Func<RunResult, int?>? At = null, Func<RunResult, bool>? Recorded = null, SweepAxis? Against = null,
    Func<RunResult, double?>? Infinite = null, Func<RunResult, double?>? Linearized = null,
    Func<IReadOnlyCollection<RunResult>, double?>? PredictedFrom = null, IReadOnlyList<double>? UpperBounds = null)
{
    public bool IsBound(double predicted) => UpperBounds?.Contains(predicted) ?? false;

    public bool IsRecordedBy(RunResult r) => Recorded?.Invoke(r) ?? true;

    /// <summary>The axis the quantity is fitted against.</summary>
    public SweepAxis Axis => Against ?? SweepAxis.Width;

    /// <summary>The predicted exponents for these runs: the computed one first, when the quantity has one.</summary>
    public IReadOnlyList<double> PredictedFor(IReadOnlyCollection<RunResult> runs) =>
        PredictedFrom?.Invoke(runs) is double b ? [b, .. Predicted] : Predicted;

    /// <summary>The quantity's value on each run: positive points, and the runs whose value is zero or missing (never dropped unsaid).</summary>
    public (ScalingPoint[] Points, RunResult[] Zero, RunResult[] Missing) Points(IReadOnlyCollection<RunResult> runs, Func<RunResult, double?> measure)
    {
        var points = new List<ScalingPoint>();
        var zero = new List<RunResult>();
        var missing = new List<RunResult>();
        foreach (RunResult r in runs)
        {
            double? v = measure(r);
            if (Axis.Of(r) is not double x || !(x > 0) || v is not double value || !double.IsFinite(value) || value < 0) missing.Add(r);
            else if (value == 0) zero.Add(r);
            else points.Add(new ScalingPoint(x, r.Seed, value, r.Id));
        }
        return (points.ToArray(), zero.ToArray(), missing.ToArray());
    }
}
