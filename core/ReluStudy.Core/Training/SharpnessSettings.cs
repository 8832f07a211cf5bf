namespace ReluStudy.Core.Training;

/// <summary>
/// Sharpness during training (sharpness.csv): the loss Hessian's top eigenvalues at W(k) on the
/// <see cref="MeasurementSchedule"/>, on a seeded subsample of at most <see cref="HessianN"/> training examples. A run
/// measures it only when its configuration has these settings: it costs Hessian-vector products, not training.
/// </summary>
public sealed record SharpnessSettings
{
    /// <summary>
    /// The default largest subsample. A measurement's products and the R-operator's buffers (about 3·h·Σm_l floats) grow
    /// with the rows h, while the top eigenvalue of a mean loss is an average a few thousand rows estimate: a full class
    /// pair (n ≈ 12 000) measures on 5000 rows, the subsets the studies train on (n ≤ 5000) on every row.
    /// </summary>
    public const int DefaultHessianN = 5000;

    /// <summary>
    /// The default spacing. A measurement costs 25–60 GD iterations' worth of products (a Hessian product is 1.3–2.2 of
    /// an iteration's passes, a Gauss–Newton one 1.1–1.5, and a measurement takes 13–38 of them), so one every 500
    /// iterations keeps it within about a tenth of a run's time; the powers of 2 the kernels use would double a
    /// 300-iteration run (measured; README, Performance).
    /// </summary>
    public const int DefaultEvery = 500;

    /// <summary>Measure every this many iterations, at k = 0 and at the last.</summary>
    public int Every { get; init; } = DefaultEvery;

    /// <summary>The Hessian is of the mean loss over at most this many training examples (all of them when n is smaller).</summary>
    public int HessianN { get; init; } = DefaultHessianN;

    /// <summary>The rows measured for n training examples: min(n, <see cref="HessianN"/>).</summary>
    public int RowsFor(int n) => Math.Min(n, HessianN);

    public bool Includes(int k, int last) => MeasurementSchedule.Includes(Every, k, last);

    /// <summary>Every rule these settings break, each naming the setting, the rule and the value.</summary>
    public IEnumerable<string> Problems()
    {
        if (Every < 1) yield return $"sharpness-every: must be >= 1; got {Every}";
        if (HessianN < 1) yield return $"hessian-n: must be >= 1; got {HessianN}";
    }
}
