using ReluStudy.Core.Numerics;
using ReluStudy.Core.Data;
using ReluStudy.Core.Model;
using ReluStudy.Core.Training;
using ReluStudy.Core.Training.TwoLayer;

namespace ReluStudy.Core.Results;

/// <summary>run.json's contents built from what the trainers take and return.</summary>
public static class RunRecords
{
    /// <summary>The record of a run just started: status running, no summary.</summary>
    public static RunRecord Started(RunConfiguration config) => new()
    {
        Status = RunStatus.Running, StartedUtc = DateTime.UtcNow, Config = config,
        Software = RunEnvironment.Software(), Machine = RunEnvironment.Machine(),
    };

    /// <summary>The started record with the run's end.</summary>
    public static RunRecord Ended(RunRecord started, RunStatus status, string? message, RunSummary summary) =>
        started with { Status = status, Message = message, FinishedUtc = DateTime.UtcNow, Summary = summary };

    public static DeepRunConfiguration Deep(TrainingConfig c, DataDescription data) => new()
    {
        Dataset = data.Dataset, Classes = Classes(data), LabelConvention = LabelConvention(data), N = data.TrainCount, TestN = data.TestCount,
        D = data.Dimension, Preprocess = data.Preprocess, Mu = data.Mu, DataSeed = data.DataSeed, DataOrigin = data.Origin,
        TrainSource = data.TrainSource, TestSource = data.TestSource,
        Depth = c.Widths.Count, Widths = c.Widths.ToArray(), Loss = MarginLoss.Name(c.Loss),
        Optimizer = c.Optimizer == OptimizerKind.GradientDescent ? "gd" : "sgd", Step = c.StepSize, StepTimesWidth = c.StepTimesWidth,
        StepMultiple = c.StepMultiple, CriticalCurvature = c.CriticalCurvature,
        StepCurvature = c.StepMultiple is not null && c.StepCurvature != StepCurvature.GaussNewton ? c.StepCurvature : null,
        Batch = c.Optimizer == OptimizerKind.StochasticGradientDescent ? c.BatchSize : null, Iterations = c.Iterations, Seed = c.Seed,
        Threads = c.Threads, LogSchedule = c.Schedule.Describe(), TargetLoss = c.TargetLoss, StopAtZeroError = c.StopAtZeroError,
        DivergenceFactor = c.DivergenceFactor, StepSearch = c.StepSearch,
        Sharpness = c.Sharpness is { } s ? new SharpnessConfiguration(MeasurementSchedule.Describe(s.Every), s.HessianN) : null,
    };

    public static TwoLayerRunConfiguration TwoLayer(TwoLayerConfig c, DataDescription data) => new()
    {
        Dataset = data.Dataset, Classes = Classes(data), LabelConvention = LabelConvention(data), N = data.TrainCount, TestN = data.TestCount,
        D = data.Dimension, Preprocess = data.Preprocess, Mu = data.Mu, DataSeed = data.DataSeed, DataOrigin = data.Origin,
        TrainSource = data.TrainSource, TestSource = data.TestSource,
        Neurons = c.Width, Loss = "half-sum-squared", Step = c.StepSize, TrainOutputLayer = c.TrainOutputLayer, Iterations = c.Iterations,
        Seed = c.Seed, Threads = c.Threads, LogSchedule = c.Schedule.Describe(),
        TangentKernelEvery = MeasurementSchedule.Describe(c.TangentKernelEvery),
    };

    public static RunSummary Summary(TrainingOutcome o) => new()
    {
        InitialLoss = Float64.FiniteOrNull(o.InitialLoss), Seconds = o.Seconds, MetricsSeconds = o.MetricsSeconds, WeightsSha256 = o.WeightsSha256,
        InitialSpectralNorms = o.InitialSpectralNorms, InitialFrobeniusNorms = o.InitialFrobeniusNorms,
        LastRow = o.LastRow is MetricsRow row ? RunTables.Summary(RunTables.Metrics, row) : null,
        TangentKernel = o.TangentKernel is { } t
            ? new TangentKernelSummary(t.LambdaMin, t.LambdaMax, t.Trace, t.MaxStableStepTimesWidth, t.InitialLimitGap)
            {
                InfiniteWidthTarget = t.InfiniteWidthTarget, LinearizedTarget = t.LinearizedTarget,
            }
            : null,
        SharpnessInitial = o.InitialSharpness is double s ? Float64.FiniteOrNull(s) : null,
        StableStepPredicted = o.InitialSharpness is double top && top > 0 ? Float64.FiniteOrNull(2 / top) : null,
    };

    public static RunSummary Summary(TwoLayerOutcome o) => new()
    {
        Lambda0 = Float64.FiniteOrNull(o.Lambda0), Lambda0ErrorBound = Float64.FiniteOrNull(o.Lambda0ErrorBound),
        InitialResidualSquared = Float64.FiniteOrNull(o.InitialResidualSquared), Gram0MinusInfiniteFrobenius = Float64.FiniteOrNull(o.InitialGramDeviation),
        Seconds = o.Seconds, WeightsSha256 = o.WeightsSha256,
        LastRow = o.LastRow is TwoLayerRow row ? RunTables.Summary(RunTables.TwoLayerMetrics, row) : null,
    };

    // Synthetic sets have no named classes; their labels are described by the source.
    private static string[]? Classes(DataDescription d) => d.ClassA.Length == 0 ? null : [d.ClassA, d.ClassB];

    private static string LabelConvention(DataDescription d) => d.ClassA.Length == 0 ? d.TrainSource : $"{d.ClassA} -> +1, {d.ClassB} -> -1";
}
