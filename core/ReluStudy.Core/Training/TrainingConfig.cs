using ReluStudy.Core.Model;

namespace ReluStudy.Core.Training;

public enum OptimizerKind
{
    /// <summary>Full-batch GD: W ← W − η∇L_S(W) on all layers at once (ZCZG-ML §3.3).</summary>
    GradientDescent,
    /// <summary>Mini-batch SGD: each step draws B distinct examples uniformly (seeded) and uses their mean gradient.</summary>
    StochasticGradientDescent,
}

/// <summary>Everything the trainer needs besides the data: a plain record the CLI and the DSL both fill.</summary>
public sealed record TrainingConfig
{
    /// <summary>m_1..m_L.</summary>
    public required IReadOnlyList<int> Widths { get; init; }
    public LossKind Loss { get; init; } = LossKind.CrossEntropy;
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.GradientDescent;
    /// <summary>η, the same on every layer. With <see cref="StepMultiple"/>: c·2/λ(W(0)) once <see cref="CriticalStep"/> has
    /// resolved it, and no step before (NaN is the customary placeholder).</summary>
    public required double StepSize { get; init; }
    /// <summary>c: train at c times the run's own critical step 2/λ(W(0)) (<see cref="CriticalStep"/>); null: at <see cref="StepSize"/>.</summary>
    public double? StepMultiple { get; init; }
    /// <summary>Which curvature λ(W(0)) a <see cref="StepMultiple"/> divides: the Gauss–Newton part's top (default) or the Hessian's, S(W(0)).</summary>
    public StepCurvature StepCurvature { get; init; } = StepCurvature.GaussNewton;
    /// <summary>λ(W(0)), the <see cref="StepCurvature"/>'s top eigenvalue at initialisation on every training row, once
    /// <see cref="CriticalStep"/> has measured it for <see cref="StepMultiple"/>; null before and for a run at a given step.</summary>
    public double? CriticalCurvature { get; init; }
    /// <summary>B, for SGD only.</summary>
    public int BatchSize { get; init; }
    /// <summary>K, the iteration budget.</summary>
    public required int Iterations { get; init; }
    public ulong Seed { get; init; }
    /// <summary>Stop once L_S ≤ ε.</summary>
    public double? TargetLoss { get; init; }
    /// <summary>Stop once every training example has y·f(x) &gt; 0.</summary>
    public bool StopAtZeroError { get; init; }
    public int Threads { get; init; } = 1;
    public LogSchedule Schedule { get; init; } = LogSchedule.Default;
    /// <summary>A run diverges when the loss is non-finite or exceeds this multiple of max(L_S(W(0)), 1).</summary>
    public double DivergenceFactor { get; init; } = DefaultDivergenceFactor;
    public const double DefaultDivergenceFactor = 1e3;
    /// <summary>With a checkpoint sink: take a checkpoint every this many iterations ...</summary>
    public int CheckpointEvery { get; init; } = 100;
    /// <summary>... and whenever this many seconds have passed since the last one (neither changes any result).</summary>
    public double CheckpointSeconds { get; init; } = 60;

    /// <summary>
    /// Predict the training from the tangent kernel (prediction.csv): the infinite-width limit Θ = m·Θ̄ and the
    /// network's own Θ̂(0). Null: when n ≤ <see cref="PredictionLimit"/> (both kernels are n × n in float64).
    /// </summary>
    public bool? Predict { get; init; }
    /// <summary>The largest n whose predictions are on by default.</summary>
    public const int PredictionLimit = 5000;
    /// <summary>The empirical kernel during training (kernel.csv) on a seeded subsample of at most this many examples; 0: none.</summary>
    public int TangentKernelSample { get; init; } = DefaultTangentKernelSample;
    public const int DefaultTangentKernelSample = 1000;
    /// <summary>When kernel.csv gets a row (<see cref="MeasurementSchedule"/>); null: k = 0, powers of 2 and the last.</summary>
    public int? TangentKernelEvery { get; init; }

    /// <summary>The loss Hessian's sharpness during training (sharpness.csv); null: not measured.</summary>
    public SharpnessSettings? Sharpness { get; init; }

    /// <summary>
    /// The settings the run measures sharpness with: its own, or for a step search the defaults of the one S(W(0)) it
    /// measures before its probes (<see cref="SharpnessTracking.AtInitialisation"/>); null when it measures none. For
    /// plans and memory: a search's id has no sharpness setting, since the measurement is fixed by the rest of the run.
    /// </summary>
    public SharpnessSettings? SharpnessMeasured => Sharpness ?? (StepSearch is null ? null : new SharpnessSettings());

    /// <summary>Search for the largest stable step instead of training at <see cref="StepSize"/> (each probe trains
    /// <see cref="Iterations"/> iterations); null: train once.</summary>
    public StepSearch? StepSearch { get; init; }

