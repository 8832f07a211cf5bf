using ReluStudy.Core.Data;
using ReluStudy.Core.Model;

namespace ReluStudy.Core.Training;

/// <summary>One SGD step: B distinct examples drawn uniformly (seeded, independently per step), W ← W − η·∇ of their mean loss.</summary>
internal sealed class MiniBatchStep
{
    private readonly Dataset _train;
    private readonly LossKind _loss;
    private readonly int[] _indices;
    private readonly float[] _input, _labels;

    public MiniBatchStep(TrainingConfig config, Dataset train)
    {
        (_train, _loss) = (train, config.Loss);
        Sampler = new MinibatchSampler(train.Count, config.Seed);
        _indices = new int[config.BatchSize];
        _input = new float[(long)config.BatchSize * train.Dimension];
        _labels = new float[config.BatchSize];
    }

    /// <summary>The draws so far (a checkpoint keeps its state).</summary>
    public MinibatchSampler Sampler { get; }

    /// <summary>Draws a batch and evaluates it at W(k): its mean loss and error (the step follows unless the loss blew up).</summary>
    public (double Loss, double Error) Draw(Backprop pass)
    {
        int batch = _indices.Length, d = _train.Dimension;
        Sampler.Draw(_indices);
        for (int t = 0; t < batch; t++)
        {
            _train.Row(_indices[t]).CopyTo(_input.AsSpan(t * d, d));
            _labels[t] = _train.Labels[_indices[t]];
        }
        pass.Forward(_input, batch);
        (double loss, int wrong) = pass.Evaluate(_labels, _loss, 1.0 / batch);
        return (loss, (double)wrong / batch);
    }

    /// <summary>W ← W − η·∇ of the drawn batch's mean loss.</summary>
    public void Step(Backprop pass, float step, Span<double> gradientSquares) => pass.Backward(_input, _indices.Length, step, apply: true, gradientSquares);
}
