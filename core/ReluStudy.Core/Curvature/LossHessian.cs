using System.Numerics.Tensors;
using ReluStudy.Core.LinearAlgebra;
using ReluStudy.Core.Model;

namespace ReluStudy.Core.Curvature;

/// <summary>
/// Exact products with the Hessian of L_S(W) = (1/n)Σ_i ℓ(y_i f_i) over W_1..W_L jointly, and with its Gauss–Newton
/// part, on a fixed set of rows: Pearlmutter's R-operator (forward-mode derivative along a direction V = (V_1..V_L))
/// pushed through the backprop of <see cref="Backprop"/>, the ReLU masks held fixed (σ″ = 0 almost everywhere).
/// <para>With M_l = 1{X_l &gt; 0}, g_i = ℓ′(y_i f_i)y_i/n, δ_L = (g vᵀ) ⊙ M_L and δ_{l−1} = (δ_l W_lᵀ) ⊙ M_{l−1}:</para>
/// <para>forward: R(X_0) = 0, R(X_l) = (R(X_{l−1})W_l + X_{l−1}V_l) ⊙ M_l, R(f) = R(X_L)v (= J·V);</para>
/// <para>R(g_i) = ℓ″(y_i f_i)R(f_i)/n (y_i² = 1); R(δ_L) = (R(g) vᵀ) ⊙ M_L;
/// R(δ_{l−1}) = (R(δ_l)W_lᵀ + δ_l V_lᵀ) ⊙ M_{l−1};</para>
/// <para>(H·V)_l = R(X_{l−1})ᵀδ_l + X_{l−1}ᵀR(δ_l). The Gauss–Newton product (1/n)Jᵀdiag(ℓ″)J·V keeps only R(g):
/// δ′_L = (R(g) vᵀ) ⊙ M_L, δ′_{l−1} = (δ′_l W_lᵀ) ⊙ M_{l−1}, (G·V)_l = X_{l−1}ᵀδ′_l.</para>
/// Every matrix product is a float32 product of the training's kernels (each masked product through
/// <see cref="IMatrixKernels.BackwardLayer"/>, each Xᵀδ through <see cref="IMatrixKernels.DescendLayer"/> on a zeroed
/// buffer with step −1); f, R(f), the loss and its derivatives are float64, as are the P-vectors in and out.
/// A Hessian product costs 2 products at layer 1 and 6 at each layer above (a GD iteration: 2 and 3). All buffers are
/// allocated here (about 3n·Σm_l + 3n·max m_l + 3P floats); <see cref="Prepare"/> and the products allocate nothing.
/// Vectors are P = Σ_l m_{l−1}m_l long: W_1..W_L concatenated, each row-major (m_{l−1} × m_l) like the weights.
/// </summary>
public sealed partial class LossHessian
{
    private readonly DeepReluNet _net;
    private readonly IMatrixKernels _kernels;
    private readonly float[] _rows, _labels;
    private readonly LossKind _loss;
    private readonly int[] _fanIn, _width;
    private readonly long[] _offset;
    private readonly float[][] _x, _delta, _rx, _weights, _weightsT, _direction, _directionT;
    private readonly float[] _rDelta, _rSpare, _sum, _product;
    private readonly double[] _outputs, _gradient, _curvature, _rOutputs;

