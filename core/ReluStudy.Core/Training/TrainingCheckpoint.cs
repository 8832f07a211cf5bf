namespace ReluStudy.Core.Training;

/// <summary>
/// Everything a run needs to continue from the start of iteration <see cref="Iteration"/> exactly as if it had
/// never stopped: W(k), W(0), L_S(W(0)), each layer's warm-start vector for the spectral distance, the mini-batch
/// sampler's state, the time already spent, when the run predicts its training, the predictions' state at k
/// (without it a resume replays the predictions from k = 0, which costs O(k·n²)) and, when it measures sharpness, S(W(0))
/// (without it a resume measures it again).
/// </summary>
public sealed record TrainingCheckpoint(
    int Iteration,
    float[][] Weights,
    float[][] InitialWeights,
    double InitialLoss,
    double[][] SingularVectors,
    int[]? SamplerPermutation,
    ulong[]? SamplerRng,
    double Seconds,
    double MetricsSeconds,
    PredictionState? Predictions = null,
    double? InitialSharpness = null);

/// <summary>The state at k of the two predicted trainings, infinite width and linearised (<see cref="IOutputPrediction.State"/>).</summary>
public sealed record PredictionState(double[] Infinite, double[] Linearized);

/// <summary>Receives checkpoints as the trainer takes them.</summary>
public interface ICheckpointSink
{
    void Save(TrainingCheckpoint checkpoint);
}
