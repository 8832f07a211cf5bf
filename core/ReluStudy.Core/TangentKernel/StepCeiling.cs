using ReluStudy.Core.Model;

namespace ReluStudy.Core.TangentKernel;

/// <summary>
/// The largest step at which the tangent kernel's prediction stays stable. Function-space GD,
/// u ← u − (η/n)·Θ·g with Θ = m·Θ̄, converges while η·λ_max(Θ)·max ℓ″/n &lt; 2, i.e. η·m &lt; 2n/(max ℓ″·λ_max(Θ̄)):
/// 8n/λ_max(Θ̄) for cross-entropy, 2n/λ_max for the squared and smoothed-hinge losses, n/λ_max for the square hinge.
/// </summary>
public static class StepCeiling
{
    /// <summary>
    /// λ_max(Θ̄) of the limit kernel on the training set, for hidden widths in the ratios of <paramref name="widths"/>; computed
    /// once per data set and ratios in a process (an n × n kernel: the plan and every step search of a study share it).
    /// </summary>
    public static double LimitLambdaMax(Data.Dataset train, IReadOnlyList<int> widths, int threads) =>
        Known.GetOrCreateValue(train).GetOrAdd(string.Join(",", TangentKernelLimit.Ratios(widths)), _ =>
            Numerics.Lanczos.OfDense(TangentKernelLimit.Of(train.Features, train.Count, train.Dimension, widths, threads), train.Count, threads,
                relativeTolerance: 1e-8).Max);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Data.Dataset, System.Collections.Concurrent.ConcurrentDictionary<string, double>> Known = new();

    public static double MaxStableStepTimesWidth(LossKind loss, int n, double lambdaMax) => 2.0 * n / (MarginLoss.MaxCurvature(loss) * lambdaMax);
}
