using ReluStudy.Core.Data;
using ReluStudy.Core.Model;
using ReluStudy.Core.Numerics;
using ReluStudy.Core.Training;

namespace ReluStudy.Tests.Training;

/// <summary>A run stopped and resumed from its last checkpoint reports the same rows and ends with the same weights.</summary>
public class ResumeTests
{
    private sealed class Keep : ICheckpointSink
    {
        public List<TrainingCheckpoint> All { get; } = [];

        // The trainer hands over live arrays; a real sink writes them out before returning, this one copies them.
        public void Save(TrainingCheckpoint c) => All.Add(c with
        {
            Weights = c.Weights.Select(w => (float[])w.Clone()).ToArray(),
            InitialWeights = c.InitialWeights.Select(w => (float[])w.Clone()).ToArray(),
            SingularVectors = c.SingularVectors.Select(v => (double[])v.Clone()).ToArray(),
        });
    }

    /// <summary>Stops the run (like Ctrl+C) once iteration <paramref name="at"/> has been reported.</summary>
    private sealed class StopAt(int at, CancellationTokenSource cancel) : ITrainingObserver
    {
        public List<MetricsRow> All { get; } = [];
        public void OnIteration(int iteration, int lastIteration, double loss, double trainError) { if (iteration >= at) cancel.Cancel(); }
        public void OnRow(MetricsRow row) => All.Add(row);
    }

    private static Dataset Data()
    {
        var rng = new Rng(3);
        const int n = 40, d = 6;
        float[] x = Enumerable.Range(0, n * d).Select(_ => (float)rng.NextNormal() / 3).ToArray();
        float[] y = Enumerable.Range(0, n).Select(i => x[i * d] + x[i * d + 1] > 0 ? 1f : -1f).ToArray();
        return new Dataset(x, y, d);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AResumedRunMatchesAnUninterruptedOne(bool sgd)
    {
        Dataset data = Data();
        var config = new TrainingConfig
        {
            Widths = [16, 12, 10], StepSize = 0.05, Iterations = 30, Seed = 2, Threads = 2,
            Optimizer = sgd ? OptimizerKind.StochasticGradientDescent : OptimizerKind.GradientDescent, BatchSize = sgd ? 8 : 0,
            CheckpointEvery = 7,
        };
        var whole = new RecordingObserver();
        TrainingOutcome uninterrupted = Trainer.Run(config, data, null, whole);

        using var cancel = new CancellationTokenSource();
        var first = new StopAt(17, cancel);
        var sink = new Keep();
        TrainingOutcome stopped = Trainer.Run(config, data, null, first, cancellation: cancel.Token, checkpoints: sink);
        Assert.Equal(RunStatus.Interrupted, stopped.Status);
        TrainingCheckpoint last = sink.All[^1];
        Assert.Equal(14, last.Iteration);

        var rest = new RecordingObserver();
        TrainingOutcome resumed = Trainer.Run(config, data, null, rest, resume: last);
        Assert.Equal(uninterrupted.Status, resumed.Status);
        Assert.Equal(uninterrupted.WeightsSha256, resumed.WeightsSha256);
        MetricsRow[] expected = whole.All.Where(r => r.Iteration >= last.Iteration).ToArray();
        Assert.Equal(expected.Length, rest.All.Count);
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i] with { Seconds = 0 }, rest.All[i] with { Seconds = 0 }, RowComparer.Instance);
        Assert.True(rest.All[0].Seconds >= last.Seconds);
        // The tangent kernel's predictions and kernel rows come again exactly: the kernels restart at W(0), the
        // predictions continue from the checkpoint's state.
        Assert.NotNull(last.Predictions);
        Assert.All(rest.All, r => Assert.NotNull(r.Prediction));
        Assert.Equal(whole.Kernel.Where(r => r.Iteration >= last.Iteration), rest.Kernel);
        Assert.Contains(rest.Kernel, r => r.Iteration > last.Iteration);
        Assert.Equal(uninterrupted.TangentKernel, resumed.TangentKernel);

