using ReluStudy.Core.Output;
using ReluStudy.Core.Training;
using ReluStudy.Core.Training.TwoLayer;

namespace ReluStudy.Core.Results;

/// <summary>What the run lifecycle needs of a run folder being written, whatever the model.</summary>
public interface IRunWriter<TCheckpoint> where TCheckpoint : class
{
    /// <summary>The last checkpoint, when there is one for this run's configuration.</summary>
    TCheckpoint? LastCheckpoint();
    int IterationOf(TCheckpoint checkpoint);
    /// <summary>Continues the CSV files on disk: keeps their rows before <paramref name="iteration"/>.</summary>
    void ResumeAt(int iteration);
    /// <summary>Writes every row so far.</summary>
    void Flush();
    /// <summary>Removes the checkpoint of a finished run.</summary>
    void DropCheckpoint();
}

/// <summary>
/// A deep run's folder as it is written: metrics.csv and layers.csv (replaced atomically every 2 s and at the end), the
/// prediction, kernel and sharpness files of the runs that have them, and checkpoint.safetensors (the rows are flushed first, so a resumed run continues them exactly).
/// </summary>
public sealed class DeepRunWriter(string folder, string configurationId) : IRunWriter<TrainingCheckpoint>, ITrainingObserver, ICheckpointSink
{
    private readonly CsvFile<MetricsRow> _metrics = new(ResultsLayout.In(folder, ResultsLayout.Metrics), RunTables.Metrics);
    private readonly CsvFile<(int, int, LayerMetrics)> _layers = new(ResultsLayout.In(folder, ResultsLayout.Layers), RunTables.Layers);
    private readonly CsvFile<PredictionRow> _predictions = new(ResultsLayout.In(folder, ResultsLayout.Predictions), RunTables.Predictions);
    private readonly CsvFile<TangentKernelRow> _kernel = new(ResultsLayout.In(folder, ResultsLayout.TangentKernel), RunTables.TangentKernel);
    private readonly CsvFile<SharpnessRow> _sharpness = new(ResultsLayout.In(folder, ResultsLayout.Sharpness), RunTables.Sharpness);
    private bool _predicts, _tracksKernel, _tracksSharpness;
    private string CheckpointPath => ResultsLayout.In(folder, ResultsLayout.Checkpoint);

    public void OnIteration(int iteration, int lastIteration, double loss, double trainError) { }

    public void OnRow(MetricsRow row)
    {
        _metrics.Add(row);
        for (int l = 0; l < row.Layers.Count; l++) _layers.Add((row.Iteration, l + 1, row.Layers[l]));
        if (row.Prediction is PredictionRow p)
        {
            _predicts = true;
            _predictions.Add(p);
        }
    }

    public void OnTangentKernel(IReadOnlyList<TangentKernelRow> rows)
    {
        _tracksKernel = true;
        foreach (TangentKernelRow k in rows) _kernel.Add(k);
    }

    public void OnSharpness(SharpnessRow row)
    {
        _tracksSharpness = true;
        _sharpness.Add(row);
    }

    public void Save(TrainingCheckpoint checkpoint)
    {
        Flush();
        CheckpointFile.Write(CheckpointPath, checkpoint, configurationId);
    }

    public TrainingCheckpoint? LastCheckpoint() => CheckpointFile.TryRead(CheckpointPath, configurationId);
    public int IterationOf(TrainingCheckpoint checkpoint) => checkpoint.Iteration;

    public void ResumeAt(int iteration)
    {
        _metrics.ResumeAt(iteration);
        _layers.ResumeAt(iteration);
        _predicts = _predictions.ResumeAt(iteration);
        _tracksKernel = _kernel.ResumeAt(iteration);
        _tracksSharpness = _sharpness.ResumeAt(iteration);
    }

    /// <summary>Writes the rows so far; prediction.csv, kernel.csv and sharpness.csv only once the run has some.</summary>
    public void Flush()
    {
        _metrics.Flush();
        _layers.Flush();
        if (_predicts) _predictions.Flush();
        if (_tracksKernel) _kernel.Flush();
        if (_tracksSharpness) _sharpness.Flush();
    }

    public void DropCheckpoint() => File.Delete(CheckpointPath);
}

/// <summary>A two-layer run's folder as it is written: metrics.csv and checkpoint.safetensors.</summary>
public sealed class TwoLayerRunWriter(string folder, int inputDimension, string configurationId)
    : IRunWriter<TwoLayerCheckpoint>, ITwoLayerObserver, ITwoLayerCheckpointSink
{
    private readonly CsvFile<TwoLayerRow> _metrics = new(ResultsLayout.In(folder, ResultsLayout.Metrics), RunTables.TwoLayerMetrics);
    private string CheckpointPath => ResultsLayout.In(folder, ResultsLayout.Checkpoint);

    public void OnRow(TwoLayerRow row) => _metrics.Add(row);

    public void Save(TwoLayerCheckpoint checkpoint)
    {
        Flush();
        TwoLayerCheckpointFile.Write(CheckpointPath, checkpoint, inputDimension, configurationId);
    }

    public TwoLayerCheckpoint? LastCheckpoint() => TwoLayerCheckpointFile.TryRead(CheckpointPath, configurationId);
    public int IterationOf(TwoLayerCheckpoint checkpoint) => checkpoint.Iteration;
    public void ResumeAt(int iteration) => _metrics.ResumeAt(iteration);
    public void Flush() => _metrics.Flush();
    public void DropCheckpoint() => File.Delete(CheckpointPath);
}
