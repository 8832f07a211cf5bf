using System.Diagnostics;
using System.Globalization;
using System.Text;
using ReluStudy.Core.Training.TwoLayer;

namespace ReluStudy.Core.Output;

/// <summary>
/// A two-layer run's folder: metrics.csv, rewritten atomically at most every 2 s and at the end, and the run's
/// checkpoint.safetensors (the rows are flushed first, so a resumed run continues them exactly).
/// </summary>
public sealed class TwoLayerRunDirectory(string folder, int inputDimension = 0, string configurationId = "") : ITwoLayerObserver, ITwoLayerCheckpointSink
{
    public const string Header =
        "iteration,loss,residual_sq,envelope,max_weight_distance,r_prime,pattern_change_fraction,lambda_min_h,gram_change,seconds";

    private readonly StringBuilder _csv = new StringBuilder(Header).Append('\n');
    private readonly Stopwatch _sinceFlush = Stopwatch.StartNew();

    public string Path => System.IO.Path.Combine(folder, "metrics.csv");
    public string CheckpointPath => System.IO.Path.Combine(folder, CheckpointFile.Name);

    public void Save(TwoLayerCheckpoint checkpoint)
    {
        Flush();
        TwoLayerCheckpointFile.Write(CheckpointPath, checkpoint, inputDimension, configurationId);
    }

    /// <summary>The last checkpoint of this configuration, if any.</summary>
    public TwoLayerCheckpoint? LastCheckpoint() => TwoLayerCheckpointFile.TryRead(CheckpointPath, configurationId);

    /// <summary>Continues metrics.csv: keeps its rows before iteration <paramref name="iteration"/>.</summary>
    public void ResumeAt(int iteration) => RunDirectory.Keep(Path, _csv, iteration);

    /// <summary>Removes the checkpoint of a finished run.</summary>
    public void DropCheckpoint() => File.Delete(CheckpointPath);

    public void OnRow(TwoLayerRow row)
    {
        _csv.Append(row.Iteration.ToString(CultureInfo.InvariantCulture)).Append(',')
            .Append(MetricsCsv.Number(row.Loss)).Append(',')
            .Append(MetricsCsv.Number(row.ResidualSquared)).Append(',')
            .Append(MetricsCsv.Number(row.Envelope)).Append(',')
            .Append(MetricsCsv.Number(row.MaxWeightDistance)).Append(',')
            .Append(MetricsCsv.Number(row.RPrime)).Append(',')
            .Append(MetricsCsv.Number(row.PatternChangeFraction)).Append(',')
            .Append(row.LambdaMinH is double l ? MetricsCsv.Number(l) : "").Append(',')
            .Append(row.GramChange is double c ? MetricsCsv.Number(c) : "").Append(',')
            .Append(row.Seconds.ToString("F3", CultureInfo.InvariantCulture)).Append('\n');
        if (_sinceFlush.Elapsed >= RunDirectory.FlushInterval) Flush();
    }

    public void Flush()
    {
        AtomicFile.WriteAllText(Path, _csv.ToString());
        _sinceFlush.Restart();
    }
}
