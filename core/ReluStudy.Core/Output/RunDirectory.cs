using System.Diagnostics;
using System.Text;
using ReluStudy.Core.Training;

namespace ReluStudy.Core.Output;

/// <summary>
/// A run's folder: metrics.csv and layers.csv, rewritten atomically at most every
/// <see cref="FlushInterval"/> while training and once at the end, and run.json.
/// </summary>
public sealed class RunDirectory : ITrainingObserver
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
