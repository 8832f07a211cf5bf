using System.Globalization;
using System.Text.Json;

namespace ReluStudy.Core.Theory;

/// <summary>A finished run folder, read back for fitting: its setting, width, seed and logged rows.</summary>
public sealed record RunOnDisk(string Folder, string Status, string Model, string Setting, double Width, ulong Seed, double InitialLoss,
    IReadOnlyList<IReadOnlyDictionary<string, double>> Rows, IReadOnlyDictionary<string, double> LastLayerAtStart,
    IReadOnlyDictionary<string, double> Summary)
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reads run.json, metrics.csv and layers.csv of one run folder.</summary>
    public static RunOnDisk Read(string folder)
    {
        using JsonDocument record = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "run.json")));
        JsonElement config = record.RootElement.GetProperty("config");
        string model = config.TryGetProperty("model", out JsonElement m) ? m.GetString() ?? "deep" : "deep";
        double width = model == "two-layer" ? config.GetProperty("width").GetDouble() : config.GetProperty("widths").EnumerateArray().Min(w => w.GetDouble());
        ulong seed = config.GetProperty("seed").GetUInt64();
        // Runs that differ only in width and seed belong to one fit.
        string setting = string.Join(", ", config.EnumerateObject()
            .Where(p => p.Name is not ("widths" or "width" or "seed" or "threads" or "lr_times_width" or "iterations" or "train_source" or "test_source" or "log_schedule"))
            .Select(p => $"{p.Name}={JsonSerializer.Serialize(p.Value, Compact)}"));
        double initial = record.RootElement.TryGetProperty("summary", out JsonElement summary) && summary.TryGetProperty("initial_loss", out JsonElement l0)
            && l0.ValueKind == JsonValueKind.Number ? l0.GetDouble() : double.NaN;
        List<Dictionary<string, double>> rows = ReadCsv(Path.Combine(folder, "metrics.csv"));
        string layersPath = Path.Combine(folder, "layers.csv");
        Dictionary<string, double> lastLayer = File.Exists(layersPath)
            ? ReadCsv(layersPath).Where(r => r["iteration"] == 0).MaxBy(r => r["layer"]) ?? [] : [];
        var summaryValues = new Dictionary<string, double>();
        if (record.RootElement.TryGetProperty("summary", out JsonElement s))
            foreach (JsonProperty p in s.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number)) summaryValues[p.Name] = p.Value.GetDouble();
        string status = record.RootElement.GetProperty("status").GetString() ?? "unknown";
        return new RunOnDisk(folder, status, model, setting, width, seed, initial, rows, lastLayer, summaryValues);
    }

    /// <summary>Every run folder (one holding run.json) at or under the given paths.</summary>
    public static IEnumerable<string> Find(IEnumerable<string> roots) =>
        roots.SelectMany(root => File.Exists(Path.Combine(root, "run.json"))
            ? [root]
            : Directory.EnumerateFiles(root, "run.json", SearchOption.AllDirectories).Select(f => Path.GetDirectoryName(f)!))
        .Distinct().Order(StringComparer.Ordinal);

    private static List<Dictionary<string, double>> ReadCsv(string path)
    {
        string[] lines = File.ReadAllLines(path);
        string[] header = lines[0].Split(',');
        var rows = new List<Dictionary<string, double>>();
        foreach (string line in lines.Skip(1).Where(l => l.Length > 0))
        {
            string[] cells = line.Split(',');
            var row = new Dictionary<string, double>();
            for (int c = 0; c < header.Length && c < cells.Length; c++)
                if (double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out double v)) row[header[c]] = v;
            rows.Add(row);
        }
        return rows;
    }
}

/// <summary>A quantity of theory.md §7 read off a run, with the exponents predicted for it against width.</summary>
public sealed record ScalingQuantity(string Id, string Description, IReadOnlyList<double> Predicted, Func<RunOnDisk, double?> Measure);