    /// <summary>Whether <see cref="StepSize"/> is the step to train at: given, or resolved from <see cref="StepMultiple"/>.</summary>
    public bool StepResolved => StepMultiple is null || CriticalCurvature is not null;

    /// <summary>Whether this run predicts its training from the tangent kernel, for n training examples.</summary>
    public bool Predicts(int n) => Predict ?? n <= PredictionLimit;

    /// <summary>m = min_l m_l (ZCZG-ML's m), used for η·m.</summary>
    public int MinWidth => DeepReluNet.WidthOf(Widths);

    /// <summary>η·m: in ZCZG's parameterisation a fixed η acts like an effective kernel step ∝ η·m (docs/theory.md, P5).</summary>
    public double StepTimesWidth => StepSize * MinWidth;

    /// <summary>Every rule this configuration breaks, each naming the setting, the rule and the value.</summary>
    public IReadOnlyList<string> Problems(int trainCount)
    {
        var problems = new List<string>();
        if (Widths.Count < 1) problems.Add("depth: must be >= 1; got 0");
        foreach (int w in Widths)
            if (w < 1) problems.Add($"width: every width must be >= 1; got {w}");
        if (Widths.Count > 0 && Widths[^1] >= 1 && Widths[^1] % 2 != 0)
            problems.Add($"width: the last hidden layer's width must be even (v is half +1, half -1); got {Widths[^1]}");
        if (StepMultiple is double c)
        {
            if (!(c > 0) || double.IsInfinity(c)) problems.Add($"step-multiple: must be a finite number > 0; got {c}");
            // c is a multiple of full-batch GD's edge of stability on the linearised model; SGD's stability is set by its
            // mini-batches' curvature and noise, so the same c would not mean what it means for GD (lazy below 1).
            if (Optimizer == OptimizerKind.StochasticGradientDescent)
                problems.Add($"step-multiple: applies only to full-batch GD (c multiplies GD's critical step 2/{StepCurvature.Symbol()}); got sgd");
            if (StepSearch is not null) problems.Add("step-multiple: does not apply to a step search (it searches the step itself); got both");
        }
        else if (StepCurvature != StepCurvature.GaussNewton)
            problems.Add($"step-curvature: applies only to a step given as a multiple (step-multiple); got {StepCurvature.Name()} with a step of {StepSize}");
        // A multiple's step is known only once resolved (until then there is none to check), and is none without a curvature:
        // the Trainer refuses that at its first update, after W(0)'s own checks (a network dead at W(0) has collapsed).
        if (StepResolved && CriticalStep.Problem(this) is null)
        {
            if (!(StepSize > 0) || double.IsInfinity(StepSize)) problems.Add($"step: must be a finite number > 0; got {StepSize}");
            // η·m is written to run.json and scales every update: it must be a number too (1e308 · 16 is not).
            else if (Widths.Count > 0 && Widths.All(w => w >= 1) && !double.IsFinite(StepTimesWidth))
                problems.Add($"step: step * width must be finite; got {StepSize} * {MinWidth}");
        }
        if (Iterations < 0) problems.Add($"iterations: must be >= 0; got {Iterations}");
        if (Threads < 1) problems.Add($"threads: must be >= 1; got {Threads}");
        if (CheckpointEvery < 1) problems.Add($"checkpoint-every: must be >= 1; got {CheckpointEvery}");
        if (!(CheckpointSeconds > 0)) problems.Add($"checkpoint-seconds: must be > 0; got {CheckpointSeconds}");
        if (TargetLoss is double eps && !(eps >= 0)) problems.Add($"target-loss: must be >= 0; got {eps}");
        if (TangentKernelSample < 0) problems.Add($"kernel-n: must be >= 0; got {TangentKernelSample}");
        if (TangentKernelEvery is int g && g < 1) problems.Add($"gram-every: must be >= 1; got {g}");
        if (Optimizer == OptimizerKind.StochasticGradientDescent)
        {
            if (BatchSize < 1) problems.Add($"batch: must be >= 1 for sgd; got {BatchSize}");
            else if (BatchSize > trainCount) problems.Add($"batch: must be <= n ({trainCount}); got {BatchSize}");
        }
        if (StepSearch is { } search) problems.AddRange(search.Problems(Optimizer));
        if (Sharpness is { } sharpness)
        {
            problems.AddRange(sharpness.Problems());
            // A search trains many probes and keeps one; which probe's curvature to record has no single answer. It measures
            // S(W(0)) once itself, at the default rows, whatever is set here.
            if (StepSearch is not null)
                problems.Add("sharpness: does not apply to a step search (it measures S(W(0)) once itself; its probes record no sharpness.csv); got both");
        }
        return problems;
    }
}
