using ReluStudy.Core.Data;
using ReluStudy.Core.Model;
using ReluStudy.Core.Studies;
using ReluStudy.Core.Training;

namespace ReluStudy.Tests.Studies;

/// <summary>
/// A step multiple through the one run lifecycle: run.json records the resolved step with its multiple and curvature, and a
/// run interrupted and resumed from its checkpoint resolves the same step and writes the uninterrupted run's files.
/// </summary>
public class CriticalStepRunTests
{
    private sealed class Progress(int stopAt, CancellationTokenSource? cancel) : IRunProgress
    {
        public List<string> Notes { get; } = [];
        public void Iteration(int iteration, int lastIteration, double loss, double? trainError) { if (iteration >= stopAt) cancel?.Cancel(); }
        public void Note(string message) => Notes.Add(message);
    }

    private static RunSpec Spec() => new(
        new DataRequest { Kind = DatasetKind.Mnist, ClassA = "3", ClassB = "8", TrainCount = 60, DataDir = TestPaths.ShippedData },
        new TrainingConfig
        {
            Widths = [32, 32], Loss = LossKind.Squared, StepSize = double.NaN, StepMultiple = 1.5, Iterations = 30, Seed = 2,
            Schedule = LogSchedule.Every(1), CheckpointEvery = 7, Sharpness = new SharpnessSettings { Every = 5, HessianN = 60 },
        },
        null, new Dictionary<string, string>());

    /// <summary>A CSV's lines without its seconds column, which measures time, not training.</summary>
    private static string[] WithoutSeconds(string path)
    {
        string[] lines = File.ReadAllLines(path);
        int seconds = Array.IndexOf(lines[0].Split(','), "seconds");
        return lines.Select(l => string.Join(",", l.Split(',').Where((_, i) => i != seconds))).ToArray();
    }

    [Fact]
    public void AResumedRunResolvesTheSameStepAndWritesTheUninterruptedRunsRows()
    {
        RunSpec spec = Spec();
        LoadedData data = LoadedData.Load(spec.Data, twoLayer: false);
        string id = RunIdentity.Id(spec, data.Checksum), root = TestPaths.TempFolder();
        string whole = Path.Combine(root, "whole"), killed = Path.Combine(root, "killed");

        var notes = new Progress(int.MaxValue, null);
        RunEnd uninterrupted = RunLifecycle.Execute(spec, id, data, whole, threads: 2, resume: false, notes, CancellationToken.None);
        Assert.Equal(RunStatus.Completed, uninterrupted.Status);
        var config = (DeepRunConfiguration)RunRecordFile.Read(whole).Config;
        Assert.Equal(1.5, config.StepMultiple);
        Assert.True(config.CriticalCurvature > 0);
        Assert.Equal(1.5 * 2 / config.CriticalCurvature!.Value, config.Step);
        Assert.Equal(config.Step * 32, config.StepTimesWidth);
        Assert.Contains(notes.Notes, n => n.Contains("lambda_GN(W(0)) = ") && n.Contains("on 60 rows"));
        // the resolved step is the one trained at: sharpness.csv's 2/eta, and its Gauss-Newton top at k = 0 is lambda_GN(W(0))
        RunResult run = RunResult.Read(whole);
        Assert.Equal(config.CriticalCurvature, run.SharpnessRows[0][MetricColumns.GaussNewton]);
        Assert.Equal(2 / config.Step, run.SharpnessRows[0][MetricColumns.TwoOverStep]);

        using (var cancel = new CancellationTokenSource())
        {
            RunEnd stopped = RunLifecycle.Execute(spec, id, data, killed, threads: 1, resume: false, new Progress(17, cancel), cancel.Token);
            Assert.Equal(RunStatus.Interrupted, stopped.Status);
        }
        Assert.True(File.Exists(ResultsLayout.In(killed, ResultsLayout.Checkpoint)));
        var resumedNotes = new Progress(int.MaxValue, null);
        RunEnd resumed = RunLifecycle.Execute(spec, id, data, killed, threads: 1, resume: true, resumedNotes, CancellationToken.None);
        Assert.Equal(RunStatus.Completed, resumed.Status);
        Assert.Contains(resumedNotes.Notes, n => n.Contains("from its checkpoint at iteration 14"));

        var again = (DeepRunConfiguration)RunRecordFile.Read(killed).Config;
        Assert.Equal((config.Step, config.StepMultiple, config.CriticalCurvature), (again.Step, again.StepMultiple, again.CriticalCurvature));
        Assert.Equal(WithoutSeconds(ResultsLayout.In(whole, ResultsLayout.Metrics)), WithoutSeconds(ResultsLayout.In(killed, ResultsLayout.Metrics)));
        foreach (string file in new[] { ResultsLayout.Sharpness, ResultsLayout.TangentKernel, ResultsLayout.Predictions, ResultsLayout.FinalWeights })
            Assert.Equal(File.ReadAllBytes(ResultsLayout.In(whole, file)), File.ReadAllBytes(ResultsLayout.In(killed, file)));
        Assert.Equal(uninterrupted.Summary!.WeightsSha256, resumed.Summary!.WeightsSha256);
    }
}
