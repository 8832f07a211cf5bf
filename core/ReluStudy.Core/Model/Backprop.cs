using ReluStudy.Core.Kernels;

namespace ReluStudy.Core.Model;

/// <summary>
/// Forward and backward passes of ZCZG-ML §3.4 for a batch of rows, with every buffer allocated once.
/// Forward: x_l = Σ_l W_lᵀ x_{l−1}, i.e. X_l = relu(X_{l−1} W_l) row-wise; f = X_L v.
/// Backward: δ_L = g ⊙ (1 vᵀ) ⊙ 1{X_L &gt; 0}; ∇W_l = X_{l−1}ᵀ δ_l; δ_{l−1} = (δ_l W_lᵀ) ⊙ 1{X_{l−1} &gt; 0},
/// where g_i = ∂L/∂f_i. The activation mask is read off X_l itself: x &gt; 0 exactly when h &gt; 0.
/// </summary>
public sealed class Backprop
{
    private readonly DeepReluNet _net;
    private readonly IMatrixKernels _kernels;
    private readonly float[] _deltaUpper;
    private readonly float[] _deltaLower;
    private readonly float[] _gradient;

    public Backprop(DeepReluNet net, IMatrixKernels kernels, int capacityRows)
    {
        if (capacityRows < 1) throw new ArgumentOutOfRangeException(nameof(capacityRows), capacityRows, "capacity must be >= 1");
        _net = net;
        _kernels = kernels;
        Capacity = capacityRows;
        Activations = net.Widths.Select(m => new float[(long)capacityRows * m]).ToArray();
        Outputs = new double[capacityRows];
        int maxWidth = net.Widths.Max();
        _deltaUpper = new float[(long)capacityRows * maxWidth];
        _deltaLower = new float[(long)capacityRows * maxWidth];
        long maxLayer = Enumerable.Range(0, net.Depth).Max(l => (long)net.FanIn(l) * net.Widths[l]);
        _gradient = new float[maxLayer];
    }

    /// <summary>Rows the buffers hold.</summary>
    public int Capacity { get; }

    /// <summary>X_1..X_L of the last forward pass, rows × m_l each.</summary>
    public float[][] Activations { get; }

    /// <summary>f(x_i) of the last forward pass, accumulated in float64.</summary>
    public double[] Outputs { get; }

    /// <summary>Runs the network on the first <paramref name="rows"/> rows of <paramref name="input"/> (rows × d).</summary>
    public void Forward(float[] input, int rows)
    {
        CheckRows(rows);
        float[] previous = input;
        for (int l = 0; l < _net.Depth; l++)
        {
            int m = _net.Widths[l];
            float[] x = Activations[l];
            _kernels.MultiplyNN(previous, _net.Weights[l], x, rows, _net.FanIn(l), m);
            _kernels.Relu(x, rows * m);
            previous = x;
        }

        float[] last = Activations[^1];
        float[] v = _net.Output;
        int mL = v.Length;
        for (int i = 0; i < rows; i++)
        {
            double f = 0;
            int offset = i * mL;
            for (int j = 0; j < mL; j++) f += (double)v[j] * last[offset + j];
            Outputs[i] = f;
        }
    }

    /// <summary>
    /// Back-propagates g_i = ∂L/∂f_i (for the rows of the last forward pass) from layer L down to 1.
    /// For each layer, <paramref name="onGradient"/>(l, ∇W_l) is called once δ_{l−1} no longer needs W_l,
    /// so the callback may update W_l in place; the gradient buffer is reused by the next layer.
    /// </summary>
    public void Backward(float[] input, int rows, ReadOnlySpan<double> outerGradient, Action<int, float[]> onGradient)
    {
        CheckRows(rows);
        if (outerGradient.Length < rows) throw new ArgumentException($"outerGradient.Length ({outerGradient.Length}) < rows ({rows})", nameof(outerGradient));

        float[] v = _net.Output;
        int mL = v.Length;
        float[] lastX = Activations[^1];
        float[] delta = _deltaUpper;
        for (int i = 0; i < rows; i++)
        {
            double g = outerGradient[i];
            int offset = i * mL;
            for (int j = 0; j < mL; j++)
                delta[offset + j] = lastX[offset + j] > 0f ? (float)(g * v[j]) : 0f;
        }

        float[] spare = _deltaLower;
        for (int l = _net.Depth - 1; l >= 0; l--)
        {
            int m = _net.Widths[l];
            int fanIn = _net.FanIn(l);
            float[] below = l == 0 ? input : Activations[l - 1];
            _kernels.MultiplyTN(below, delta, _gradient, rows, fanIn, m);

            if (l > 0)
            {
                _kernels.MultiplyNT(delta, _net.Weights[l], spare, rows, m, fanIn);
                int count = rows * fanIn;
                for (int t = 0; t < count; t++)
                    if (!(below[t] > 0f)) spare[t] = 0f;
            }

            onGradient(l, _gradient);
            (delta, spare) = (spare, delta);
        }
    }

    private void CheckRows(int rows)
    {
        if (rows < 1 || rows > Capacity)
            throw new ArgumentOutOfRangeException(nameof(rows), rows, $"rows must be in 1..{Capacity}");
    }
}
