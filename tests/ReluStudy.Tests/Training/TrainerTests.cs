using ReluStudy.Core.Data;
using ReluStudy.Core.Model;
using ReluStudy.Core.Numerics;
using ReluStudy.Core.Training;

namespace ReluStudy.Tests.Training;

public class TrainerTests
{
    /// <summary>Linearly separable points on the unit sphere with last coordinate μ (Assumption 4.1), y = sign(⟨u, z⟩).</summary>
    internal static Dataset Separable(int n, int d, ulong seed)
    {
        var rng = new Rng(seed);
        double mu = 1 / Math.Sqrt(2);
        var u = Enumerable.Range(0, d - 1).Select(_ => rng.NextNormal()).ToArray();
        var features = new List<float>();
        var labels = new List<float>();
        while (labels.Count < n)
        {
            var z = Enumerable.Range(0, d - 1).Select(_ => rng.NextNormal()).ToArray();
            double margin = z.Zip(u, (a, b) => a * b).Sum() / Math.Sqrt(u.Sum(v => v * v));
            if (Math.Abs(margin) < 0.3) continue; // keep a margin so φ > 0 clearly
            double norm = Math.Sqrt(z.Sum(v => v * v));
            features.AddRange(z.Select(v => (float)(Math.Sqrt(1 - mu * mu) * v / norm)));
            features.Add((float)mu);
            labels.Add(margin > 0 ? 1f : -1f);
        }
        return new Dataset(features.ToArray(), labels.ToArray(), d);
    }

    private static TrainingConfig Config(int iterations, double lr = 0.1) => new()
    {
        Widths = [64, 64, 64], StepSize = lr, Iterations = iterations, Seed = 4, Schedule = LogSchedule.Every(1),
    };

    [Fact]
    public void AtInitialisation_DistanceAndPatternChangeAreZero_AndBoundsHold()
    {
        var rows = new RecordingObserver();
        Trainer.Run(Config(40), Separable(40, 8, 1), null, rows);
        MetricsRow first = rows.All[0];
        Assert.Equal(0, first.Iteration);
        Assert.Equal(0.0, first.DistSpectralMax);
        Assert.Equal(0.0, first.DistFrobenius);
        Assert.Equal(0.0, first.PatternChangeRatio);
        Assert.Equal(41, rows.All.Count);
        foreach (MetricsRow row in rows.All)
        {
            Assert.InRange(row.PatternChangeRatio, 0, 1);
            Assert.InRange(row.TrainError, 0, 1);
            foreach (LayerMetrics layer in row.Layers)
            {
                Assert.InRange(layer.PatternChangeRatio, 0, 1);
                Assert.True(layer.DistSpectral <= layer.DistFrobenius * (1 + 1e-12));
            }
            Assert.True(row.DistSpectralMax <= row.DistFrobenius * (1 + 1e-12));
        }
        Assert.True(rows.All[^1].DistFrobenius > 0);
        Assert.True(rows.All[^1].PatternChangeRatio > 0);
    }

    [Fact]
    public void FirstStepMovesEachLayerByEtaTimesItsGradient()
    {
        // After one GD step, W(1) − W(0) = −η∇L_S(W(0)), so the Frobenius distance per layer is η·‖∇_{W_l}L_S(W(0))‖_F.
        var rows = new RecordingObserver();
        Trainer.Run(Config(1, lr: 0.05), Separable(30, 8, 2), null, rows);
        for (int l = 0; l < 3; l++)
            Assert.Equal(0.05 * rows.All[0].Layers[l].GradNorm, rows.All[1].Layers[l].DistFrobenius, 1e-6 * rows.All[1].Layers[l].DistFrobenius);
    }

    [Fact]
    public void GradientDescentDrivesLossDownAndReachesZeroTrainingError()
    {
        var rows = new RecordingObserver();
        TrainingOutcome outcome = Trainer.Run(Config(2000) with { StopAtZeroError = true }, Separable(40, 8, 3), null, rows);
        Assert.Equal(RunStatus.ZeroError, outcome.Status);
        Assert.Equal(0.0, rows.All[^1].TrainError);
        Assert.True(rows.All[^1].Loss < rows.All[0].Loss);
        for (int i = 1; i < rows.All.Count; i++) Assert.True(rows.All[i].Loss <= rows.All[i - 1].Loss + 1e-12, $"loss rose at row {i}");
    }

    [Fact]
    public void TargetLossStopsTheRun()
    {
        var rows = new RecordingObserver();
        TrainingOutcome outcome = Trainer.Run(Config(5000) with { TargetLoss = 0.3 }, Separable(40, 8, 3), null, rows);
        Assert.Equal(RunStatus.TargetReached, outcome.Status);
        Assert.True(rows.All[^1].Loss <= 0.3);
        Assert.True(rows.All[^2].Loss > 0.3);
    }

    [Fact]
    public void HugeStepDiverges_WithoutWritingANonFiniteRow()
    {
        var rows = new RecordingObserver();
        TrainingOutcome outcome = Trainer.Run(Config(50, lr: 1e6), Separable(30, 8, 2), null, rows);
        Assert.Equal(RunStatus.Diverged, outcome.Status);
        Assert.Contains("lower the step", outcome.Message);
        Assert.All(rows.All, r => Assert.True(double.IsFinite(r.Loss)));
    }

