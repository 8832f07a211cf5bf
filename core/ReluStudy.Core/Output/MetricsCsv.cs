using System.Globalization;
using System.Text;
using ReluStudy.Core.Training;

namespace ReluStudy.Core.Output;

/// <summary>metrics.csv (one row per logged iteration) and layers.csv (one row per layer per logged iteration).</summary>
public static class MetricsCsv
{
    public const string Header =
        "iteration,loss,train_error,grad_norm,dist_spectral_max,dist_frobenius,pattern_change_ratio,seconds,test_loss,test_error";

    public const string LayersHeader = "iteration,layer,grad_norm,dist_spectral,dist_frobenius,pattern_change_ratio";

    public static void AppendRow(StringBuilder csv, MetricsRow row)
    {
        csv.Append(row.Iteration.ToString(CultureInfo.InvariantCulture)).Append(',')
           .Append(Number(row.Loss)).Append(',')
           .Append(Number(row.TrainError)).Append(',')
           .Append(Number(row.GradNorm)).Append(',')
           .Append(Number(row.DistSpectralMax)).Append(',')
           .Append(Number(row.DistFrobenius)).Append(',')
           .Append(Number(row.PatternChangeRatio)).Append(',')
           .Append(row.Seconds.ToString("F3", CultureInfo.InvariantCulture)).Append(',')
           .Append(row.TestLoss is double tl ? Number(tl) : "").Append(',')
           .Append(row.TestError is double te ? Number(te) : "").Append('\n');
    }

    public static void AppendLayerRows(StringBuilder csv, MetricsRow row)
    {
        for (int l = 0; l < row.Layers.Count; l++)
        {
            LayerMetrics m = row.Layers[l];
            csv.Append(row.Iteration.ToString(CultureInfo.InvariantCulture)).Append(',')
               .Append((l + 1).ToString(CultureInfo.InvariantCulture)).Append(',')
               .Append(Number(m.GradNorm)).Append(',')
               .Append(Number(m.DistSpectral)).Append(',')
               .Append(Number(m.DistFrobenius)).Append(',')
               .Append(Number(m.PatternChangeRatio)).Append('\n');
        }
    }

    /// <summary>Shortest text that round-trips the double exactly.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
