using ReluStudy.Core.Data;
using ReluStudy.Core.LinearAlgebra;
using ReluStudy.Core.Model;

namespace ReluStudy.Core.Training;

/// <summary>
/// What a logged row holds beyond the loss, taken at W(k) before the update: each layer's distance from W(0) (spectral
/// and Frobenius), the activation patterns changed since k = 0, the tangent kernel's prediction and the test split.
/// </summary>
internal sealed class RowMeasurement
{
    private readonly DeepReluNet _net;
    private readonly IMatrixKernels _kernels;
    private readonly TrainingConfig _config;
    private readonly Dataset? _test;
    private readonly Backprop? _testPass;
    private readonly double[] _spectral, _frobenius;
    private readonly long[] _changed;
    private PredictionRow? _prediction;
    private (double? Loss, double? Error) _onTest;

    /// <param name="initialWeights">W(0) when resuming; otherwise the network's weights now.</param>
    public RowMeasurement(DeepReluNet net, IMatrixKernels kernels, TrainingConfig config, int rows, Dataset? test, float[][]? initialWeights)
    {
        (_net, _kernels, _config, _test) = (net, kernels, config, test);
        _testPass = test is null ? null : new Backprop(net, kernels, test.Count, forwardOnly: true);
        Drift = new DistanceFromInit(net, kernels, initialWeights);
        Patterns = new ActivationPatterns(net.Widths, rows);
        _spectral = new double[net.Depth];
        _frobenius = new double[net.Depth];
        _changed = new long[net.Depth];
    }

    public DistanceFromInit Drift { get; }

    /// <summary>The on/off state of every unit at W(0), captured from the first full forward pass.</summary>
    public ActivationPatterns Patterns { get; }

    /// <summary>Takes every quantity at W(k) from the training pass's activations and outputs.</summary>
    public void Measure(int k, Backprop train, TangentKernelTracking tangent)
    {
        int depth = _net.Depth;
        Drift.Measure(_spectral, _frobenius);
        _kernels.ForEachWorker((worker, workers) =>
        {
            for (int l = worker; l < depth; l += workers) _changed[l] = Patterns.CountChanged(train.Activations, l);
        });
        _prediction = tangent.Predict(k, train.Outputs.AsSpan(0, Patterns.Rows));
        _onTest = (null, null);
        if (_test is not null && _testPass is not null)
        {
            _testPass.Forward(_test.Features, _test.Count);
            (double loss, int wrong) = _testPass.Evaluate(_test.Labels, _config.Loss, 1.0 / _test.Count);
            _onTest = (loss, (double)wrong / _test.Count);
        }
    }

    /// <summary>The row of the last <see cref="Measure"/>, with the loss, error and each layer's squared gradient norm.</summary>
    public MetricsRow Row(int k, double loss, double error, ReadOnlySpan<double> gradientSquares, double seconds)
    {
        int depth = _net.Depth;
        var layers = new LayerMetrics[depth];
        double gradSquares = 0, frobSquares = 0, spectralMax = 0;
        long changedTotal = 0, units = 0;
        for (int l = 0; l < depth; l++)
        {
            gradSquares += gradientSquares[l];
            frobSquares += _frobenius[l] * _frobenius[l];
            spectralMax = Math.Max(spectralMax, _spectral[l]);
            changedTotal += _changed[l];
            units += Patterns.UnitsInLayer(l);
            layers[l] = new LayerMetrics(Math.Sqrt(gradientSquares[l]), _spectral[l], _frobenius[l], (double)_changed[l] / Patterns.UnitsInLayer(l));
        }
        return new MetricsRow(k, loss, error, Math.Sqrt(gradSquares), spectralMax, Math.Sqrt(frobSquares),
            (double)changedTotal / units, seconds, _onTest.Loss, _onTest.Error, layers) { Prediction = _prediction };
    }
}
