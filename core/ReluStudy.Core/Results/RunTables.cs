using ReluStudy.Core.Numerics;
using ReluStudy.Core.Training;
using ReluStudy.Core.Training.TwoLayer;
using static ReluStudy.Core.Results.MetricColumns;

namespace ReluStudy.Core.Results;

/// <summary>The CSV files of a run folder and the columns each holds, in order.</summary>
public static class RunTables
{
    /// <summary>metrics.csv of the deep network: one row per logged iteration.</summary>
    public static readonly CsvTable<MetricsRow> Metrics = new(
        (Iteration, r => r.Iteration), (Loss, r => r.Loss), (TrainError, r => r.TrainError), (GradNorm, r => r.GradNorm),
        (DistanceSpectralMax, r => r.DistSpectralMax), (DistanceFrobenius, r => r.DistFrobenius),
        (PatternChangeRatio, r => r.PatternChangeRatio), (Seconds, r => r.Seconds), (TestLoss, r => r.TestLoss), (TestError, r => r.TestError));

    /// <summary>layers.csv of the deep network: one row per layer per logged iteration.</summary>
    public static readonly CsvTable<(int Iteration, int Layer, LayerMetrics Metrics)> Layers = new(
        (Iteration, r => r.Iteration), (Layer, r => r.Layer), (GradNorm, r => r.Metrics.GradNorm), (DistanceSpectral, r => r.Metrics.DistSpectral),
        (DistanceFrobenius, r => r.Metrics.DistFrobenius), (PatternChangeRatio, r => r.Metrics.PatternChangeRatio));

    /// <summary>prediction.csv: the training the tangent kernel predicts, at the logged iterations.</summary>
    public static readonly CsvTable<PredictionRow> Predictions = new(
        (Iteration, r => r.Iteration), (LossInfinite, r => r.Infinite.Loss), (TrainErrorInfinite, r => r.Infinite.TrainError),
        (DistanceFrobeniusInfinite, r => r.Infinite.Distance), (LossLinearized, r => r.Linearized.Loss),
        (TrainErrorLinearized, r => r.Linearized.TrainError), (DistanceFrobeniusLinearized, r => r.Linearized.Distance),
        (OutputGapLinearized, r => double.IsFinite(r.OutputGap) ? r.OutputGap : null));

    /// <summary>kernel.csv: the empirical kernel on the Gram schedule, the whole kernel (layer 0) and each layer's part.</summary>
    public static readonly CsvTable<TangentKernelRow> TangentKernel = new(
        (Iteration, r => r.Iteration), (Layer, r => r.Layer), (TangentKernelChange, r => r.Change), (LambdaMin, r => r.LambdaMin),
        (LambdaMax, r => r.LambdaMax), (LimitGap, r => r.LimitGap));

    /// <summary>sharpness.csv: the loss Hessian's top eigenvalues at W(k) on the sharpness schedule, beside 2/η.</summary>
    public static readonly CsvTable<SharpnessRow> Sharpness = new(
        (Iteration, r => r.Iteration), (MetricColumns.Sharpness, r => r.Measure.Top), (SharpnessSecond, r => Float64.FiniteOrNull(r.Measure.Second)),
        (GaussNewton, r => r.Measure.GaussNewton), (TwoOverStep, r => r.TwoOverStep), (SharpnessResidual, r => r.Measure.TopResidual),
        (SharpnessSecondResidual, r => Float64.FiniteOrNull(r.Measure.SecondResidual)), (GaussNewtonResidual, r => r.Measure.GaussNewtonResidual),
        (HessianProducts, r => r.Measure.Steps));

    /// <summary>metrics.csv of the two-layer model.</summary>
    public static readonly CsvTable<TwoLayerRow> TwoLayerMetrics = new(
        (Iteration, r => r.Iteration), (Loss, r => r.Loss), (ResidualSquared, r => r.ResidualSquared), (Envelope, r => r.Envelope),
        (MaxWeightDistance, r => r.MaxWeightDistance), (RPrime, r => r.RPrime), (PatternChangeRatio, r => r.PatternChangeRatio),
        (LambdaMinH, r => r.LambdaMinH), (GramChange, r => r.GramChange), (Seconds, r => r.Seconds));

    /// <summary>A row as run.json's summary keeps the last one: every value but the time, by column name.</summary>
    public static IReadOnlyDictionary<string, double> Summary<TRow>(CsvTable<TRow> table, TRow row) =>
        table.Cells(row).Where(c => c.Column != Seconds && c.Value is not null).ToDictionary(c => c.Column.Name, c => c.Value!.Value);
}
