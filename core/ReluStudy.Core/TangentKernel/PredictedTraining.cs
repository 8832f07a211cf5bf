using System.Numerics.Tensors;
using ReluStudy.Core.LinearAlgebra;
using ReluStudy.Core.Model;
using ReluStudy.Core.Numerics;

namespace ReluStudy.Core.TangentKernel;

/// <summary>A predicted point of training: the loss and training error of the predicted outputs, and the predicted ‖W(k) − W(0)‖_F.</summary>
public readonly record struct PredictedPoint(double Loss, double TrainError, double Distance);

/// <summary>
/// Training predicted in function space with a fixed kernel Θ (docs/theory.md, "Predicted training"): the outputs on
/// the training set move as u(k+1) = u(k) − (η/n)·Θ·g(k), g_i = y_i·ℓ′(y_i·u_i(k)). This is exact for the network
/// linearised at W(0) with Θ its tangent kernel, and for the network itself as its widths grow (Θ = m·Θ̄). The
/// linearised model's distance from W(0) is (η/n)·√(GᵀΘG) with G = Σ_{t&lt;k} g(t).
/// </summary>
public interface IOutputPrediction
{
    /// <summary>k: the prediction is of W(k).</summary>
    int Iteration { get; }

    /// <summary>u(k).</summary>
    ReadOnlySpan<double> Outputs { get; }

    /// <summary>k → k + 1.</summary>
    void Step();

    /// <summary>What, besides k and the constructor's inputs, fixes the prediction from k on (a checkpoint keeps it).</summary>
    double[] State { get; }

    /// <summary>Continues from k = <paramref name="iteration"/> with the <see cref="State"/> taken there.</summary>
    void Resume(int iteration, ReadOnlySpan<double> state);

    PredictedPoint Measure();

    /// <summary>The iteration for any loss; the closed form for the squared loss.</summary>
    public static IOutputPrediction For(double[] kernel, double scale, ReadOnlySpan<double> u0, float[] labels, LossKind loss, double step,
        IMatrixKernels? workers) =>
        loss == LossKind.Squared
            ? new SquaredLossPrediction(new SymmetricEigen(kernel, labels.Length), scale, u0, labels, step)
            : new FunctionSpaceGd(kernel, scale, u0, labels, loss, step, workers);

    /// <summary>The mean loss and the error of outputs u on labels y.</summary>
    internal static (double Loss, double Error) Score(ReadOnlySpan<double> u, ReadOnlySpan<float> y, LossKind loss)
    {
        double sum = 0;
        int wrong = 0;
        for (int i = 0; i < u.Length; i++)
        {
            double z = y[i] * u[i];
            sum += MarginLoss.Value(loss, z);
            if (!(z > 0)) wrong++;
        }
        return (sum / u.Length, (double)wrong / u.Length);
    }
}

/// <summary>The iteration u(k+1) = u(k) − (η/n)·Θ·g(k) for any margin loss; Θ = scale·kernel (n × n).</summary>
public sealed class FunctionSpaceGd : IOutputPrediction
{
    private readonly double[] _kernel;
    private readonly double _scale, _step;
    private readonly float[] _labels;
    private readonly LossKind _loss;
    private readonly IMatrixKernels? _workers;
    private readonly double[] _u, _g, _sum, _product;

    /// <param name="workers">the training's kernels, whose workers share the products (null: this thread).</param>
    public FunctionSpaceGd(double[] kernel, double scale, ReadOnlySpan<double> u0, float[] labels, LossKind loss, double step, IMatrixKernels? workers)
    {
        int n = labels.Length;
        if (kernel.LongLength != (long)n * n || u0.Length != n)
            throw new ArgumentException($"kernel ({kernel.LongLength}) must be n² and u0 ({u0.Length}) n, n = {n}");
        (_kernel, _scale, _labels, _loss, _step, _workers) = (kernel, scale, labels, loss, step, workers);
        _u = u0.ToArray();
        _g = new double[n];
        _sum = new double[n];
        _product = new double[n];
    }

    public int Iteration { get; private set; }

    public ReadOnlySpan<double> Outputs => _u;

    /// <summary>u(k) then G(k).</summary>
    public double[] State => [.. _u, .. _sum];

