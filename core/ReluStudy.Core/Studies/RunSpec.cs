using ReluStudy.Core.Curvature;
using ReluStudy.Core.Data;
using ReluStudy.Core.Training;
using ReluStudy.Core.Training.TwoLayer;

namespace ReluStudy.Core.Studies;

/// <summary>
/// One run of a study, as plain core records: the data, and either the deep network's training
/// configuration or the two-layer model's. <see cref="Axes"/> names the sweep values that pick this run
/// out of its study (e.g. width = 256, seed = 2), for progress and reports.
/// </summary>
public sealed record RunSpec(DataRequest Data, TrainingConfig? Deep, TwoLayerConfig? TwoLayer, IReadOnlyDictionary<string, string> Axes)
{
    public bool IsTwoLayer => TwoLayer is not null;

    /// <summary>A short label such as "width=256 seed=2".</summary>
    public string Label => Axes.Count == 0 ? "run" : string.Join(" ", Axes.Select(a => $"{a.Key}={a.Value}"));

    /// <summary>Every rule the run breaks (the DSL reports these with its own positions; this is the core's last line).</summary>
    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if ((Deep is null) == (TwoLayer is null)) p.Add("model: exactly one of the deep and two-layer configurations must be given");
        if (Deep is not null) p.AddRange(Deep.Problems(Data.TrainCount));
        if (TwoLayer is not null) p.AddRange(TwoLayer.Problems());
        if (Deep is not null && Data.Kind == DatasetKind.Sphere)
            p.Add("data: the sphere set has real-valued labels and suits only the two-layer model; got the deep model");
        return p;
    }

    /// <summary>Multiply-adds × 2 per GD iteration (the bench's count): deep 6·n·(d·m₁ + Σ m_{l−1}m_l), two-layer 4·n·d·m.</summary>
    public double FlopsPerIteration(int inputDimension)
    {
        if (TwoLayer is not null) return 4.0 * Data.TrainCount * inputDimension * TwoLayer.Width;
        IReadOnlyList<int> w = Deep!.Widths;
        double products = (double)inputDimension * w[0];
        for (int l = 1; l < w.Count; l++) products += (double)w[l - 1] * w[l];
        int rows = Deep.Optimizer == OptimizerKind.StochasticGradientDescent ? Deep.BatchSize : Data.TrainCount;
        return 6.0 * rows * products;
    }

    /// <summary>How many times the run measures sharpness at most: the schedule's iterations up to the budget, a step search's
    /// one S(W(0)); 0 without sharpness.</summary>
    public int SharpnessMeasurements =>
        Deep?.Sharpness is { } s ? MeasurementSchedule.Count(s.Every, Deep.Iterations) : Deep?.StepSearch is not null ? 1 : 0;

    /// <summary>The most the sharpness measurements cost, in FLOPs (<see cref="SharpnessCost.MaxFlopsPerMeasure"/> each).</summary>
    public double SharpnessFlops(int inputDimension) =>
        Deep?.SharpnessMeasured is { } s ? SharpnessMeasurements * SharpnessCost.MaxFlopsPerMeasure(s.RowsFor(Data.TrainCount), inputDimension, Deep.Widths) : 0;

    /// <summary>What resolving a step multiple costs at most, in FLOPs: one Lanczos at W(0) on every training row, the Gauss–Newton
    /// part's (<see cref="SharpnessCost.MaxFlopsPerGaussNewton"/>) or the Hessian's (bounded by a whole measurement's); 0 for a
    /// run at a given step.</summary>
    public double CriticalStepFlops(int inputDimension) =>
        Deep?.StepMultiple is null ? 0
        : Deep.StepCurvature == StepCurvature.Hessian ? SharpnessCost.MaxFlopsPerMeasure(Data.TrainCount, inputDimension, Deep.Widths)
        : SharpnessCost.MaxFlopsPerGaussNewton(Data.TrainCount, inputDimension, Deep.Widths);

    public int Iterations => Deep?.Iterations ?? TwoLayer!.Iterations;

    /// <summary>How many trainings of <see cref="Iterations"/> the run takes at most: a step search's probes, else 1.</summary>
    public int Probes => Deep?.StepSearch?.MaxProbes ?? 1;

    /// <summary>Whether the run may end before <see cref="Iterations"/> (a loss target or zero training error), so its cost is a ceiling.</summary>
    public bool MayStopEarly => Deep is { } d && (d.TargetLoss is not null || d.StopAtZeroError);

    /// <summary>m: the deep network's smallest hidden width (ZCZG's m, the m of η·m), or the two-layer model's width.</summary>
    public int Width => Deep?.MinWidth ?? TwoLayer!.Width;
}
