using ReluStudy.Core.Results;

namespace ReluStudy.Core.Theory.Fits;

/// <summary>
/// A prediction of a run's largest stable step η*, read off the run's own record: 2/S(W(0)), where GD on the loss's
/// quadratic model at the run's initialisation stops being stable (S the loss Hessian's top eigenvalue there,
/// run.json's stable_step_predicted), or the limit kernel's ceiling 2n/(max ℓ″·m·λ_max(Θ̄)), where GD in function space
/// with the infinite-width kernel does (the step search's kernel_ceiling).
/// </summary>
/// <param name="Id">the name fits.json and the fits' ids use ("sharpness", "ceiling").</param>
/// <param name="Symbol">as the pages write it.</param>
/// <param name="Ratio">as the pages write η*/prediction.</param>
public sealed record StepPrediction(string Id, string Symbol, string Description, string Ratio, Func<RunResult, double?> Of);

/// <summary>The two predictions of η* the stable-step studies compare, in the order the pages list them.</summary>
public static class StepPredictions
{
    public static readonly StepPrediction Sharpness = new("sharpness", "2/S(W(0))",
        "2/S(W(0)), the finite network's own stable step at initialisation (S: the loss Hessian's top eigenvalue)", "eta* S(W(0))/2",
        r => r.Record.Summary?.StableStepPredicted);

    public static readonly StepPrediction KernelCeiling = new("ceiling", "kernel ceiling",
        "the limit kernel's ceiling 2n/(max l'' m lambda_max(K_inf)), 8n/(m lambda_max) for cross-entropy", "eta*/ceiling",
        r => r.Record.Summary?.StepSearch?.KernelCeiling);

    public static readonly IReadOnlyList<StepPrediction> All = [Sharpness, KernelCeiling];

    /// <summary>The prediction on the runs that have an η* (<see cref="ScalingQuantities.LargestStableStep"/>): the fits of η*
    /// and of its predictions are over the same runs.</summary>
    public static double? Beside(RunResult r, StepPrediction p) => ScalingQuantities.LargestStableStep(r) is null ? null : p.Of(r);

    /// <summary>η*/prediction of one run; null when either is missing or not positive.</summary>
    public static double? RatioOf(RunResult r, StepPrediction p) =>
        ScalingQuantities.LargestStableStep(r) is double eta && p.Of(r) is double v && v > 0 && double.IsFinite(v) ? eta / v : null;
}
