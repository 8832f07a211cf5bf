using System.Numerics.Tensors;
using ReluStudy.Core.LinearAlgebra;
using ReluStudy.Core.Model;
using ReluStudy.Core.Numerics;

namespace ReluStudy.Core.Training;

/// <summary>
/// Distance of each layer from its initialisation (ZCZG-ML §3, Fig. 2): ‖W_l − W_l(0)‖₂ and ‖W_l − W_l(0)‖_F.
/// W(0) is kept once. The difference of two nearby float32 values is exact (Sterbenz), so storing
/// W_l − W_l(0) in float32 loses nothing. Each layer's spectral norm (Lanczos) starts from the singular vector
/// it found at the previous logged iteration. Layers are measured in parallel on the kernels' workers,
/// each with its own scratch; a layer's value does not depend on which worker computed it.
/// </summary>
internal sealed class DistanceFromInit
{
    private readonly DeepReluNet _net;
    private readonly IMatrixKernels _workers;
    private readonly float[][] _initial;
    private readonly double[][] _singularVectors;
    private readonly Scratch[] _scratch;

    /// <param name="initial">W(0) when resuming; by default the network's current weights are W(0).</param>
    public DistanceFromInit(DeepReluNet net, IMatrixKernels workers, float[][]? initial = null)
    {
        _net = net;
        _workers = workers;
        _initial = initial?.Select(w => (float[])w.Clone()).ToArray() ?? net.CloneWeights();
        _singularVectors = net.Widths.Select(m => new double[m]).ToArray();
        _scratch = Enumerable.Range(0, Math.Min(workers.Threads, net.Depth)).Select(_ => new Scratch(net)).ToArray();
        InitialSpectral = new double[net.Depth];
        InitialFrobenius = new double[net.Depth];
        ForEachLayer((l, s) =>
        {
            InitialSpectral[l] = SpectralNorm.Estimate(_initial[l], net.FanIn(l), net.Widths[l], s.Columns, s.Rows);
            InitialFrobenius[l] = Frobenius(_initial[l]);
        });
    }

    /// <summary>W(0), kept once.</summary>
    public float[][] Initial => _initial;

    /// <summary>Each layer's top right singular vector at the last measurement, where the next measurement starts (checkpointed for exact resumes).</summary>
    public double[][] SingularVectors => _singularVectors;

    /// <summary>‖W_l(0)‖₂, for relative distances.</summary>
    public double[] InitialSpectral { get; }

    /// <summary>‖W_l(0)‖_F.</summary>
    public double[] InitialFrobenius { get; }

    /// <summary>Fills the per-layer spectral and Frobenius distances of the current weights from W(0).</summary>
    public void Measure(double[] spectral, double[] frobenius)
    {
        ForEachLayer((l, s) =>
        {
            float[] w = _net.Weights[l];
            Span<float> d = s.Difference.AsSpan(0, w.Length);
            TensorPrimitives.Subtract(w, _initial[l], d);
            frobenius[l] = Frobenius(d);
            spectral[l] = frobenius[l] == 0 ? 0
                : SpectralNorm.Estimate(s.Difference, _net.FanIn(l), _net.Widths[l], _singularVectors[l], s.Rows, warmStart: true);
        });
    }

    /// <summary>Layer l goes to worker l mod workers: the large first layer and the rest spread evenly.</summary>
    private void ForEachLayer(Action<int, Scratch> measure) =>
        _workers.ForEachWorker((worker, workers) =>
        {
            if (worker >= _scratch.Length) return;
            int used = Math.Min(workers, _scratch.Length);
            for (int l = worker; l < _net.Depth; l += used) measure(l, _scratch[worker]);
        });

    private static double Frobenius(ReadOnlySpan<float> a) => Math.Sqrt(Float64.SumOfSquares(a));

    private sealed class Scratch(DeepReluNet net)
    {
        public readonly float[] Difference = new float[Enumerable.Range(0, net.Depth).Max(l => (long)net.FanIn(l) * net.Widths[l])];
        public readonly double[] Rows = new double[Enumerable.Range(0, net.Depth).Max(net.FanIn)];
        public readonly double[] Columns = new double[net.Widths.Max()];
    }
}
