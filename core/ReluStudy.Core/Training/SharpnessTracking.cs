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
        int[] rows = SeededSample.Rows(train.Count, _settings.RowsFor(train.Count), Rng.Streams.HessianSample);
        Dataset sample = train.Subset(rows);
        _sharpness = new Sharpness(net, kernels, sample.Features, sample.Labels, sample.Count, config.Loss);
    }

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
