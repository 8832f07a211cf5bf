using ReluStudy.Core.LinearAlgebra;
using ReluStudy.Core.Model;

namespace ReluStudy.Core.TangentKernel;

/// <summary>
/// The tangent kernel of the finite network at its current weights on a fixed set of rows:
/// Θ̂ = Σ_l Θ̂_l with Θ̂_l = (X_{l−1}X_{l−1}ᵀ) ⊙ (Δ_lΔ_lᵀ), X_l the activations of the rows and Δ_l = ∂f/∂h_l row by row:
/// Δ_L = 1{X_L &gt; 0} ⊙ vᵀ, Δ_{l−1} = (Δ_l W_lᵀ) ⊙ 1{X_{l−1} &gt; 0} (the backward pass of Backprop with ∂f/∂f = 1).
/// The products run on the training's float32 kernels; the kernel is summed in float64. Buffers are allocated once.
/// </summary>
public sealed class EmpiricalTangentKernel
{
    private readonly DeepReluNet _net;
    private readonly IMatrixKernels _kernels;
    private readonly float[] _rows;
    private readonly float[][] _activations;
    private readonly float[] _delta, _spare, _gramX, _gramDelta, _inputGram;

    /// <param name="rows">the inputs (n × d, row-major) the kernel is taken on.</param>
    public EmpiricalTangentKernel(DeepReluNet net, IMatrixKernels kernels, float[] rows, int n)
    {
        if (rows.LongLength != (long)n * net.InputDim) throw new ArgumentException($"rows.Length ({rows.LongLength}) != n ({n}) × d ({net.InputDim})", nameof(rows));
        (_net, _kernels, _rows, N) = (net, kernels, rows, n);
        _activations = net.Widths.Select(m => new float[(long)n * m]).ToArray();
        int widest = net.Widths.Max();
        _delta = new float[(long)n * widest];
        _spare = new float[(long)n * widest];
        _gramX = new float[(long)n * n];
        _gramDelta = new float[(long)n * n];
        _inputGram = new float[(long)n * n];
        kernels.Gram(rows, _inputGram, n, net.InputDim);
    }

    /// <summary>Rows the kernel is taken on.</summary>
    public int N { get; }

    /// <summary>Writes Θ̂ (n × n) into <paramref name="total"/> and, when given, each layer's Θ̂_l into <paramref name="layers"/>[l].</summary>
    public void Compute(double[] total, float[][]? layers = null)
    {
        int n = N, depth = _net.Depth;
        float[] previous = _rows;
        for (int l = 0; l < depth; l++)
        {
            _kernels.ForwardLayer(previous, _net.Weights[l], _activations[l], n, _net.FanIn(l), _net.Widths[l]);
            previous = _activations[l];
        }
        int mL = _net.Widths[^1];
        float[] v = _net.Readout, last = _activations[^1];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < mL; j++) _delta[(long)i * mL + j] = last[(long)i * mL + j] > 0f ? v[j] : 0f;

        Array.Clear(total);
        float[] delta = _delta, spare = _spare;
        for (int l = depth - 1; l >= 0; l--)
        {
            float[] gramX = l == 0 ? _inputGram : _gramX;
            if (l > 0) _kernels.Gram(_activations[l - 1], gramX, n, _net.FanIn(l));
            _kernels.Gram(delta, _gramDelta, n, _net.Widths[l]);
            float[]? layer = layers?[l];
            for (long t = 0; t < (long)n * n; t++)
            {
                double product = (double)gramX[t] * _gramDelta[t];
                total[t] += product;
                if (layer is not null) layer[t] = (float)product;
            }
            if (l > 0)
            {
                _kernels.BackwardLayer(delta, _net.Weights[l], _activations[l - 1], spare, n, _net.Widths[l], _net.FanIn(l));
                (delta, spare) = (spare, delta);
            }
        }
    }
}