        // A checkpoint without the predictions' state (written before it was kept) replays them from k = 0: same rows.
        var replayed = new RecordingObserver();
        Trainer.Run(config, data, null, replayed, resume: last with { Predictions = null });
        Assert.Equal(rest.All.Select(r => r with { Seconds = 0 }), replayed.All.Select(r => r with { Seconds = 0 }), RowComparer.Instance);
    }

    /// <summary>
    /// Sharpness restarts nothing: each measurement depends on W(k) alone (a seeded Lanczos start), so the resumed run's
    /// rows are the uninterrupted run's; S(W(0)) comes back from the checkpoint, or is measured again when it lacks it.
    /// </summary>
    [Fact]
    public void AResumedRunMeasuresTheSameSharpness()
    {
        Dataset data = Data();
        var config = new TrainingConfig
        {
            Widths = [16, 12, 10], StepSize = 0.05, Iterations = 30, Seed = 2, Threads = 2, CheckpointEvery = 7,
            Sharpness = new SharpnessSettings { Every = 3 },
        };
        var whole = new RecordingObserver();
        TrainingOutcome uninterrupted = Trainer.Run(config, data, null, whole);
        Assert.Equal(11, whole.Sharpness.Count);

        using var cancel = new CancellationTokenSource();
        var sink = new Keep();
        Trainer.Run(config, data, null, new StopAt(17, cancel), cancellation: cancel.Token, checkpoints: sink);
        TrainingCheckpoint last = sink.All[^1];
        Assert.Equal(14, last.Iteration);
        Assert.Equal(uninterrupted.InitialSharpness, last.InitialSharpness);
        foreach (TrainingCheckpoint from in new[] { last, last with { InitialSharpness = null } })
        {
            var rest = new RecordingObserver();
            TrainingOutcome resumed = Trainer.Run(config, data, null, rest, resume: from);
            Assert.Equal(whole.Sharpness.Where(r => r.Iteration >= last.Iteration), rest.Sharpness);
            Assert.Equal(uninterrupted.InitialSharpness, resumed.InitialSharpness);
            Assert.Equal(uninterrupted.WeightsSha256, resumed.WeightsSha256);
        }
    }

    [Theory]
    [InlineData(LossKind.CrossEntropy, 2 * 40)]
    [InlineData(LossKind.Squared, 0)]
    public void ThePredictionsStateIsWhatTheirIterationNeeds(LossKind loss, int stateLength)
    {
        Dataset data = Data();
        var config = new TrainingConfig { Widths = [16, 12], StepSize = 0.05, Iterations = 20, Seed = 4, Threads = 1, Loss = loss, CheckpointEvery = 9 };
        var sink = new Keep();
        var whole = new RecordingObserver();
        Trainer.Run(config, data, null, whole, checkpoints: sink);
        PredictionState state = sink.All[^1].Predictions!;
        Assert.Equal(stateLength, state.Infinite.Length);
        Assert.Equal(stateLength, state.Linearized.Length);

        var rest = new RecordingObserver();
        Trainer.Run(config, data, null, rest, resume: sink.All[^1]);
        Assert.Equal(whole.All.Where(r => r.Iteration >= 18).Select(r => r.Prediction), rest.All.Select(r => r.Prediction));
    }

    /// <summary>Rows equal in every field, layers included (the record's own equality compares the layer list by reference).</summary>
    private sealed class RowComparer : IEqualityComparer<MetricsRow>
    {
        public static readonly RowComparer Instance = new();
        public bool Equals(MetricsRow? a, MetricsRow? b) =>
            a is not null && b is not null && (a with { Layers = [] }) == (b with { Layers = [] }) && a.Layers.SequenceEqual(b.Layers);
        public int GetHashCode(MetricsRow r) => r.Iteration;
    }
}
