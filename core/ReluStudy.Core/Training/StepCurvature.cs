using System.Text.Json.Serialization;

namespace ReluStudy.Core.Training;

/// <summary>
/// Which curvature at W(0) a step multiple divides (<see cref="CriticalStep"/>): η = c·2/λ(W(0)). run.json's
/// <c>step_curvature</c> writes the kebab-case member name, and only for <see cref="Hessian"/> (older folders and the
/// default read as <see cref="GaussNewton"/>).
/// </summary>
[JsonConverter(typeof(KebabEnumConverter<StepCurvature>))]
public enum StepCurvature
{
    /// <summary>λ_GN(W(0)), the Hessian's Gauss–Newton part: the edge of GD on the linearised network (Lewkowycz et al.'s λ0 for the squared loss).</summary>
    GaussNewton,
    /// <summary>S(W(0)), the whole Hessian's top eigenvalue (the sharpness): the edge of GD on the loss's quadratic model (Cohen et al.'s 2/η against S).</summary>
    Hessian,
}

public static class StepCurvatures
{

    /// <summary>As run.json, the command line and run ids write it ("gauss-newton", "hessian").</summary>
    public static string Name(this StepCurvature curvature) => KebabNames.Of(curvature);

    /// <summary>The symbol messages and pages use: "lambda_GN(W(0))" or "S(W(0))".</summary>
    public static string Symbol(this StepCurvature curvature) => curvature == StepCurvature.Hessian ? "S(W(0))" : "lambda_GN(W(0))";

}
