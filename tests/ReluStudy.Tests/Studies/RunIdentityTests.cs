using ReluStudy.Core.Data;
using ReluStudy.Core.Model;
using ReluStudy.Core.Studies;
using ReluStudy.Core.Training;
using ReluStudy.Core.Training.TwoLayer;

namespace ReluStudy.Tests.Studies;

/// <summary>
/// Run ids are the names of cached run folders: a change to what the id hashes (a renamed key, a reordered field, a new
/// default) would silently orphan every run on disk. The first two are the main job's own runs, as its folders are named.
/// </summary>
public class RunIdentityTests
{
    private static readonly DataRequest Mnist = new() { Kind = DatasetKind.Mnist, ClassA = "3", ClassB = "8", TrainCount = 300, TestCount = 500 };
    private const string Synthetic = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static RunSpec Deep(DataRequest data, TrainingConfig config) => new(data, config, null, new Dictionary<string, string>());

    public static TheoryData<string, RunSpec, string> Pinned() => new()
    {
        // quick-mnist, width 512, seed 1 (its folder in results/quick-mnist/)
        { "03c413377f095f61", Deep(Mnist, new TrainingConfig { Widths = Enumerable.Repeat(512, 15).ToArray(), StepSize = 0.0012, Iterations = 5_000,
            Seed = 1, TargetLoss = 0.077 }), "1e65b82a574852f3c74c8fea9477b9994cf2d4a5dfab308b71867889394bbaa2" },
        // quick-fits, width 1024, seed 3
        { "9dad9153ca613ddb", Deep(Mnist with { TrainCount = 200, TestCount = 0 }, new TrainingConfig { Widths = [1024, 1024, 1024], StepSize = 0.006,
            Iterations = 5_000, Seed = 3, TargetLoss = 0.077, Schedule = LogSchedule.Every(1) }), "abe8be465ce69ab5c89e7a4edc51c7f1b4659999ff3f9df81d80ba05ae0ce2a4" },
        { "df9edd11caf8cfab", Deep(Mnist, new TrainingConfig { Widths = [64, 64], StepSize = 0.01, Iterations = 300, Seed = 2, Loss = LossKind.SquareHinge,
            Optimizer = OptimizerKind.StochasticGradientDescent, BatchSize = 32, StopAtZeroError = true }), Synthetic },
        { "60b3ee89c7b82611", Deep(Mnist, new TrainingConfig { Widths = [256, 256, 256], StepSize = 0.001, Iterations = 100, Seed = 1,
            StepSearch = new StepSearch(0.001, 1), Predict = false, TangentKernelSample = 200, TangentKernelEvery = 10 }), Synthetic },
        { "94dfd8b4003f1187", new RunSpec(new DataRequest { Kind = DatasetKind.Sphere, ClassA = "", ClassB = "", TrainCount = 200, Dimension = 200, Preprocess = Preprocessing.None },
            null, new TwoLayerConfig { Width = 1_000, StepSize = 0.5, Iterations = 100, Seed = 3, Schedule = LogSchedule.Every(1) }, new Dictionary<string, string>()), Synthetic },
    };

    [Theory]
    [MemberData(nameof(Pinned))]
    public void RunIdsDoNotChange(string expected, RunSpec spec, string dataChecksum)
    {
        Assert.Equal(expected, RunIdentity.Id(spec, dataChecksum));
    }

    /// <summary>
    /// Sharpness changes what a run records: a run that measures it is another run (another folder), one that does not
    /// keeps its id (the pinned ones above have none), and only settings other than the defaults enter the canonical text.
    /// </summary>
    [Fact]
    public void SharpnessEntersTheIdOnlyWhenOnAndOnlyItsSettingsOtherThanTheDefaults()
    {
        var config = new TrainingConfig { Widths = [64, 64], StepSize = 0.01, Iterations = 300, Seed = 2 };
        string Id(SharpnessSettings? s) => RunIdentity.Id(Deep(Mnist, config with { Sharpness = s }), Synthetic);
        string[] ids = [Id(null), Id(new SharpnessSettings()), Id(new SharpnessSettings { Every = 10 }), Id(new SharpnessSettings { HessianN = 500 })];
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Equal("3430a6ea0121eff5", ids[1]); // pinned: the id a study run with default sharpness has
        string canonical = RunIdentity.Canonical(Deep(Mnist, config with { Sharpness = new SharpnessSettings() }));
        Assert.Contains("\"sharpness\":true", canonical);
        Assert.DoesNotContain("sharpness_every", canonical);
        Assert.DoesNotContain("hessian_n", canonical);
        Assert.DoesNotContain("sharpness", RunIdentity.Canonical(Deep(Mnist, config)));
    }

    /// <summary>
    /// A step multiple names the run by c: the resolved step (measured at W(0) and unknown when the id is taken) never enters
    /// the id, every c is another run, and a run at a given step keeps its id (the pinned ones above have no multiple).
    /// </summary>
    [Fact]
    public void AStepMultipleEntersTheIdAndTheStepItResolvesToDoesNot()
    {
        var config = new TrainingConfig { Widths = [512, 512], Loss = LossKind.Squared, StepSize = double.NaN, StepMultiple = 1.2, Iterations = 200, Seed = 1 };
        string Id(TrainingConfig c) => RunIdentity.Id(Deep(Mnist, c), Synthetic);
        string unresolved = Id(config);
        Assert.Equal("fa0894eb281a578c", unresolved); // pinned: the id of a study run at Gd.Critical(multiple = 1.2)
        Assert.Equal(unresolved, Id(config with { StepSize = 0.0123, CriticalCurvature = 195.1 }));
        Assert.NotEqual(unresolved, Id(config with { StepMultiple = 2 }));
        Assert.NotEqual(unresolved, Id(config with { StepMultiple = null, StepSize = 0.0123 }));
        string canonical = RunIdentity.Canonical(Deep(Mnist, config));
        Assert.Contains("\"step_multiple\":1.2", canonical);
        Assert.DoesNotContain("\"lr\"", canonical);
        Assert.DoesNotContain("step_multiple", RunIdentity.Canonical(Deep(Mnist, config with { StepMultiple = null, StepSize = 0.01 })));
        // The Hessian's multiple is another run; the Gauss-Newton default is not named, so the pinned id above stays.
        Assert.DoesNotContain("step_curvature", canonical);
        Assert.NotEqual(unresolved, Id(config with { StepCurvature = StepCurvature.Hessian }));
        Assert.Contains("\"step_curvature\":\"hessian\"", RunIdentity.Canonical(Deep(Mnist, config with { StepCurvature = StepCurvature.Hessian })));
    }
}
