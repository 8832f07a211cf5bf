using ReluStudy.Core.Curvature;
using ReluStudy.Core.Data;
using ReluStudy.Core.LinearAlgebra;
using ReluStudy.Core.Model;
using ReluStudy.Core.Numerics;
using ReluStudy.Core.Training;

namespace ReluStudy.Tests.Training;

/// <summary>Sharpness during training: when it is measured, on which rows, and what the run's summary says of it.</summary>
public class SharpnessTrackingTests
{
    private const int N = 40, D = 6;

    private static Dataset Data()
    {
        var rng = new Rng(3);
        float[] x = Enumerable.Range(0, N * D).Select(_ => (float)rng.NextNormal() / 3).ToArray();
        float[] y = Enumerable.Range(0, N).Select(i => x[i * D] + x[i * D + 1] > 0 ? 1f : -1f).ToArray();
        return new Dataset(x, y, D);
    }

    private static TrainingConfig Config(SharpnessSettings? sharpness) => new()
    {
        Widths = [16, 12, 10], StepSize = 0.05, Iterations = 20, Seed = 2, Threads = 2, Sharpness = sharpness, Schedule = LogSchedule.Every(1),
    };

    private static int[] Iterations(TrainingConfig config)
    {
        var rows = new RecordingObserver();
        Trainer.Run(config, Data(), null, rows);
        return rows.Sharpness.Select(r => r.Iteration).ToArray();
    }

    [Fact]
    public void TheRowsAreExactlyTheScheduledIterations()
    {
        Assert.Equal([0, 20], Iterations(Config(new SharpnessSettings())));
        Assert.Equal([0, 7, 14, 20], Iterations(Config(new SharpnessSettings { Every = 7 })));
        Assert.Equal(7, MeasurementSchedule.Count(null, 20));
        Assert.Equal(4, MeasurementSchedule.Count(7, 20));
    }

    /// <summary>A run stopped by its loss target measures where it stops, whether or not the schedule has that iteration.</summary>
    [Fact]
    public void ARunThatStopsEarlyMeasuresAtItsStop()
    {
        var losses = new List<double>();
        Trainer.Run(Config(null), Data(), null, new LossesOf(losses));
        Assert.True(losses[5] < losses[4], "the loss must fall for the target to stop the run at k = 5");
        int[] measured = Iterations(Config(new SharpnessSettings()) with { TargetLoss = losses[5] });
        Assert.Equal([0, 5], measured);
    }

    [Fact]
    public void TheSummaryIsAnIndependentMeasurementAtInitialisation()
    {
        Dataset data = Data();
        TrainingConfig config = Config(new SharpnessSettings { HessianN = 25 });
        var rows = new RecordingObserver();
        TrainingOutcome outcome = Trainer.Run(config, data, null, rows);

        // W(0) from the seed, the subsample from its own stream, measured with one thread (the run had two).
        DeepReluNet net = DeepReluNet.Initialize(D, config.Widths, config.Seed);
        Dataset sample = data.Subset(SeededSample.Rows(N, 25, Rng.Streams.HessianSample));
        Assert.Equal(25, sample.Count);
        using var kernels = new SimdKernels(1);
        SharpnessMeasure expected = new Sharpness(net, kernels, sample.Features, sample.Labels, sample.Count, config.Loss).Measure();

        Assert.Equal(expected.Top, outcome.InitialSharpness);
        Assert.Equal(expected, rows.Sharpness[0].Measure);
        Assert.Equal(2 / config.StepSize, rows.Sharpness[0].TwoOverStep);
        RunSummary summary = RunRecords.Summary(outcome);
        Assert.Equal(expected.Top, summary.SharpnessInitial);
        Assert.Equal(2 / expected.Top, summary.StableStepPredicted);
        // On all 40 rows the Hessian is another one: the subsample is what was measured.
        Dataset all = data.Subset(SeededSample.Rows(N, 5000, Rng.Streams.HessianSample));
        Assert.NotEqual(expected.Top, new Sharpness(net, kernels, all.Features, all.Labels, N, config.Loss).Measure().Top);
    }

    [Fact]
    public void TheSubsampleIsTheSameRowsForEveryRunAndEveryRowInOrderWhenNoneNeedLeavingOut()
    {
        int[] rows = SeededSample.Rows(100, 30, Rng.Streams.HessianSample);
        Assert.Equal(rows, SeededSample.Rows(100, 30, Rng.Streams.HessianSample));
        Assert.Equal(30, rows.Distinct().Count());
        Assert.Equal(rows.Order(), rows);
        Assert.All(rows, r => Assert.InRange(r, 0, 99));
        Assert.NotEqual(rows, SeededSample.Rows(100, 30, Rng.Streams.TangentKernelSample));
        Assert.Equal(Enumerable.Range(0, 100), SeededSample.Rows(100, 100, Rng.Streams.HessianSample));
        Assert.Equal(Enumerable.Range(0, 100), SeededSample.Rows(100, 5000, Rng.Streams.HessianSample));
    }

    [Fact]
    public void ARunWithoutSharpnessMeasuresNone()
    {
        var rows = new RecordingObserver();
        TrainingOutcome outcome = Trainer.Run(Config(null), Data(), null, rows);
        Assert.Empty(rows.Sharpness);
        Assert.Null(outcome.InitialSharpness);
        RunSummary summary = RunRecords.Summary(outcome);
        Assert.Null(summary.SharpnessInitial);
        Assert.Null(summary.StableStepPredicted);
    }

    [Theory]
    [InlineData(0, null, "sharpness-every: must be >= 1; got 0")]
    [InlineData(null, 0, "hessian-n: must be >= 1; got 0")]
    public void BadSettingsAreProblemsNamingTheSetting(int? every, int? rows, string problem)
    {
        var settings = new SharpnessSettings { Every = every ?? SharpnessSettings.DefaultEvery, HessianN = rows ?? SharpnessSettings.DefaultHessianN };
        Assert.Equal([problem], Config(settings).Problems(N));
        Assert.Contains("sharpness: does not apply to a step search", string.Join("; ", (Config(new SharpnessSettings()) with { StepSearch = new StepSearch(0.01, 1) }).Problems(N)));
    }

    private sealed class LossesOf(List<double> losses) : ITrainingObserver
    {
        public void OnIteration(int iteration, int lastIteration, double loss, double trainError) => losses.Add(loss);
        public void OnRow(MetricsRow row) { }
    }
}
