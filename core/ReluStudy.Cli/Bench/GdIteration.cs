using System.Diagnostics;
using ReluStudy.Core.Data;
using ReluStudy.Core.LinearAlgebra;
using ReluStudy.Core.Model;

namespace ReluStudy.Cli.Bench;

/// <summary>One timed GD iteration: forward, loss and δ_L, backward with the update of every layer.</summary>
internal sealed class GdIteration(Workload workload, Dataset data, IMatrixKernels kernels)
{
    // Small enough that repeated steps stay finite; the step size does not change the work.
    private const float StepSize = 1e-3f;
    private readonly Backprop _pass = new(DeepReluNet.Initialize(workload.D, Enumerable.Repeat(workload.M, workload.L).ToArray(), seed: 1), kernels, workload.N);
    private readonly double[] _squares = new double[workload.L];

    public double Seconds()
    {
        long start = Stopwatch.GetTimestamp();
        _pass.Forward(data.Features, data.Count);
        _pass.Evaluate(data.Labels, LossKind.CrossEntropy, 1.0 / data.Count);
        _pass.Backward(data.Features, data.Count, StepSize, apply: true, _squares);
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
