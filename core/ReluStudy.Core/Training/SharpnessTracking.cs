using ReluStudy.Core.Curvature;
using ReluStudy.Core.Data;
using ReluStudy.Core.LinearAlgebra;
using ReluStudy.Core.Model;
using ReluStudy.Core.Numerics;

namespace ReluStudy.Core.Training;

/// <summary>
/// One row of sharpness.csv: the loss Hessian's top two eigenvalues and its Gauss–Newton part's top one at W(k), with their
/// Lanczos residual bounds and the products taken, beside 2/η, the sharpness above which GD on a quadratic diverges.
/// </summary>
public sealed record SharpnessRow(int Iteration, SharpnessMeasure Measure, double TwoOverStep);

/// <summary>
/// Sharpness during a deep run, at W(k) before the update, when k is on the run's schedule or the run stops there. The
/// rows are a seeded subsample of the training set (<see cref="SeededSample"/>, its own stream) and every measurement's
/// Lanczos starts from the same seeded vector, so a measurement depends on W(k) alone: a resumed run measures exactly
/// what an uninterrupted one does, and needs only S(W(0)) back from its checkpoint for the summary.
/// </summary>
internal sealed class SharpnessTracking
{
    private readonly SharpnessSettings? _settings;
    private readonly Sharpness? _sharpness;
    private readonly int _last;
    private readonly double _twoOverStep;

    public SharpnessTracking(TrainingConfig config, Dataset train, DeepReluNet net, IMatrixKernels kernels)
    {
        (_settings, _last, _twoOverStep) = (config.Sharpness, config.Iterations, 2 / config.StepSize);
        if (_settings is null) return;
        _sharpness = On(_settings, config.Loss, train, net, kernels);
    }

    /// <summary>
    /// The measurement of <paramref name="net"/> as it is whenever <see cref="Sharpness.Measure"/> is called: the Hessian of
    /// the mean loss over the first min(n, hessian_n) rows of the seeded permutation (<see cref="SeededSample"/>, the
    /// Hessian's own stream), so every run on the same data measures on the same rows. The one place the rule is written:
    /// a tracking run, a step search's S(W(0)) (<see cref="AtInitialisation"/>) and a step multiple's curvature
    /// (<see cref="AtInitialisationOnEveryRow"/>) take it from here. Every row keeps the rows in order and uncopied.
    /// </summary>
    public static Sharpness On(SharpnessSettings settings, LossKind loss, Dataset train, DeepReluNet net, IMatrixKernels kernels)
    {
        int[] rows = SeededSample.Rows(train.Count, settings.RowsFor(train.Count), Rng.Streams.HessianSample);
        Dataset sample = rows.Length == train.Count ? train : train.Subset(rows);
        return new Sharpness(net, kernels, sample.Features, sample.Labels, sample.Count, loss);
    }

    /// <summary>
    /// S(W(0)) alone: the run's W(0) drawn from its seed and measured once at the default settings, as a tracking run's
    /// first row measures it. A step search records it (sharpness_initial, and 2/S(W(0)) beside η*): it depends on the
    /// seed, widths, loss and data only, so the search's id, which has no sharpness setting, still fixes it, and a search
    /// run again measures the same bits (the products and Lanczos do not depend on the thread count).
    /// </summary>
    public static double AtInitialisation(TrainingConfig config, Dataset train, IMatrixKernels kernels) =>
        AtInitialisation(config, train, new SharpnessSettings(), kernels).MeasureTop().Value;

    /// <summary>The measurement of the run's W(0), drawn from its seed as the Trainer draws it, on every training row.</summary>
    public static Sharpness AtInitialisationOnEveryRow(TrainingConfig config, Dataset train, IMatrixKernels kernels) =>
        AtInitialisation(config, train, new SharpnessSettings { HessianN = train.Count }, kernels);

    private static Sharpness AtInitialisation(TrainingConfig config, Dataset train, SharpnessSettings settings, IMatrixKernels kernels) =>
        On(settings, config.Loss, train, DeepReluNet.Initialize(train.Dimension, config.Widths, config.Seed), kernels);

    public bool Active => _sharpness is not null;

    /// <summary>S(W(0)), the top eigenvalue at initialisation, once measured (or restored from a checkpoint).</summary>
    public double? Initial { get; private set; }

    /// <summary>The row at W(k) when k is on the schedule or the run stops at it; null otherwise and when the run measures none.</summary>
    public SharpnessRow? Measure(int iteration, bool stopping)
    {
        if (_sharpness is null || !(stopping || _settings!.Includes(iteration, _last))) return null;
        SharpnessMeasure m = _sharpness.Measure();
        if (iteration == 0) Initial = m.Top;
        return new SharpnessRow(iteration, m, _twoOverStep);
    }

    /// <summary>On a resume: S(W(0)) from the checkpoint, or measured now when it lacks it (the network must hold W(0)).</summary>
    public void Resume(double? initial)
    {
        if (_sharpness is null) return;
        Initial = initial ?? _sharpness.Measure().Top;
    }
}
