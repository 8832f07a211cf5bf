using ReluStudy.Core.Results;

namespace ReluStudy.Core.Training.TwoLayer;

/// <summary>GD on DZPS's two-layer network with the square loss ½Σ(u_i − y_i)².</summary>
public sealed record TwoLayerConfig
{
    public required int Width { get; init; }
    public required double StepSize { get; init; }
    public required int Iterations { get; init; }
    public ulong Seed { get; init; }
    /// <summary>Train a as well as W (DZPS §3.2); by default a stays fixed.</summary>
    public bool TrainOutputLayer { get; init; }
    public int Threads { get; init; } = 1;
    public LogSchedule Schedule { get; init; } = LogSchedule.Default;
    /// <summary>Compute λ_min(H(k)) and ‖H(k) − H(0)‖₂ every this many iterations (logged ones only); null: k = 0, powers of 2 and the last.</summary>
    public int? TangentKernelEvery { get; init; }
    public double DivergenceFactor { get; init; } = 1e3;

    /// <summary>A checkpoint every this many iterations (and every <see cref="CheckpointSeconds"/>), when a sink is given.</summary>
    public int CheckpointEvery { get; init; } = 100;
    public double CheckpointSeconds { get; init; } = 60;

    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (Width < 1) p.Add($"width: must be >= 1; got {Width}");
        if (!(StepSize > 0) || double.IsInfinity(StepSize)) p.Add($"step: must be a finite number > 0; got {StepSize}");
        if (Iterations < 0) p.Add($"iterations: must be >= 0; got {Iterations}");
        if (Threads < 1) p.Add($"threads: must be >= 1; got {Threads}");
        if (TangentKernelEvery is int g && g < 1) p.Add($"gram-every: must be >= 1; got {g}");
        return p;
    }

    public bool IsGramIteration(int k, int last) => MeasurementSchedule.Includes(TangentKernelEvery, k, last);
}

/// <summary>
/// One logged iteration of the two-layer model: the loss ½‖y − u‖², ‖y − u(k)‖², Theorem 4.1's envelope
/// (1 − ηλ0/2)^k‖y − u(0)‖², max_r ‖w_r(k) − w_r(0)‖ against Corollary 4.1's R′ = 4√n‖y − u(0)‖/(√m λ0),
/// the fraction of the mn activation patterns changed since k = 0, and (on the Gram schedule)
/// λ_min(H(k)) and ‖H(k) − H(0)‖₂.
/// </summary>
public sealed record TwoLayerRow(int Iteration, double Loss, double ResidualSquared, double Envelope,
    double MaxWeightDistance, double RPrime, double PatternChangeRatio, double? LambdaMinH, double? GramChange, double Seconds);

public interface ITwoLayerObserver
{
    void OnRow(TwoLayerRow row);
}

/// <summary>
/// How a two-layer run ended. <see cref="Lambda0"/> is λ_min(H∞) of the training inputs;
/// <see cref="InitialGramDeviation"/> is ‖H(0) − H∞‖_F (Lemma 3.1, P13).
/// </summary>
public sealed record TwoLayerOutcome(RunStatus Status, TwoLayerRow? LastRow, string? Message, double Lambda0,
    double Lambda0ErrorBound, double InitialResidualSquared, double InitialGramDeviation, string WeightsSha256, double Seconds);
