using System.Numerics.Tensors;
using ReluStudy.Core.Model;
using ReluStudy.Core.Numerics;

namespace ReluStudy.Core.Training;

/// <summary>
/// Distance of each layer from its initialisation (ZCZG-ML §3, Fig. 2): ‖W_l − W_l(0)‖₂ and ‖W_l − W_l(0)‖_F.
/// W(0) is kept once. The difference of two nearby float32 values is exact (Sterbenz), so storing
/// W_l − W_l(0) in float32 loses nothing. Each layer's power iteration starts from the singular vector
/// it found at the previous logged iteration.
/// </summary>
internal sealed class DriftFromInit
{
    private readonly DeepReluNet _net;
    private readonly float[][] _initial;
    private readonly float[] _difference;
    private readonly double[] _rowWork;
    private readonly double[] _colWork;
    private readonly double[][] _singularVectors;

    public DriftFromInit(DeepReluNet net)
    {
        _net = net;
        _initial = net.CloneWeights();
        _difference = new float[_initial.Max(w => w.Length)];
        _rowWork = new double[Enumerable.Range(0, net.Depth).Max(net.FanIn)];
        _colWork = new double[net.Widths.Max()];
        _singularVectors = net.Widths.Select(m => new double[m]).ToArray();
        InitialSpectral = new double[net.Depth];
        InitialFrobenius = new double[net.Depth];
        for (int l = 0; l < net.Depth; l++)
        {
            InitialSpectral[l] = SpectralNorm.Estimate(_initial[l], net.FanIn(l), net.Widths[l], _colWork, _rowWork);
            InitialFrobenius[l] = Frobenius(_initial[l]);
        }
    }

    /// <summary>‖W_l(0)‖₂, for relative distances.</summary>
    public double[] InitialSpectral { get; }

    /// <summary>‖W_l(0)‖_F.</summary>
    public double[] InitialFrobenius { get; }

    /// <summary>Fills the per-layer spectral and Frobenius distances of the current weights from W(0).</summary>
    public void Measure(Span<double> spectral, Span<double> frobenius)
    {
        for (int l = 0; l < _net.Depth; l++)
        {
            float[] w = _net.Weights[l];
            float[] w0 = _initial[l];
            Span<float> d = _difference.AsSpan(0, w.Length);
            TensorPrimitives.Subtract(w, w0, d);
            frobenius[l] = Frobenius(d);
            spectral[l] = frobenius[l] == 0 ? 0
                : SpectralNorm.Estimate(d, _net.FanIn(l), _net.Widths[l], _singularVectors[l], _rowWork, warmStart: true);
        }
    }

    private static double Frobenius(ReadOnlySpan<float> a) => Math.Sqrt(Float64.SumOfSquares(a));
}
