using System.Text.Json.Serialization;
using ReluStudy.Core.Training;

namespace ReluStudy.Core.Results;

/// <summary>
/// run.json: a run's configuration (the deep network or the two-layer model), where it stands, its summary, and
/// the software and machine that produced it. Read and written only through <see cref="RunRecordFile"/>.
/// </summary>
public sealed record RunRecord
{
    public const string FormatName = "relustudy-run";
    /// <summary>2: the configuration always names its model and η is "step" (schema 1, "relustudy-run/1", still reads).</summary>
    public const int CurrentSchema = 2;

    public string Format { get; init; } = FormatName;
    public int Schema { get; init; } = CurrentSchema;
    public required RunStatus Status { get; init; }
    public string? Message { get; init; }
    public required DateTime StartedUtc { get; init; }
    public DateTime? FinishedUtc { get; init; }
    public required RunConfiguration Config { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public RunSummary? Summary { get; init; }
    /// <summary>The regime a finished run trained in, and the measurements that say so; none before it ends (and in folders written before regimes).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Regime? Regime { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? RegimeReason { get; init; }
    public required SoftwareInfo Software { get; init; }
    public required MachineInfo Machine { get; init; }
}

/// <summary>
/// The configuration of a run as run.json records it: the model, the prepared data, then the model's settings
/// (the <see cref="JsonPropertyOrderAttribute"/>s keep that order across the two cases).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "model", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(DeepRunConfiguration), DeepModel)]
[JsonDerivedType(typeof(TwoLayerRunConfiguration), TwoLayerModel)]
public abstract record RunConfiguration
{
    /// <summary>The "model" of the deep network of Zou et al.</summary>
    public const string DeepModel = "deep";
    /// <summary>The "model" of the two-layer network of Du et al.</summary>
    public const string TwoLayerModel = "two-layer";

    [JsonIgnore] public bool IsTwoLayer => this is TwoLayerRunConfiguration;

    [JsonPropertyOrder(-1)] public required string Dataset { get; init; }
    /// <summary>Class A (label +1) and B (−1); none for the synthetic sets.</summary>
    [JsonPropertyOrder(-1)] public IReadOnlyList<string>? Classes { get; init; }
    [JsonPropertyOrder(-1)] public required string LabelConvention { get; init; }
    [JsonPropertyOrder(-1)] public required int N { get; init; }
    [JsonPropertyOrder(-1)] public int TestN { get; init; }
    [JsonPropertyOrder(-1)] public required int D { get; init; }
    [JsonPropertyOrder(-1)] public required string Preprocess { get; init; }
    [JsonPropertyOrder(-1)] public double? Mu { get; init; }
    [JsonPropertyOrder(-1)] public ulong DataSeed { get; init; }
    [JsonPropertyOrder(-1)] public required string DataOrigin { get; init; }
    [JsonPropertyOrder(-1)] public required string TrainSource { get; init; }
    [JsonPropertyOrder(-1)] public string? TestSource { get; init; }

    /// <summary>m: the deep network's smallest hidden width m = min_l m_l (ZCZG's m), or the two-layer model's width.</summary>
    [JsonIgnore] public abstract int Width { get; }

    /// <summary>η, the step size of every update.</summary>
    [JsonPropertyOrder(1)] public required double Step { get; init; }
    [JsonPropertyOrder(3)] public required int Iterations { get; init; }
    /// <summary>The initialisation seed (and, for SGD, the mini-batches').</summary>
    [JsonPropertyOrder(3)] public required ulong Seed { get; init; }
    [JsonPropertyOrder(3)] public required int Threads { get; init; }
    [JsonPropertyOrder(3)] public required string LogSchedule { get; init; }

    /// <summary>
    /// What the runs of one fit or claim share: every setting that can change a run's results, except those of the swept
    /// <paramref name="axis"/>, the seed and the iteration budget ("dataset=mnist, n=200, depth=3, ...").
    /// </summary>
    public string Setting(SweepAxis axis) =>
        string.Join(", ", Settings().Where(s => s.Value is not null && !axis.ConfigKeys.Contains(s.Key)).Select(s => FormattableString.Invariant($"{s.Key}={s.Value}")));

