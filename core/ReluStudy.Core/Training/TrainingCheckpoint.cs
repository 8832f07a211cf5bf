namespace ReluStudy.Core.Training;

/// <summary>
/// Everything a run needs to continue from the start of iteration <see cref="Iteration"/> exactly as if it had
/// never stopped: W(k), W(0), L_S(W(0)), each layer's power-iteration vector (the next spectral distances
/// start from them), the mini-batch sampler's state, and the time already spent.
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
    double MetricsSeconds);

/// <summary>Receives checkpoints as the trainer takes them.</summary>
public interface ICheckpointSink
{
    void Save(TrainingCheckpoint checkpoint);
}
