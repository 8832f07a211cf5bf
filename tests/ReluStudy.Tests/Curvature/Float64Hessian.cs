using System.Numerics.Tensors;
using ReluStudy.Core.Model;

namespace ReluStudy.Tests.Curvature;

/// <summary>
/// A float64 reference for the loss Hessian's products: the R-operator written again with plain float64 matrix loops
/// (rows vectorised, split over threads), sharing nothing with the float32 code but the formulas, which the tests
/// check against finite differences of <see cref="Theory.Float64Network"/>'s gradient. <see cref="Variant"/> selects a
/// deliberately wrong formula, to measure how far each mistake moves a product.
/// </summary>
internal sealed class Float64Hessian
{
    public enum Variant
    {
        Exact,
        /// <summary>R(δ_{l−1}) without its δ_l V_lᵀ term.</summary>
        DropDeltaV,
        /// <summary>(HV)_l without R(X_{l−1})ᵀδ_l.</summary>
        DropRxDelta,
        /// <summary>R(X_l) = R(H_l): the forward mask not held on the R pass.</summary>
        UnmaskedForward,
        /// <summary>R(δ_{l−1}) not masked by 1{X_{l−1} &gt; 0}.</summary>
        UnmaskedBackward,
    }

    private readonly int _n, _depth;
    private readonly int[] _fanIn, _width;
    private readonly double[] _input, _v, _g, _curvature;
    private readonly double[][] _w, _x, _delta;
    private readonly long[] _offset;

    public Float64Hessian(DeepReluNet net, float[] rows, float[] labels, int n, LossKind loss)
    {
        _n = n;
        _depth = net.Depth;
        _fanIn = Enumerable.Range(0, _depth).Select(net.FanIn).ToArray();
        _width = net.Widths.ToArray();
        _w = net.Weights.Select(w => w.Select(a => (double)a).ToArray()).ToArray();
        _v = net.Readout.Select(a => (double)a).ToArray();
        _input = rows.Take(n * net.InputDim).Select(a => (double)a).ToArray();
        _offset = new long[_depth + 1];
        for (int l = 0; l < _depth; l++) _offset[l + 1] = _offset[l] + (long)_fanIn[l] * _width[l];

        _x = new double[_depth][];
        double[] previous = _input;
        for (int l = 0; l < _depth; l++)
        {
            _x[l] = Relu(Product(previous, _w[l], n, _fanIn[l], _width[l]));
            previous = _x[l];
        }
        int mL = _width[^1];
        Outputs = new double[n];
        _g = new double[n];
        _curvature = new double[n];
        for (int i = 0; i < n; i++)
        {
            Outputs[i] = TensorPrimitives.Dot(_x[^1].AsSpan(i * mL, mL), _v);
            double y = labels[i], z = y * Outputs[i];
            Loss += MarginLoss.Value(loss, z) / n;
            _g[i] = MarginLoss.Derivative(loss, z) * y / n;
            _curvature[i] = MarginLoss.SecondDerivative(loss, z) / n;
        }
        _delta = new double[_depth][];
        _delta[^1] = Spread(_g);
        for (int l = _depth - 1; l > 0; l--)
            _delta[l - 1] = Mask(ProductTransposed(_delta[l], _w[l], n, _width[l], _fanIn[l]), _x[l - 1]);
    }

    public long Dimension => _offset[^1];

    public double[] Outputs { get; }

    public double Loss { get; }

    /// <summary>The smallest |h| over every unit and row: how far the point is from a ReLU kink.</summary>
    public double SmallestPreactivation()
    {
        double smallest = double.PositiveInfinity;
        double[] previous = _input;
        for (int l = 0; l < _depth; l++)
        {
            double[] h = Product(previous, _w[l], _n, _fanIn[l], _width[l]);
            smallest = Math.Min(smallest, h.Min(Math.Abs));
            previous = _x[l];
        }
        return smallest;
    }

