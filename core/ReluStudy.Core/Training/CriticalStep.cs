using ReluStudy.Core.Curvature;
using ReluStudy.Core.Data;
using ReluStudy.Core.LinearAlgebra;
using ReluStudy.Core.Model;

namespace ReluStudy.Core.Training;

/// <summary>
/// A deep run's step given as a multiple c of its own critical step: η = c·2/λ_GN(W(0)). λ_GN(W(0)) is the top eigenvalue of
/// the loss Hessian's Gauss–Newton part G = (1/n)Jᵀdiag(ℓ″)J at initialisation on every training row (J = ∂f/∂W, n × P): the
/// Hessian of the loss of the linearised network f(W(0)) + J·(W − W(0)), whose nonzero spectrum is that of
/// (1/n)diag(√ℓ″)Θ̂(0)diag(√ℓ″), Θ̂ = JJᵀ the empirical tangent kernel. GD on that quadratic is stable exactly for
/// η &lt; 2/λ_GN, so c = η·λ_GN(W(0))/2 says where a run stands against its own linearisation: below 1 the linearised model
/// converges. For the squared loss (ℓ″ = 1) λ_GN = λ_max(Θ̂(0))/n is Lewkowycz et al.'s (2020) λ0 and c their η·λ0/2: lazy
/// below 1; between 1 and η_max·λ0/2 the loss first rises, the kernel's top eigenvalue falls below 2/η and training
/// converges (the catapult); above, GD diverges.
/// <para>With <see cref="StepCurvature.Hessian"/> the multiple divides the whole Hessian's top eigenvalue S(W(0)) instead,
/// the edge of GD on the loss's quadratic model at W(0): c = η·S(W(0))/2, so 2/η = S(W(0))/c, which is how Cohen et al. (2021)
/// place a step against the sharpness (c = 1/1.5: 2/η = 1.5·S(W(0))). The two differ by the Hessian's functional part,
/// (1/n)Σℓ′∇²f, which is why the catapult keeps λ_GN and the edge of stability S.</para>
/// <para>Resolved once per run, before training, in the run lifecycle (relustudy train and studies alike): the network
/// initialised as the Trainer initialises it, measured by <see cref="Sharpness.MeasureGaussNewton"/> (or
/// <see cref="Sharpness.MeasureTop"/>) on every row (float64 Lanczos from its seeded start on exact products, bit-identical
/// for any thread count). So a resumed run resolves the same η, and λ_GN(W(0)) equals sharpness.csv's gauss_newton at k = 0
/// whenever that Hessian takes every row (hessian_n ≥ n), and S(W(0)) its sharpness there, both to the bit (the same rows in
/// the same order, the same Lanczos start: <see cref="SharpnessTracking.On"/>).</para>
/// </summary>
public static class CriticalStep
{
    /// <summary>λ(W(0)), the run's <see cref="TrainingConfig.StepCurvature"/> on every row of <paramref name="train"/>: its
    /// value, Lanczos residual bound and products.</summary>
    public static (double Value, double Residual, int Steps) Curvature(TrainingConfig config, Dataset train)
    {
        using var kernels = new SimdKernels(config.Threads);
        Sharpness sharpness = SharpnessTracking.AtInitialisationOnEveryRow(config, train, kernels);
        return config.StepCurvature == StepCurvature.Hessian ? sharpness.MeasureTop() : sharpness.MeasureGaussNewton();
    }

    /// <summary>
    /// The configuration with its step resolved: η = c·2/λ(W(0)) and λ recorded in <see cref="TrainingConfig.CriticalCurvature"/>;
    /// unchanged when it has no multiple. When λ_GN(W(0)) is not positive there is no critical step: the step is then 0, and
    /// the Trainer stops at W(0) as it would at any step when the network is dead there (collapsed), else fails at its first
    /// update with <see cref="Problem"/>'s message.
    /// </summary>
    public static TrainingConfig Resolve(TrainingConfig config, Dataset train)
    {
        if (config.StepMultiple is not double c || config.CriticalCurvature is not null) return config;
        double curvature = Curvature(config, train).Value;
        return config with { CriticalCurvature = curvature, StepSize = curvature > 0 ? c * 2 / curvature : 0 };
    }

    /// <summary>Why a resolved configuration has no step (λ(W(0)) ≤ 0), or null.</summary>
    public static string? Problem(TrainingConfig config) =>
        config is { StepMultiple: not null, CriticalCurvature: double curvature } && !(curvature > 0)
            ? $"step-multiple: the {(config.StepCurvature == StepCurvature.Hessian ? "loss Hessian" : "Gauss-Newton matrix")} at initialisation must have a positive top eigenvalue "
              + $"to give a critical step 2/{config.StepCurvature.Symbol()}; got {config.StepCurvature.Symbol()} = {curvature} "
              + "(no training output moves with the weights: a network dead at initialisation, or l'' = 0 on every row)"
            : null;
}
