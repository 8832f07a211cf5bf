namespace ReluStudy.Core.Training.TwoLayer;

/// <summary>
/// What a two-layer run needs to continue from the start of iteration <see cref="Iteration"/>: W(k) and a(k).
/// W(0) and a(0) come again from the seed, and every k = 0 quantity (‖y − u(0)‖², R′, the patterns and H(0))
/// is recomputed from them, exactly as the first attempt computed it.
/// </summary>
public sealed record TwoLayerCheckpoint(int Iteration, float[] Weights, float[] Readout, double Seconds);

/// <summary>Receives two-layer checkpoints as the trainer takes them.</summary>
public interface ITwoLayerCheckpointSink
{
    void Save(TwoLayerCheckpoint checkpoint);
}