    /// <summary>The data's settings, then the model's (<see cref="Setting"/>), as the config's keys name them.</summary>
    protected IEnumerable<(string Key, object? Value)> Settings() =>
    [
        ("dataset", Dataset), ("classes", Classes is null ? null : string.Join("/", Classes)), ("n", N), ("test_n", TestN), ("d", D),
        ("preprocess", Preprocess), ("mu", Mu), ("data_seed", DataSeed), ("data_origin", DataOrigin), ("step", StepIsMeasured ? null : Step),
        .. ModelSettings(),
    ];

    /// <summary>Whether <see cref="Step"/> was resolved from a measurement at W(0) (so it differs from seed to seed and the
    /// runs of one setting share its multiple instead).</summary>
    [JsonIgnore] protected virtual bool StepIsMeasured => false;

    protected abstract IEnumerable<(string Key, object? Value)> ModelSettings();
}

/// <summary>The deep network of Zou et al.: L hidden layers of widths m_1..m_L.</summary>
public sealed record DeepRunConfiguration : RunConfiguration
{
    public required int Depth { get; init; }
    public required IReadOnlyList<int> Widths { get; init; }
    public required string Loss { get; init; }
    public required string Optimizer { get; init; }
    /// <summary>η·m: in ZCZG's parameterisation a fixed η acts like an effective kernel step ∝ η·m.</summary>
    [JsonPropertyOrder(2)] public required double StepTimesWidth { get; init; }
    /// <summary>c when the step was given as c times the run's critical step 2/λ(W(0)) (<see cref="Training.CriticalStep"/>): then
    /// <see cref="RunConfiguration.Step"/> = c·2/<see cref="CriticalCurvature"/>. Absent for a run at a given step.</summary>
    [JsonPropertyOrder(2), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? StepMultiple { get; init; }
    /// <summary>Which curvature λ(W(0)) is: written only for <c>hessian</c> (S(W(0))); absent, the Gauss–Newton part's top λ_GN(W(0)).</summary>
    [JsonPropertyOrder(2), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Training.StepCurvature? StepCurvature { get; init; }
    /// <summary>λ(W(0)), the <see cref="StepCurvature"/>'s top eigenvalue at initialisation on every training row, measured for <see cref="StepMultiple"/>.</summary>
    [JsonPropertyOrder(2), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? CriticalCurvature { get; init; }

    /// <summary>The curvature <see cref="CriticalCurvature"/> is (the default for folders that do not say).</summary>
    [JsonIgnore] public Training.StepCurvature Curvature => StepCurvature ?? Training.StepCurvature.GaussNewton;
    [JsonPropertyOrder(2)] public int? Batch { get; init; }
    [JsonPropertyOrder(4)] public double? TargetLoss { get; init; }
    [JsonPropertyOrder(4)] public bool StopAtZeroError { get; init; }
    [JsonPropertyOrder(4)] public double DivergenceFactor { get; init; }
    /// <summary>The range and bisections of a search for the largest stable step; its <see cref="RunConfiguration.Step"/> is the range's start.</summary>
    [JsonPropertyOrder(4), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Training.StepSearch? StepSearch { get; init; }
    /// <summary>When and on how many rows the run measured sharpness (sharpness.csv); absent when it did not.</summary>
    [JsonPropertyOrder(4), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public SharpnessConfiguration? Sharpness { get; init; }

    [JsonIgnore] public override int Width => Model.DeepReluNet.WidthOf(Widths);

    [JsonIgnore] protected override bool StepIsMeasured => StepMultiple is not null;

    protected override IEnumerable<(string Key, object? Value)> ModelSettings() =>
    [
        ("depth", Depth), ("widths", string.Join("/", Widths)), ("loss", Loss), ("optimizer", Optimizer),
        ("step_times_width", StepIsMeasured ? null : StepTimesWidth), ("step_multiple", StepMultiple),
        ("step_curvature", StepCurvature?.Name()),
        ("batch", Batch), ("target_loss", TargetLoss), ("stop_at_zero_error", StopAtZeroError), ("divergence_factor", DivergenceFactor),
        ("step_search", StepSearch is { } s ? $"{s.From:R}..{s.To:R}/{s.Bisections}" : null),
    ];
}

/// <summary>The two-layer model of Du et al.: m neurons, GD on ½Σ(u − y)².</summary>
public sealed record TwoLayerRunConfiguration : RunConfiguration
{
    [JsonPropertyName("width")] public required int Neurons { get; init; }
    public required string Loss { get; init; }
    [JsonPropertyOrder(2)] public bool TrainOutputLayer { get; init; }
    /// <summary>When λ_min(H(k)) and ‖H(k) − H(0)‖₂ are computed.</summary>
    [JsonPropertyOrder(4), JsonPropertyName("gram_every")] public required string TangentKernelEvery { get; init; }

    [JsonIgnore] public override int Width => Neurons;

    protected override IEnumerable<(string Key, object? Value)> ModelSettings() =>
        [("width", Neurons), ("loss", Loss), ("train_output_layer", TrainOutputLayer), ("gram_every", TangentKernelEvery)];
}

/// <summary>How a run ended. Deep runs fill the first group, two-layer runs the second; non-finite values are null.</summary>
public sealed record RunSummary
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? InitialLoss { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Lambda0 { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Lambda0ErrorBound { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? InitialResidualSquared { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Gram0MinusInfiniteFrobenius { get; init; }
    public required double Seconds { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? MetricsSeconds { get; init; }
    public required string WeightsSha256 { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<double>? InitialSpectralNorms { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<double>? InitialFrobeniusNorms { get; init; }
    /// <summary>The last logged row of metrics.csv, by column name (time left out).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyDictionary<string, double>? LastRow { get; init; }

    /// <summary>What the deep network's limit kernel Θ̄ says of the run's data before training, when the run predicts.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public TangentKernelSummary? TangentKernel { get; init; }

    /// <summary>A step search's probes and what they found (runs with a step search only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Training.StepSearchResult? StepSearch { get; init; }

    /// <summary>S(W(0)), the loss Hessian's top eigenvalue at initialisation (runs that measure sharpness).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? SharpnessInitial { get; init; }

    /// <summary>2/S(W(0)): the largest step at which GD on the loss's quadratic model at W(0) does not diverge; null when S(W(0)) ≤ 0.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? StableStepPredicted { get; init; }

}

/// <summary>
/// λ_min, λ_max and the trace of Θ̄ on the training set, the largest stable η·m for the run's loss
/// (<see cref="TangentKernel.StepCeiling"/>), and ‖Θ̂(0)/m − Θ̄‖_F/‖Θ̄‖_F on the kernel's subsample.
/// </summary>
public sealed record TangentKernelSummary(double LambdaMin, double LambdaMax, double Trace, double MaxStableStepTimesWidth, double? InitialLimitGap)
{
    /// <summary>Where the infinite-width prediction reached the run's target after the run ended (none: before, or never).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Training.PredictedTarget? InfiniteWidthTarget { get; init; }
    /// <summary>The same for the prediction of the network's own initial kernel.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Training.PredictedTarget? LinearizedTarget { get; init; }
}

/// <summary>The sharpness schedule (as <see cref="Training.MeasurementSchedule.Describe"/> words it) and the largest subsample the Hessian is taken on.</summary>
public sealed record SharpnessConfiguration(string Schedule, int HessianN);

public sealed record SoftwareInfo(string Relustudy, string? GitCommit, string Dotnet, string MlNet, string Os);

/// <summary>The machine; <see cref="KernelBlocking"/> is the register tile and cache blocking the kernels chose for it (absent before it was recorded).</summary>
public sealed record MachineInfo(string Cpu, int LogicalCores, string Architecture, bool Vector512, bool Vector256, string Kernels, long MemoryBytes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? KernelBlocking = null);
