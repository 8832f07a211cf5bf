using ReluStudy.Core.LinearAlgebra;

namespace ReluStudy.Core.Model;

/// <summary>
/// Forward and backward passes of ZCZG-ML §3.4 for a batch of rows, every buffer allocated once.
/// Forward: x_l = σ(W_lᵀ x_{l−1}), i.e. X_l = σ(X_{l−1} W_l) row-wise; f = X_L v.
/// Backward: δ_L = g ⊙ (1 vᵀ) ⊙ 1{X_L &gt; 0}; ∇W_l = X_{l−1}ᵀ δ_l; δ_{l−1} = (δ_l W_lᵀ) ⊙ 1{X_{l−1} &gt; 0},
/// where g_i = ∂L/∂f_i. The activation mask is read off X_l itself: x &gt; 0 exactly when h &gt; 0.
/// Memory: the activations once, two δ buffers, and no gradient buffer — each layer's gradient is
/// consumed by its update as it is produced.
/// </summary>
public sealed class Backprop
{
    private readonly DeepReluNet _net;
    private readonly IMatrixKernels _kernels;
    private readonly float[] _deltaUpper;
    private readonly float[] _deltaLower;

    /// <param name="forwardOnly">keep only two activation buffers and no δ (evaluation of a test set).</param>
    public Backprop(DeepReluNet net, IMatrixKernels kernels, int capacityRows, bool forwardOnly = false)
    {
        if (capacityRows < 1) throw new ArgumentOutOfRangeException(nameof(capacityRows), capacityRows, "capacity must be >= 1");
        _net = net;
        _kernels = kernels;
        Capacity = capacityRows;
        ForwardOnly = forwardOnly;
        int maxWidth = net.Widths.Max();
        if (forwardOnly)
        {
            // Layers alternate between two buffers; the last layer must land in Activations[^1].
            var ping = new float[(long)capacityRows * maxWidth];
            var pong = new float[(long)capacityRows * maxWidth];
            Activations = Enumerable.Range(0, net.Depth).Select(l => (net.Depth - 1 - l) % 2 == 0 ? ping : pong).ToArray();
            _deltaUpper = _deltaLower = [];
        }
        else
        {
            Activations = net.Widths.Select(m => new float[(long)capacityRows * m]).ToArray();
            _deltaUpper = new float[(long)capacityRows * maxWidth];
            _deltaLower = new float[(long)capacityRows * maxWidth];
        }
        Outputs = new double[capacityRows];
    }

    /// <summary>Rows the buffers hold.</summary>
    public int Capacity { get; }

    /// <summary>Whether only the last layer's activations are kept.</summary>
    public bool ForwardOnly { get; }

    /// <summary>X_1..X_L of the last forward pass, rows × m_l each (all valid unless <see cref="ForwardOnly"/>).</summary>
    public float[][] Activations { get; }

    /// <summary>f(x_i) of the last <see cref="Evaluate"/>, accumulated in float64.</summary>
    public double[] Outputs { get; }

    /// <summary>Runs the hidden layers on the first <paramref name="rows"/> rows of <paramref name="input"/> (rows × d).</summary>
    public void Forward(float[] input, int rows)
    {
        CheckRows(rows);
        float[] previous = input;
        for (int l = 0; l < _net.Depth; l++)
        {
            float[] x = Activations[l];
            _kernels.ForwardLayer(previous, _net.Weights[l], x, rows, _net.FanIn(l), _net.Widths[l]);
            previous = x;
        }
    }

    /// <summary>
    /// The first layer l (0-based) of the last <see cref="Forward"/> whose units are all dead on all <paramref name="rows"/>
    /// rows (X_l = 0), or null. Past such a layer every output is 0 and no gradient flows: the network has collapsed.
    /// A live layer has a non-zero entry within its first few, so the scan stops almost at once.
    /// </summary>
    public int? FirstDeadLayer(int rows)
    {
        CheckRows(rows);
        for (int l = 0; l < _net.Depth; l++)
            if (Activations[l].AsSpan(0, rows * _net.Widths[l]).IndexOfAnyExcept(0f) < 0) return l;
        return null;
    }

    /// <summary>
    /// One pass over X_L after <see cref="Forward"/>: f_i = vᵀx_{L,i}, L = scale·Σℓ(y_i f_i), the count of
    /// y_i f_i ≤ 0, and (unless <see cref="ForwardOnly"/>) δ_L with g_i = scale·ℓ′(y_i f_i)·y_i.
    /// </summary>
    public (double Loss, int Wrong) Evaluate(ReadOnlySpan<float> labels, LossKind loss, double scale)
    {
        int rows = labels.Length;
        CheckRows(rows);
        float[] v = _net.Readout;
        int mL = v.Length;
        float[] last = Activations[^1];
        double sum = 0;
        int wrong = 0;
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> x = last.AsSpan(i * mL, mL);
            double f = 0;
            for (int j = 0; j < mL; j++) f += (double)v[j] * x[j];
            Outputs[i] = f;

            double y = labels[i];
            double z = y * f;
            sum += MarginLoss.Value(loss, z);
            if (!(z > 0)) wrong++;
            if (ForwardOnly) continue;

            double g = scale * MarginLoss.Derivative(loss, z) * y;
            Span<float> delta = _deltaUpper.AsSpan(i * mL, mL);
            for (int j = 0; j < mL; j++) delta[j] = x[j] > 0f ? (float)(g * v[j]) : 0f;
        }
        return (scale * sum, wrong);
    }

    /// <summary>
    /// Back-propagates the δ_L of the last <see cref="Evaluate"/> from layer L down to 1. Layer l's
    /// gradient is produced after δ_{l−1} has used W_l, and W_l ← W_l − η∇W_l is fused into it when
    /// <paramref name="apply"/>. ‖∇W_l L‖²_F goes to <paramref name="gradientSquares"/>[l].
    /// </summary>
    public void Backward(float[] input, int rows, float stepSize, bool apply, Span<double> gradientSquares)
    {
        CheckRows(rows);
        if (ForwardOnly) throw new InvalidOperationException("this pass was built forward-only");
        if (gradientSquares.Length < _net.Depth)
            throw new ArgumentException($"gradientSquares.Length ({gradientSquares.Length}) < depth ({_net.Depth})", nameof(gradientSquares));

        float[] delta = _deltaUpper, spare = _deltaLower;
        for (int l = _net.Depth - 1; l >= 0; l--)
        {
            int m = _net.Widths[l];
            int fanIn = _net.FanIn(l);
            float[] below = l == 0 ? input : Activations[l - 1];
            if (l > 0) _kernels.BackwardLayer(delta, _net.Weights[l], below, spare, rows, m, fanIn);
            gradientSquares[l] = _kernels.DescendLayer(below, delta, _net.Weights[l], rows, fanIn, m, stepSize, apply);
            (delta, spare) = (spare, delta);
        }
    }

    private void CheckRows(int rows)
    {
        if (rows < 1 || rows > Capacity)
            throw new ArgumentOutOfRangeException(nameof(rows), rows, $"rows must be in 1..{Capacity}");
    }
}
