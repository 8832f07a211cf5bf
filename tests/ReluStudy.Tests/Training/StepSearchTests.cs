using ReluStudy.Core.Curvature;
using ReluStudy.Core.Data;
using ReluStudy.Core.LinearAlgebra;
using ReluStudy.Core.Model;
using ReluStudy.Core.Numerics;
using ReluStudy.Core.Results;
using ReluStudy.Core.Training;

namespace ReluStudy.Tests.Training;

public class StepSearchTests
{
    /// <summary>The search against a known threshold η*: a probe is stable exactly when η &lt; η*.</summary>
    private static List<StepProbe> Against(StepSearch search, double threshold)
    {
        var probes = new List<StepProbe>();
        while (search.Next(probes) is double step) probes.Add(new StepProbe(step, step < threshold, 10, 1, 0.5, null, "completed"));
        return probes;
    }

    [Theory]
    [InlineData(0.001, 1.0, 8)]
    [InlineData(0.01, 10.0, 3)]
    [InlineData(1e-4, 1e-3, 12)]
    public void TheBisectionBracketsTheThreshold_WithinTheStatedFactor(double from, double to, int bisections)
    {
        var search = new StepSearch(from, to, bisections);
        double factor = Math.Pow(to / from, Math.Pow(2, -bisections));
        for (double t = from * 1.0001; t < to; t *= 1.37)
        {
            List<StepProbe> probes = Against(search, t);
            (double? low, double? high) = StepSearch.Bracket(probes);
            Assert.Equal(search.MaxProbes, probes.Count);
            Assert.True(low < t && t <= high, $"threshold {t}: bracket [{low}, {high}]");
            Assert.InRange(high!.Value / low!.Value, 1, factor * (1 + 1e-12));
        }
    }

    [Fact]
    public void ARangeWhollyUnstableOrWhollyStable_IsSaidSo_AfterOneOrTwoProbes()
    {
        var search = new StepSearch(0.01, 1);
        List<StepProbe> unstable = Against(search, 0.005);
        Assert.Single(unstable);
        Assert.Equal((null, 0.01), StepSearch.Bracket(unstable));
        List<StepProbe> stable = Against(search, 5);
        Assert.Equal([0.01, 1.0], stable.Select(p => p.Step));
        Assert.Equal((1.0, null), StepSearch.Bracket(stable));
    }

    [Fact]
    public void AStepThatDoesNotLowerTheLoss_IsTheFirstFailure()
    {
        Assert.Null(StepSearch.FirstFailure([0.7, 0.6, 0.5, 0.0, 0.0]));     // a loss that reaches 0 stays stable
        Assert.Equal(2, StepSearch.FirstFailure([0.7, 0.6, 0.5, 0.55, 0.4]));
        Assert.Equal(1, StepSearch.FirstFailure([0.77, 0.69, 0.69, 0.69])); // a dead network's constant log 2
        Assert.Equal(3, StepSearch.FirstFailure([0.7, 0.6, 0.5, double.NaN]));
        Assert.Null(StepSearch.FirstFailure([0.7]));
    }