    /// <param name="rows">inputs, n × d row-major (only the first n rows are read).</param>
    /// <param name="labels">y_i = ±1 of those rows.</param>
    public LossHessian(DeepReluNet net, IMatrixKernels kernels, float[] rows, float[] labels, int n, LossKind loss)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "n must be >= 1");
        if (rows.LongLength < (long)n * net.InputDim) throw new ArgumentException($"rows.Length ({rows.LongLength}) < n ({n}) × d ({net.InputDim})", nameof(rows));
        if (labels.Length < n) throw new ArgumentException($"labels.Length ({labels.Length}) < n ({n})", nameof(labels));
        (_net, _kernels, _rows, _labels, N, _loss) = (net, kernels, rows, labels, n, loss);
        int depth = net.Depth;
        _fanIn = Enumerable.Range(0, depth).Select(net.FanIn).ToArray();
        _width = net.Widths.ToArray();
        _offset = new long[depth + 1];
        for (int l = 0; l < depth; l++) _offset[l + 1] = _offset[l] + (long)_fanIn[l] * _width[l];
        Dimension = _offset[depth];
        if (Dimension > Array.MaxLength) throw new ArgumentException($"the network has {Dimension} weights, more than one vector can hold", nameof(net));

        _x = _width.Select(m => new float[(long)n * m]).ToArray();
        _delta = _width.Select(m => new float[(long)n * m]).ToArray();
        _rx = _width.Select(m => new float[(long)n * m]).ToArray();
        // W_l as of Prepare (the products never read the network's own weights), and W_lᵀ (m_l × m_{l−1}), which turns
        // BackwardLayer's A·Bᵀ into the forward product A·W_l; the products never need W_1.
        _weights = Enumerable.Range(0, depth).Select(l => l == 0 ? [] : new float[(long)_fanIn[l] * _width[l]]).ToArray();
        _weightsT = Enumerable.Range(0, depth).Select(l => l == 0 ? [] : new float[(long)_fanIn[l] * _width[l]]).ToArray();
        // V_l row-major for δ_l V_lᵀ (layers above the first), V_lᵀ for X_{l−1}V_l (every layer).
        _direction = Enumerable.Range(0, depth).Select(l => l == 0 ? [] : new float[(long)_fanIn[l] * _width[l]]).ToArray();
        _directionT = Enumerable.Range(0, depth).Select(l => new float[(long)_fanIn[l] * _width[l]]).ToArray();
        long widest = (long)n * Math.Max(_width.Max(), 1);
        _rDelta = new float[widest];
        _rSpare = new float[widest];
        _sum = new float[widest];
        _product = new float[Enumerable.Range(0, depth).Max(l => (long)_fanIn[l] * _width[l])];
        _outputs = new double[n];
        _gradient = new double[n];
        _curvature = new double[n];
        _rOutputs = new double[n];
    }

    /// <summary>Rows the Hessian is taken over.</summary>
    public int N { get; }

    /// <summary>P = Σ_l m_{l−1}m_l, the length of the vectors.</summary>
    public long Dimension { get; }

    /// <summary>L_S at the weights of the last <see cref="Prepare"/>.</summary>
    public double Loss { get; private set; }

    /// <summary>Whether <see cref="Prepare"/> has run.</summary>
    public bool Prepared { get; private set; }

    /// <summary>Where layer l's block starts in a P-vector (l = 0..L; the last is P).</summary>
    public long Offset(int layer) => _offset[layer];

    /// <summary>
    /// Takes the network at its current weights: the forward pass (X_l, hence the masks), f, ℓ′ and ℓ″ of every row,
    /// every δ_l, and a copy of W_2..W_L with its transpose. The products use this state, not the network's weights as
    /// they are later, until the next call (call it again after the weights change).
    /// </summary>
    public void Prepare()
    {
        int n = N, depth = _net.Depth;
        float[] previous = _rows;
        for (int l = 0; l < depth; l++)
        {
            _kernels.ForwardLayer(previous, _net.Weights[l], _x[l], n, _fanIn[l], _width[l]);
            previous = _x[l];
            if (l == 0) continue;
            _net.Weights[l].CopyTo(_weights[l], 0);
            Transpose(_weights[l], _weightsT[l], _fanIn[l], _width[l]);
        }

        float[] v = _net.Readout, last = _x[^1];
        int mL = v.Length;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double f = Readout(last.AsSpan(i * mL, mL), v);
            double y = _labels[i], z = y * f;
            _outputs[i] = f;
            sum += MarginLoss.Value(_loss, z);
            _gradient[i] = MarginLoss.Derivative(_loss, z) * y / n;
            _curvature[i] = MarginLoss.SecondDerivative(_loss, z) / n;
        }
        Loss = sum / n;

        SpreadOverReadout(_gradient, _delta[^1]);
        for (int l = depth - 1; l > 0; l--)
            _kernels.BackwardLayer(_delta[l], _weights[l], _x[l - 1], _delta[l - 1], n, _width[l], _fanIn[l]);
        Prepared = true;
    }

    /// <summary>hv = ∇²L_S(W)·v (hv may be v itself).</summary>
    public void Multiply(ReadOnlySpan<double> v, Span<double> hv)
    {
        ForwardAlong(v, hv, keepDirection: true);
        int n = N;
        for (int i = 0; i < n; i++) _rOutputs[i] *= _curvature[i]; // R(g_i) = ℓ″R(f_i)/n
        SpreadOverReadout(_rOutputs, _rDelta);

        float[] rDelta = _rDelta, spare = _rSpare;
        for (int l = _net.Depth - 1; l >= 0; l--)
        {
            int fanIn = _fanIn[l], m = _width[l];
            float[] product = _product;
            Array.Clear(product, 0, fanIn * m);
            if (l > 0) _kernels.DescendLayer(_rx[l - 1], _delta[l], product, n, fanIn, m, stepSize: -1f, apply: true);
            _kernels.DescendLayer(l == 0 ? _rows : _x[l - 1], rDelta, product, n, fanIn, m, stepSize: -1f, apply: true);
            Widen(product.AsSpan(0, fanIn * m), hv.Slice((int)_offset[l], fanIn * m));
            if (l == 0) break;
            _kernels.BackwardLayer(rDelta, _weights[l], _x[l - 1], spare, n, m, fanIn);
            _kernels.BackwardLayer(_delta[l], _direction[l], _x[l - 1], _sum, n, m, fanIn);
            TensorPrimitives.Add(spare.AsSpan(0, n * fanIn), _sum.AsSpan(0, n * fanIn), spare.AsSpan(0, n * fanIn));
            (rDelta, spare) = (spare, rDelta);
        }
    }

    /// <summary>gv = (1/n)Jᵀdiag(ℓ″)J·v, J = ∂f/∂W the n × P Jacobian of the outputs (gv may be v itself).</summary>
    public void MultiplyGaussNewton(ReadOnlySpan<double> v, Span<double> gv)
    {
        ForwardAlong(v, gv, keepDirection: false);
        int n = N;
        for (int i = 0; i < n; i++) _rOutputs[i] *= _curvature[i];
        SpreadOverReadout(_rOutputs, _rDelta);

        float[] delta = _rDelta, spare = _rSpare;
        for (int l = _net.Depth - 1; l >= 0; l--)
        {
            int fanIn = _fanIn[l], m = _width[l];
            Array.Clear(_product, 0, fanIn * m);
            _kernels.DescendLayer(l == 0 ? _rows : _x[l - 1], delta, _product, n, fanIn, m, stepSize: -1f, apply: true);
            Widen(_product.AsSpan(0, fanIn * m), gv.Slice((int)_offset[l], fanIn * m));
            if (l == 0) break;
            _kernels.BackwardLayer(delta, _weights[l], _x[l - 1], spare, n, m, fanIn);
            (delta, spare) = (spare, delta);
        }
    }

    /// <summary>
    /// Loads v into the float32 V_lᵀ (and, for the Hessian's δ_l V_lᵀ, V_l) and runs the R-forward pass: R(X_l) for every
    /// layer and R(f) = J·v into the outputs' R buffer. v is read in full before anything is written, so the result may
    /// share its memory.
    /// </summary>
    private void ForwardAlong(ReadOnlySpan<double> v, Span<double> result, bool keepDirection)
    {
        if (!Prepared) throw new InvalidOperationException("Prepare() must run before a product");
        if (v.Length != Dimension) throw new ArgumentException($"v.Length ({v.Length}) != P ({Dimension})", nameof(v));
        if (result.Length != Dimension) throw new ArgumentException($"the result's length ({result.Length}) != P ({Dimension})", nameof(result));
        int n = N;
        for (int l = 0; l < _net.Depth; l++)
        {
            int fanIn = _fanIn[l], m = _width[l];
            ReadOnlySpan<double> block = v.Slice((int)_offset[l], fanIn * m);
            Transpose(block, _directionT[l], fanIn, m);
            if (l == 0)
            {
                _kernels.BackwardLayer(_rows, _directionT[0], _x[0], _rx[0], n, fanIn, m); // (X_0 V_1) ⊙ M_1
                continue;
            }
            if (keepDirection) TensorPrimitives.ConvertTruncating(block, _direction[l].AsSpan(0, fanIn * m)); // rounds to nearest
            _kernels.BackwardLayer(_rx[l - 1], _weightsT[l], _x[l], _rx[l], n, fanIn, m);  // (R(X_{l−1}) W_l) ⊙ M_l
            _kernels.BackwardLayer(_x[l - 1], _directionT[l], _x[l], _sum, n, fanIn, m);   // (X_{l−1} V_l) ⊙ M_l
            TensorPrimitives.Add(_rx[l].AsSpan(0, n * m), _sum.AsSpan(0, n * m), _rx[l].AsSpan(0, n * m));
        }
        float[] readout = _net.Readout, last = _rx[^1];
        int mL = readout.Length;
        for (int i = 0; i < n; i++) _rOutputs[i] = Readout(last.AsSpan(i * mL, mL), readout);
    }
}