    public void Resume(int iteration, ReadOnlySpan<double> state)
    {
        int n = _u.Length;
        if (state.Length != 2 * n) throw new ArgumentException($"the state of a function-space GD on n = {n} has 2n values; got {state.Length}", nameof(state));
        state[..n].CopyTo(_u);
        state[n..].CopyTo(_sum);
        Iteration = iteration;
    }

    public void Step()
    {
        int n = _u.Length;
        for (int i = 0; i < n; i++) _g[i] = _labels[i] * MarginLoss.Derivative(_loss, _labels[i] * _u[i]);
        TensorPrimitives.Add(_sum, _g, _sum);
        Multiply(_g, _product);
        TensorPrimitives.MultiplyAdd(_product, -_step / n * _scale, _u, _u);
        Iteration++;
    }

    public PredictedPoint Measure()
    {
        (double loss, double error) = IOutputPrediction.Score(_u, _labels, _loss);
        Multiply(_sum, _product);
        double quadratic = Math.Max(0, _scale * TensorPrimitives.Dot<double>(_sum, _product));
        return new PredictedPoint(loss, error, _step / _u.Length * Math.Sqrt(quadratic));
    }

    /// <summary>y = K·x, rows split over the workers.</summary>
    private void Multiply(double[] x, double[] y)
    {
        int n = x.Length;
        void Rows(int worker, int workers)
        {
            int start = (int)((long)n * worker / workers), end = (int)((long)n * (worker + 1) / workers);
            for (int i = start; i < end; i++) y[i] = TensorPrimitives.Dot<double>(_kernel.AsSpan((int)((long)i * n), n), x);
        }
        if (_workers is null) Rows(0, 1);
        else _workers.ForEachWorker(Rows);
    }
}

/// <summary>
/// The squared loss's prediction in closed form: ℓ(z) = (1 − z)²/2 gives g = u − y, so with Θ = QΛQᵀ, r = 1 − ηλ/n and
/// c = Qᵀ(u(0) − y): u(k) − y = Q(r^k ⊙ c), G(k) = Q(((1 − r^k)/(1 − r)) ⊙ c) and GᵀΘG = Σ λ((1 − r^k)/(1 − r))²c².
/// </summary>
public sealed class SquaredLossPrediction : IOutputPrediction
{
    private readonly SymmetricEigen _eigen;
    private readonly double[] _lambda, _c, _u;
    private readonly float[] _labels;
    private readonly double _step;

    public SquaredLossPrediction(SymmetricEigen eigen, double scale, ReadOnlySpan<double> u0, float[] labels, double step)
    {
        int n = labels.Length;
        _eigen = eigen;
        _labels = labels;
        _step = step;
        _lambda = eigen.Values.Select(v => scale * v).ToArray();
        var e0 = new double[n];
        for (int i = 0; i < n; i++) e0[i] = u0[i] - labels[i];
        _c = new double[n];
        for (int j = 0; j < n; j++) _c[j] = TensorPrimitives.Dot<double>(eigen.Vectors.AsSpan((int)((long)j * n), n), e0);
        _u = u0.ToArray();
    }

    public int Iteration { get; private set; }

    public ReadOnlySpan<double> Outputs
    {
        get
        {
            int n = _u.Length;
            for (int i = 0; i < n; i++) _u[i] = _labels[i];
            for (int j = 0; j < n; j++)
                TensorPrimitives.MultiplyAdd(_eigen.Vectors.AsSpan((int)((long)j * n), n), Math.Pow(Contraction(j), Iteration) * _c[j], _u, _u);
            return _u;
        }
    }

    public void Step() => Iteration++;

    /// <summary>Empty: the closed form needs only k.</summary>
    public double[] State => [];

    public void Resume(int iteration, ReadOnlySpan<double> state) => Iteration = iteration;

    public PredictedPoint Measure()
    {
        (double loss, double error) = IOutputPrediction.Score(Outputs, _labels, LossKind.Squared);
        double quadratic = 0;
        for (int j = 0; j < _c.Length; j++)
        {
            double r = Contraction(j);
            double geometric = r == 1 ? Iteration : (1 - Math.Pow(r, Iteration)) / (1 - r);
            quadratic += _lambda[j] * geometric * geometric * _c[j] * _c[j];
        }
        return new PredictedPoint(loss, error, _step / _c.Length * Math.Sqrt(Math.Max(0, quadratic)));
    }

    private double Contraction(int j) => 1 - _step * _lambda[j] / _c.Length;
}
