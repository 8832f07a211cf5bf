using System.Diagnostics;
using System.Text;
using ReluStudy.Core.Training;

namespace ReluStudy.Core.Output;

/// <summary>
/// A run's folder: metrics.csv and layers.csv, rewritten atomically at most every
/// <see cref="FlushInterval"/> while training and once at the end, and run.json.
/// </summary>
public sealed class RunDirectory : ITrainingObserver, ICheckpointSink
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(2);

    private readonly StringBuilder _metrics = new StringBuilder(MetricsCsv.Header).Append('\n');
    private readonly StringBuilder _layers = new StringBuilder(MetricsCsv.LayersHeader).Append('\n');
    private readonly Stopwatch _sinceFlush = Stopwatch.StartNew();

    public RunDirectory(string path)
    {
        Folder = Path.GetFullPath(path);
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string MetricsPath => Path.Combine(Folder, "metrics.csv");
    public string LayersPath => Path.Combine(Folder, "layers.csv");
    public string RecordPath => Path.Combine(Folder, "run.json");
    public string CheckpointPath => Path.Combine(Folder, CheckpointFile.Name);

    /// <summary>Written into each checkpoint; a resume only uses a checkpoint of the same configuration.</summary>
    public string ConfigurationId { get; init; } = "";

    /// <summary>Flushes the rows so far, then replaces the checkpoint atomically (the previous one stays until then).</summary>
    public void Save(TrainingCheckpoint checkpoint)
    {
        Flush();
        CheckpointFile.Write(CheckpointPath, checkpoint, ConfigurationId);
    }

    /// <summary>The last checkpoint, when there is one for this configuration.</summary>
    public TrainingCheckpoint? LastCheckpoint() => CheckpointFile.TryRead(CheckpointPath, ConfigurationId);

    /// <summary>Continues the files on disk: keeps their rows before iteration <paramref name="iteration"/>, drops the rest.</summary>
    public void ResumeAt(int iteration)
    {
        Keep(MetricsPath, _metrics, iteration);
        Keep(LayersPath, _layers, iteration);
    }

    /// <summary>Removes the checkpoint of a finished run (its final weights are in final.safetensors).</summary>
    public void DropCheckpoint() => File.Delete(CheckpointPath);

    /// <summary>Appends to <paramref name="rows"/> the data rows of the CSV at <paramref name="path"/> logged before <paramref name="iteration"/>.</summary>
    internal static void Keep(string path, StringBuilder rows, int iteration)
    {
        if (!File.Exists(path)) return;
        foreach (string line in File.ReadLines(path).Skip(1))
        {
            int comma = line.IndexOf(',');
            if (comma > 0 && int.TryParse(line.AsSpan(0, comma), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int k) && k < iteration)
                rows.Append(line).Append('\n');
        }
    }

    public void OnIteration(int iteration, int lastIteration, double loss, double trainError) { }

    public void OnRow(MetricsRow row)
    {
        MetricsCsv.AppendRow(_metrics, row);
        MetricsCsv.AppendLayerRows(_layers, row);
        if (_sinceFlush.Elapsed >= FlushInterval) Flush();
    }

    public void Flush()
    {
        AtomicFile.WriteAllText(MetricsPath, _metrics.ToString());
        AtomicFile.WriteAllText(LayersPath, _layers.ToString());
        _sinceFlush.Restart();
    }

    public void WriteRecord(string json) => AtomicFile.WriteAllText(RecordPath, json);
}
