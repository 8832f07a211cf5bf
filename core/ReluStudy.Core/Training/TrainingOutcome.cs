using ReluStudy.Core.Results;

namespace ReluStudy.Core.Training;

/// <summary>
/// How a run ended, with what the run record needs. <see cref="MetricsSeconds"/> is the part of
/// <see cref="Seconds"/> spent measuring logged rows (distances, patterns, test set, observers).
/// </summary>
public sealed record TrainingOutcome(
    RunStatus Status,
    MetricsRow? LastRow,
    string? Message,
    double InitialLoss,
    IReadOnlyList<double> InitialSpectralNorms,
    IReadOnlyList<double> InitialFrobeniusNorms,
    string WeightsSha256,
    double Seconds,
    double MetricsSeconds)
{
    /// <summary>The trained network (the weights at the last iteration), for saving.</summary>
    public Model.DeepReluNet? Network { get; init; }

    /// <summary>The limit kernel's extremes and the step they allow, when the run predicts.</summary>
    public TangentKernelFacts? TangentKernel { get; init; }

    /// <summary>S(W(0)), the loss Hessian's top eigenvalue at initialisation, when the run measures sharpness.</summary>
    public double? InitialSharpness { get; init; }
}