    [Theory]
    [InlineData(0, 1.0, 1.0)]
    [InlineData(-1, 0.1, 0.2)]
    [InlineData(5, 1.0, 0.5)]
    public void AnImpossibleSearch_IsOneProblemNamingTheRule(int bisections, double from, double to)
    {
        IReadOnlyList<string> problems = new StepSearch(from, to, bisections).Problems(OptimizerKind.GradientDescent);
        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.StartsWith("stable_step: ", p));
        Assert.Contains("stable_step: judges the full-batch loss, so it needs full-batch GD; got SGD",
            new StepSearch(0.01, 1).Problems(OptimizerKind.StochasticGradientDescent));
    }

    /// <summary>L_S(W(k)) at every iteration and the logged rows of one ordinary training.</summary>
    private sealed class LossRecorder : ITrainingObserver
    {
        public List<double> Losses { get; } = [];
        public List<MetricsRow> Rows { get; } = [];
        public void OnIteration(int iteration, int lastIteration, double loss, double trainError) => Losses.Add(loss);
        public void OnRow(MetricsRow row) => Rows.Add(row);
    }

    [Fact]
    public void EveryProbeIsJudgedByItsOwnTraining_AndTheRunKeepsTheLargestStableProbe()
    {
        var train = TrainerTests.Separable(40, 8, 1);
        var config = new TrainingConfig
        {
            Widths = [32, 32], StepSize = 0.01, Iterations = 30, Seed = 3, Schedule = LogSchedule.Every(5), Threads = 2,
            StepSearch = new StepSearch(0.01, 100, 6),
        };
        var kept = new LossRecorder();
        (TrainingOutcome outcome, StepSearchResult result) = StepSearchRunner.Run(config, train, null, kept);

        Assert.True(result.Bracketed, "a range of four decades holds both a stable and an unstable step here");
        foreach (StepProbe probe in result.Probes)
        {
            // The same step trained on its own, judged by hand: every step lowers the loss, and nothing diverged.
            var alone = new LossRecorder();
            TrainingOutcome o = Trainer.Run(config with { StepSize = probe.Step, StepSearch = null, Predict = false, TangentKernelSample = 0 }, train, null, alone);
            bool lowers = alone.Losses.Zip(alone.Losses.Skip(1), (a, b) => b < a || b == 0).All(x => x) && alone.Losses.All(double.IsFinite);
            Assert.Equal(lowers && o.Status != RunStatus.Diverged, probe.Stable);
        }
        var best = new LossRecorder();
        TrainingOutcome direct = Trainer.Run(config with { StepSize = result.LargestStable!.Value, StepSearch = null, Predict = false, TangentKernelSample = 0 },
            train, null, best);
        Assert.Equal(best.Rows.Select(r => r.Loss), kept.Rows.Select(r => r.Loss));
        Assert.Equal(direct.WeightsSha256, outcome.WeightsSha256);
        Assert.StartsWith("largest stable step ", outcome.Message);
    }

    /// <summary>
    /// The search's S(W(0)) is the sharpness of the run's own initialisation on the tracking rule's rows: W(0) drawn again
    /// from the seed, the default subsample (hessian_n 5000 holds all 40 rows here; 25 would be another Hessian), measured
    /// on one thread where the search had two. The summary turns it into sharpness_initial and 2/S(W(0)), and a search run
    /// again records the same bits.
    /// </summary>
    [Fact]
    public void TheSearchRecordsTheSharpnessOfItsOwnInitialisation_AsAnIndependentMeasurementGivesIt()
    {
        Dataset train = TrainerTests.Separable(40, 8, 1);
        var config = new TrainingConfig
        {
            Widths = [24, 16], StepSize = 0.01, Iterations = 10, Seed = 5, Threads = 2, StepSearch = new StepSearch(0.01, 100, 3),
        };
        (TrainingOutcome outcome, StepSearchResult _) = StepSearchRunner.Run(config, train, null, new LossRecorder());

        DeepReluNet net = DeepReluNet.Initialize(train.Dimension, config.Widths, config.Seed);
        Dataset rows = train.Subset(SeededSample.Rows(train.Count, SharpnessSettings.DefaultHessianN, Rng.Streams.HessianSample));
        Assert.Equal(train.Count, rows.Count);
        using var kernels = new SimdKernels(1);
        double expected = new Sharpness(net, kernels, rows.Features, rows.Labels, rows.Count, config.Loss).Measure().Top;
        Assert.Equal(expected, outcome.InitialSharpness);
        RunSummary summary = RunRecords.Summary(outcome);
        Assert.Equal(expected, summary.SharpnessInitial);
        Assert.Equal(2 / expected, summary.StableStepPredicted);

        // Another seed is another W(0) and another sharpness; the same seed again, on one thread, the same bits.
        Assert.NotEqual(expected, StepSearchRunner.Run(config with { Seed = 6 }, train, null, new LossRecorder()).Outcome.InitialSharpness);
        Assert.Equal(expected, StepSearchRunner.Run(config with { Threads = 1 }, train, null, new LossRecorder()).Outcome.InitialSharpness);
    }
}