    [Fact]
    public void SgdTrains_AndIsReproducible()
    {
        Dataset data = Separable(40, 8, 5);
        TrainingConfig config = Config(300) with { Optimizer = OptimizerKind.StochasticGradientDescent, BatchSize = 8, Schedule = LogSchedule.Every(50) };
        var a = new RecordingObserver();
        var b = new RecordingObserver();
        TrainingOutcome first = Trainer.Run(config, data, null, a);
        TrainingOutcome second = Trainer.Run(config, data, null, b);
        Assert.Equal(first.WeightsSha256, second.WeightsSha256);
        Assert.Equal(a.All.Select(r => r.Loss), b.All.Select(r => r.Loss));
        Assert.True(a.All[^1].Loss < a.All[0].Loss);
    }

    [Fact]
    public void ResultsAreBitIdenticalForOneAndTwoThreads()
    {
        Dataset data = Separable(50, 8, 6);
        var one = new RecordingObserver();
        var two = new RecordingObserver();
        TrainingOutcome a = Trainer.Run(Config(30) with { Threads = 1 }, data, data, one);
        TrainingOutcome b = Trainer.Run(Config(30) with { Threads = 2 }, data, data, two);
        Assert.Equal(a.WeightsSha256, b.WeightsSha256);
        Assert.Equal(one.All.Select(r => r with { Seconds = 0, Layers = [] }), two.All.Select(r => r with { Seconds = 0, Layers = [] }));
        Assert.Equal(one.All.SelectMany(r => r.Layers), two.All.SelectMany(r => r.Layers));
    }

    [Fact]
    public void DefaultScheduleIsDenseEarlyAndSparseLate()
    {
        LogSchedule s = LogSchedule.Default;
        int[] logged = Enumerable.Range(0, 10001).Where(k => s.IsLogged(k, 10000)).ToArray();
        Assert.Equal(Enumerable.Range(0, 11), logged.Take(11));
        Assert.Contains(10000, logged);
        Assert.InRange(logged.Length, 100, 160);
        Assert.True(logged.Count(k => k <= 100) > logged.Count(k => k is > 100 and <= 200));
    }
}

public class InitialScaleTests
{
    /// <summary>
    /// theory.md §2: with He init and ‖x‖ = 1, f(x) ≈ N(0, 1 − 1/π) for m ≫ L, so L_S(W(0)) → E log(1 + e^{−Z}).
    /// The reference is that expectation by quadrature (≈ 0.772). Initialising layer 1 with 2/d instead of 2/m_1
    /// would scale f by √(m/d) and move the loss to about 1.0, far outside the tolerance.
    /// </summary>
    [Fact]
    public void InitialCrossEntropyMatchesTheClosedFormLimit()
    {
        double variance = 1 - 1 / Math.PI;
        double expected = 0;
        const int steps = 20000;
        for (int s = 0; s < steps; s++)
        {
            double z = -10 + 20.0 * (s + 0.5) / steps;
            expected += Math.Exp(-z * z / 2) / Math.Sqrt(2 * Math.PI) * Core.Model.MarginLoss.Value(Core.Model.LossKind.CrossEntropy, z * Math.Sqrt(variance)) * 20.0 / steps;
        }
        Assert.InRange(expected, 0.770, 0.774);

        // n nearly orthogonal unit inputs make the f(x_i) nearly independent: the mean over n = 600 and 4 seeds
        // has sd ≈ 0.5/√2400 ≈ 0.01 (plus a finite-width bias of O(L/m)); 0.05 is about 5 sd.
        var rng = new Rng(9);
        const int n = 600, d = 200;
        var features = new float[n * d];
        var labels = new float[n];
        for (int i = 0; i < n; i++)
        {
            double[] z = Enumerable.Range(0, d).Select(_ => rng.NextNormal()).ToArray();
            double norm = Math.Sqrt(z.Sum(v => v * v));
            for (int j = 0; j < d; j++) features[i * d + j] = (float)(z[j] / norm);
            labels[i] = i % 2 == 0 ? 1 : -1;
        }
        var data = new Dataset(features, labels, d);
        double mean = 0;
        for (ulong seed = 1; seed <= 4; seed++)
        {
            var rows = new RecordingObserver();
            Trainer.Run(new TrainingConfig { Widths = [512, 512, 512], StepSize = 0.01, Iterations = 0, Seed = seed, Threads = 2 }, data, null, rows);
            mean += rows.All[0].Loss / 4;
        }
        Assert.InRange(mean, expected - 0.05, expected + 0.05);
    }

    [Fact]
    public void CancellationStopsWithStatusInterrupted()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var data = new Dataset([0.6f, 0.8f, 0.8f, 0.6f], [1, -1], 2);
        TrainingOutcome outcome = Trainer.Run(new TrainingConfig { Widths = [4], StepSize = 0.1, Iterations = 10 }, data, null, new RecordingObserver(), cancellation: cancel.Token);
        Assert.Equal(RunStatus.Interrupted, outcome.Status);
    }
}
