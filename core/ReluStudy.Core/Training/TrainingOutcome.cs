namespace ReluStudy.Core.Training;

public enum TrainingStatus
{
    /// <summary>The iteration budget ran out.</summary>
    Completed,
    /// <summary>L_S ≤ ε was reached.</summary>
    TargetReached,
    /// <summary>Every training example is classified correctly.</summary>
    ZeroError,
    /// <summary>The loss became non-finite or exploded.</summary>
    Diverged,
    /// <summary>Cancelled by the user.</summary>
    Interrupted,
}

/// <summary>
/// How a run ended, with what the run record needs. <see cref="MetricsSeconds"/> is the part of
/// <see cref="Seconds"/> spent measuring logged rows (distances, patterns, test set, observers).
/// </summary>
public sealed record TrainingOutcome(
    TrainingStatus Status,
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
}

public static class TrainingStatusNames
{
    public static string Name(this TrainingStatus status) => status switch
    {
        TrainingStatus.Completed => "completed",
        TrainingStatus.TargetReached => "target-reached",
        TrainingStatus.ZeroError => "zero-error",
        TrainingStatus.Diverged => "diverged",
        TrainingStatus.Interrupted => "interrupted",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown status"),
    };
}
