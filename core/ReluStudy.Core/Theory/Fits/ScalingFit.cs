using ReluStudy.Core.Results;
using ReluStudy.Core.Training;

namespace ReluStudy.Core.Theory.Fits;

/// <summary>A run a fit left out: the value it would have given (none when it has no value) and the measured reason.</summary>
public sealed record LeftOutRun(string Run, double X, ScalingPoint? Point, string Reason);

/// <summary>
/// A fitted prediction: the fit over the runs lazy at the quantity's point (and the runs left out, with the measured
/// reason), the runs whose value is zero or missing, the predicted exponents for these runs with their verdicts (judged
/// across the study: <see cref="FitVerdicts"/>), the same exponent on the kernel's predicted trainings where the quantity
/// has them, and the setting its runs share (empty when the study has one).
/// </summary>
public sealed record ScalingFit(ScalingQuantity Quantity, PowerLawResult? Fit, IReadOnlyList<ScalingPoint> Points, IReadOnlyList<LeftOutRun> Excluded,
    IReadOnlyList<string> ZeroRuns, IReadOnlyList<string> MissingRuns, IReadOnlyList<double> Predicted, Departure? Departure, string Setting = "", int Runs = 0)
{
    /// <summary>P12's check that each run's phase is linear (ln L_S against k), for the runs it used.</summary>
    public IReadOnlyList<(string Run, LinearPhase Phase)> LinearPhases { get; init; } = [];

    /// <summary>The verdict per predicted value, set when the study's fits are judged together.</summary>
    public IReadOnlyList<PredictedVerdict> Verdicts { get; init; } = [];

    /// <summary>"consistent with -0.5", "insufficient (3 widths, 2 seeds)" or, without two values, "not enough widths".</summary>
    public string Verdict => Fit switch
    {
        null => $"not enough {Quantity.Axis.Plural} ({Points.Select(p => p.X).Distinct().Count()} with a value among the lazy runs)",
        { CanJudge: false } f => $"insufficient ({f.Values} {f.ValuesName}, {f.Seeds} seeds{(f.Slope.HasInterval ? "" : $": {f.Slope.NoInterval}")})",
        { } f => FitVerdicts.Describe(f, Verdicts),
    };

    /// <summary>The verdict's one word: consistent, inconsistent, inconclusive, insufficient or no prediction.</summary>
    public string VerdictName => Fit is not { CanJudge: true } ? "insufficient" : Verdicts.Count == 0 ? "no prediction" : Verdicts[0].Name;

    /// <summary>Fits a prediction's quantity over the runs lazy at its point (two axis values at least).</summary>
    public static ScalingFit Of(IReadOnlyCollection<RunResult> runs, ScalingQuantity q, string setting = "", double targetFraction = 0.1)
    {
        var reasons = new Dictionary<string, string>();
        foreach (RunResult r in runs)
            if (q.At is { } at && LazyRange.WhyExcluded(r, at(r)) is string why) reasons[r.Id] = why;
        RunResult[] lazy = runs.Where(r => !reasons.ContainsKey(r.Id)).ToArray();
        (ScalingPoint[] points, RunResult[] zero, RunResult[] missing) = q.Points(lazy, q.Measure);
        (ScalingPoint[] all, _, _) = q.Points(runs, q.Measure);
        LeftOutRun[] excluded = runs.Where(r => reasons.ContainsKey(r.Id)).OrderBy(r => q.Axis.Of(r)).ThenBy(r => r.Seed)
            .Select(r => new LeftOutRun(r.Id, q.Axis.Of(r) ?? double.NaN, all.FirstOrDefault(p => p.Run == r.Id), reasons[r.Id])).ToArray();
        PowerLawResult? fit = PowerLawFit.Fit(points, q.Axis.Plural);
        Departure? departure = q.Infinite is { } inf && q.Linearized is { } lin
            ? new Departure(PowerLawFit.Fit(q.Points(lazy, inf).Points, q.Axis.Plural), PowerLawFit.Fit(q.Points(lazy, lin).Points, q.Axis.Plural))
            : null;
        return new ScalingFit(q, fit, points, excluded, zero.Select(r => r.Id).ToArray(), missing.Select(r => r.Id).ToArray(), q.PredictedFor(runs),
            departure, setting, runs.Count)
        {
            LinearPhases = q.Prediction == "P12"
                ? lazy.Select(r => (r.Id, LinearPhase.Of(r, targetFraction))).Where(p => p.Item2 is not null).Select(p => (p.Id, p.Item2!)).ToArray()
                : [],
        };
    }

    /// <summary>
    /// Every fit of the wanted predictions over finished, non-diverged runs: per quantity, one fit per group of runs that
    /// differ only in its axis and seed (<see cref="Setting"/>: a study sweeping two data sets fits each), all judged
    /// together. Width fits are always made (saying why a verdict is missing); fits against another axis only where some
    /// group sweeps it.
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
            foreach (var g in groups) fits.Add(Of(g.ToArray(), q, g.Key, targetFraction));
        }
        IReadOnlyList<IReadOnlyList<PredictedVerdict>> verdicts =
            FitVerdicts.Judge(fits.Select(f => (f.Fit, f.Predicted)).ToArray(), (i, b) => fits[i].Quantity.IsBound(b));
        return fits.Select((f, i) => f with { Verdicts = verdicts[i] }).ToArray();
    }

    /// <summary>The fit as fits.json and relustudy fit --json record it.</summary>
    public FitRecord ToRecord() => new()
    {
        Id = Quantity.Id, Prediction = Quantity.Prediction, Description = Quantity.Description, Exponent = Fit?.Exponent,
        Low = Finite(Fit?.Low), High = Finite(Fit?.High), Interval = Fit?.Slope.Describe(), Predicted = Predicted.Count > 0 ? Predicted[0] : null,
        Verdict = VerdictName, VerdictText = Verdict,
        Verdicts = Verdicts.Select(v => new FitVerdict(v.Predicted, v.Name, Finite(v.PValue), Finite(v.AdjustedPValue), v.Bound)).ToArray(),
        Axis = Quantity.Axis.Name, Setting = Setting, Values = Points.Select(p => p.X).Distinct().Order().ToArray(),
        Seeds = Fit?.Seeds ?? 0, Points = Points.Count,
        PerSeed = (Fit?.Slope.PerSeed ?? []).Select(s => new SeedSlopeRecord(s.Seed, s.Slope, s.Points)).ToArray(),
        Runs = Points.Select(p => p.Run).ToArray(), Excluded = Excluded.Select(e => new LeftOut(e.X, e.Reason, e.Run)).ToArray(),
        ZeroValues = ZeroRuns, MissingValues = MissingRuns, Margin = FitVerdicts.Margin,
        Departure = Departure is { } d && Predicted.Count > 0
            ? new DepartureRecord(Exponent(d.Infinite), Exponent(d.Linearized), d.Explain(Predicted[0], Fit)) : null,
        LinearPhase = LinearPhases.Count == 0 ? null
            : LinearPhases.Select(p => new LinearPhaseRecord(p.Run, p.Phase.Rate, p.Phase.RSquared, p.Phase.CurvaturePValue, p.Phase.IsLinear)).ToArray(),
    };

    private static double? Finite(double? v) => v is double x && double.IsFinite(x) ? x : null;

    private static FittedExponent? Exponent(PowerLawResult? f) => f is null ? null : new FittedExponent(f.Exponent, Finite(f.Low), Finite(f.High), f.Seeds);
}
