namespace ReluStudy.Core.Training;

/// <summary>Per-layer quantities at one logged iteration.</summary>
public readonly record struct LayerMetrics(double GradNorm, double DistSpectral, double DistFrobenius, double PatternChangeRatio);

/// <summary>
/// The quantities the theory talks about at iteration k, all at W(k): L_S, training error,
/// ‖∇L_S‖_F (full batch, all layers), max_l ‖W_l − W_l(0)‖₂, (Σ_l ‖W_l − W_l(0)‖_F²)^{1/2}, R(k).
/// </summary>
public sealed record MetricsRow(
    int Iteration,
    double Loss,
    double TrainError,
    double GradNorm,
    double DistSpectralMax,
    double DistFrobenius,
    double PatternChangeRatio,
    double Seconds,
    double? TestLoss,
    double? TestError,
    IReadOnlyList<LayerMetrics> Layers)
{
    /// <summary>The tangent kernel's prediction of this iteration, when the run predicts.</summary>
    public PredictionRow? Prediction { get; init; }
}
