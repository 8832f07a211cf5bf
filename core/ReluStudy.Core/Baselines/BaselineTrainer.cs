using Microsoft.ML;

namespace ReluStudy.Core.Baselines;

/// <summary>
/// One of ML.NET's classic binary classifiers with the small hyperparameter grid searched for it.
/// <see cref="Build"/> makes the estimator for one grid point (label column "Label", features "Features").
/// </summary>
public sealed record BaselineTrainer(
    string Name,
    string Description,
    IReadOnlyList<IReadOnlyDictionary<string, double>> Grid,
    Func<MLContext, IReadOnlyDictionary<string, double>, IEstimator<ITransformer>> Build);