/// <summary>
/// The deep-network predictions P1, P3, P6 and P8. The fixed target is theory.md §7's: the first logged
/// iteration with L_S ≤ <c>fraction</c>·L_S(W(0)) (an upper bound on k_ε at the logging resolution;
/// log every iteration for exact k_ε). Runs that never reach it give no value.
/// </summary>
public static class ScalingQuantities
{
    public static IReadOnlyList<ScalingQuantity> Deep(double targetFraction = 0.1) =>
    [
        new("P1", "squared gradient norm at initialisation, all layers", [1], r => Square(First(r)?.GetValueOrDefault("grad_norm"))),
        new("P1-last", "squared gradient norm at initialisation, last layer", [1], r => Square(r.LastLayerAtStart.GetValueOrDefault("grad_norm", double.NaN))),
        new("P3", $"iterations to L_S <= {targetFraction:G3} L_S(0)", [-1], r => AtTarget(r, targetFraction)?["iteration"]),
        new("P6-spec", "max_l ||W_l - W_l(0)||_2 at the target", [-0.5], r => AtTarget(r, targetFraction)?["dist_spectral_max"]),
        new("P6-frob", "||W - W(0)||_F at the target", [-0.5], r => AtTarget(r, targetFraction)?["dist_frobenius"]),
        new("P8", "activation-pattern change ratio at the target (typical -1/2, bound -1/3)", [-0.5, -1.0 / 3], r => AtTarget(r, targetFraction)?["pattern_change_ratio"]),
    ];

    /// <summary>Runs that finished with a result the fits may use (completed, target reached, zero error).</summary>
    public static bool Finished(RunOnDisk r) => r.Status is "completed" or "target-reached" or "zero-error";

    /// <summary>The quantity's value at each run's width and seed (positive and finite only), and how many runs gave none.</summary>
    public static (ScalingPoint[] Points, int Missing) Points(IReadOnlyCollection<RunOnDisk> runs, ScalingQuantity q)
    {
        ScalingPoint[] points = runs.Select(r => (Run: r, Value: q.Measure(r)))
            .Where(p => p.Value is double v && double.IsFinite(v) && v > 0)
            .Select(p => new ScalingPoint(p.Run.Width, p.Run.Seed, p.Value!.Value)).ToArray();
        return (points, runs.Count - points.Length);
    }

    /// <summary>The deep or two-layer predictions, by the runs' model.</summary>
    public static IReadOnlyList<ScalingQuantity> For(IEnumerable<RunOnDisk> runs, double targetFraction = 0.1) =>
        runs.Any(r => r.Model == "two-layer") ? TwoLayer() : Deep(targetFraction);

    /// <summary>DZPS's predictions P13–P16 for the two-layer model (values at the last logged row, the plateau).</summary>
    public static IReadOnlyList<ScalingQuantity> TwoLayer() =>
    [
        new("P13", "||H(0) - H_inf||_F", [-0.5], r => r.Summary.TryGetValue("gram0_minus_infinite_frobenius", out double v) ? v : null),
        new("P14", "||H(k) - H(0)||_2 at the last Gram row", [-0.5], r => r.Rows.LastOrDefault(row => row.ContainsKey("gram_change"))?["gram_change"]),
        new("P15", "max_r ||w_r(k) - w_r(0)||_2 at the end", [-0.5], r => r.Rows.LastOrDefault()?.GetValueOrDefault("max_weight_distance")),
        new("P16", "fraction of activation patterns changed at the end", [-0.5], r => r.Rows.LastOrDefault()?.GetValueOrDefault("pattern_change_fraction")),
    ];

    private static IReadOnlyDictionary<string, double>? First(RunOnDisk r) => r.Rows.FirstOrDefault(row => row.GetValueOrDefault("iteration", -1) == 0);

    private static IReadOnlyDictionary<string, double>? AtTarget(RunOnDisk r, double fraction)
    {
        double target = fraction * r.InitialLoss;
        return r.Rows.FirstOrDefault(row => row.TryGetValue("loss", out double loss) && loss <= target);
    }

    private static double? Square(double? v) => v is double x && double.IsFinite(x) ? x * x : null;
}