    public double[] Multiply(double[] direction, Variant variant = Variant.Exact)
    {
        double[][] rx = ForwardAlong(direction, variant, out double[][] v);
        var result = new double[Dimension];
        double[] rDelta = Spread(RG(rx));
        for (int l = _depth - 1; l >= 0; l--)
        {
            double[] below = l == 0 ? _input : _x[l - 1];
            double[] block = TransposedProduct(below, rDelta, _n, _fanIn[l], _width[l]);
            if (l > 0 && variant != Variant.DropRxDelta)
                TensorPrimitives.Add(block, TransposedProduct(rx[l - 1], _delta[l], _n, _fanIn[l], _width[l]), block);
            block.CopyTo(result, _offset[l]);
            if (l == 0) break;
            double[] next = ProductTransposed(rDelta, _w[l], _n, _width[l], _fanIn[l]);
            if (variant != Variant.DropDeltaV) TensorPrimitives.Add(next, ProductTransposed(_delta[l], v[l], _n, _width[l], _fanIn[l]), next);
            rDelta = variant == Variant.UnmaskedBackward ? next : Mask(next, _x[l - 1]);
        }
        return result;
    }

    public double[] MultiplyGaussNewton(double[] direction)
    {
        double[][] rx = ForwardAlong(direction, Variant.Exact, out _);
        var result = new double[Dimension];
        double[] delta = Spread(RG(rx));
        for (int l = _depth - 1; l >= 0; l--)
        {
            TransposedProduct(l == 0 ? _input : _x[l - 1], delta, _n, _fanIn[l], _width[l]).CopyTo(result, _offset[l]);
            if (l > 0) delta = Mask(ProductTransposed(delta, _w[l], _n, _width[l], _fanIn[l]), _x[l - 1]);
        }
        return result;
    }

    private double[][] ForwardAlong(double[] direction, Variant variant, out double[][] v)
    {
        v = new double[_depth][];
        var rx = new double[_depth][];
        for (int l = 0; l < _depth; l++)
        {
            v[l] = direction.AsSpan((int)_offset[l], _fanIn[l] * _width[l]).ToArray();
            double[] h = Product(l == 0 ? _input : _x[l - 1], v[l], _n, _fanIn[l], _width[l]);
            if (l > 0) TensorPrimitives.Add(h, Product(rx[l - 1], _w[l], _n, _fanIn[l], _width[l]), h);
            rx[l] = variant == Variant.UnmaskedForward ? h : Mask(h, _x[l]);
        }
        return rx;
    }

    /// <summary>R(g_i) = ℓ″R(f_i)/n.</summary>
    private double[] RG(double[][] rx)
    {
        int mL = _width[^1];
        return Enumerable.Range(0, _n).Select(i => _curvature[i] * TensorPrimitives.Dot(rx[^1].AsSpan(i * mL, mL), _v)).ToArray();
    }

    /// <summary>(c vᵀ) ⊙ 1{X_L &gt; 0}.</summary>
    private double[] Spread(double[] c)
    {
        int mL = _width[^1];
        var delta = new double[_n * mL];
        for (int i = 0; i < _n; i++)
            for (int j = 0; j < mL; j++) delta[i * mL + j] = _x[^1][i * mL + j] > 0 ? c[i] * _v[j] : 0;
        return delta;
    }

    private static double[] Relu(double[] h) => h.Select(a => Math.Max(a, 0)).ToArray();

    private static double[] Mask(double[] a, double[] x) => a.Select((value, t) => x[t] > 0 ? value : 0).ToArray();

    /// <summary>A[n×k]·B[k×m].</summary>
    private static double[] Product(double[] a, double[] b, int n, int k, int m)
    {
        var c = new double[n * m];
        Parallel.For(0, n, i =>
        {
            Span<double> row = c.AsSpan(i * m, m);
            for (int r = 0; r < k; r++)
                if (a[i * k + r] != 0) TensorPrimitives.MultiplyAdd(b.AsSpan(r * m, m), a[i * k + r], row, row);
        });
        return c;
    }

    /// <summary>A[n×m]·B[k×m]ᵀ.</summary>
    private static double[] ProductTransposed(double[] a, double[] b, int n, int m, int k)
    {
        var c = new double[n * k];
        Parallel.For(0, n, i =>
        {
            for (int r = 0; r < k; r++) c[i * k + r] = TensorPrimitives.Dot(a.AsSpan(i * m, m), b.AsSpan(r * m, m));
        });
        return c;
    }

    /// <summary>A[n×k]ᵀ·B[n×m].</summary>
    private static double[] TransposedProduct(double[] a, double[] b, int n, int k, int m)
    {
        var c = new double[k * m];
        Parallel.For(0, k, r =>
        {
            Span<double> row = c.AsSpan(r * m, m);
            for (int i = 0; i < n; i++)
                if (a[i * k + r] != 0) TensorPrimitives.MultiplyAdd(b.AsSpan(i * m, m), a[i * k + r], row, row);
        });
        return c;
    }
}
