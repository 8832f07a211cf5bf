namespace ReluStudy.Core.Baselines;

/// <summary>
/// A baseline's outcome: the grid point with the best validation accuracy, refitted on the whole training
/// set, scored on the test split. <see cref="Seconds"/> is that final fit; <see cref="SearchSeconds"/> the grid search.
/// </summary>
public sealed record BaselineResult(
    string Name,
    string Description,
    double TestAccuracy,
    double ValidationAccuracy,
    double Seconds,
    double SearchSeconds,
    IReadOnlyDictionary<string, double> Hyperparameters);
