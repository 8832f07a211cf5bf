using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ReluStudy.Core.Kernels.Simd;
using ReluStudy.Core.Data;
using ReluStudy.Core.Model;
using ReluStudy.Core.Training;
using ReluStudy.Core.Training.TwoLayer;

namespace ReluStudy.Core.Output;

/// <summary>run.json: the full configuration, the outcome, and the software and machine that produced it.</summary>
public static class RunRecord
{
    public const string Format = "relustudy-run/1";

    public static string Build(TrainingConfig config, DataDescription data, TrainingOutcome? outcome, DateTimeOffset started, DateTimeOffset? finished)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            WriteHeader(json, outcome?.Status, outcome?.Message, started, finished);

            json.WriteStartObject("config");
            WriteData(json, data);
            json.WriteNumber("depth", config.Widths.Count);
            json.WriteStartArray("widths");
            foreach (int w in config.Widths) json.WriteNumberValue(w);
            json.WriteEndArray();
            json.WriteString("loss", MarginLoss.Name(config.Loss));
            json.WriteString("optimizer", config.Optimizer == OptimizerKind.GradientDescent ? "gd" : "sgd");
            json.WriteNumber("lr", config.LearningRate);
            json.WriteNumber("lr_times_width", config.LearningRateTimesWidth);
            if (config.Optimizer == OptimizerKind.StochasticGradientDescent) json.WriteNumber("batch", config.BatchSize);
            else json.WriteNull("batch");
            json.WriteNumber("iterations", config.Iterations);
            json.WriteNumber("seed", config.Seed);
            json.WriteNumber("threads", config.Threads);
            json.WriteString("log_schedule", config.Schedule.Describe());
            if (config.TargetLoss is double eps) json.WriteNumber("target_loss", eps);
            else json.WriteNull("target_loss");
            json.WriteBoolean("stop_at_zero_error", config.StopAtZeroError);
            json.WriteNumber("divergence_factor", config.DivergenceFactor);
            json.WriteEndObject();

            if (outcome is not null) WriteSummary(json, outcome);
            WriteEnvironment(json);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>run.json of a two-layer (DZPS) run: same layout, model "two-layer".</summary>
    public static string BuildTwoLayer(TwoLayerConfig config, DataDescription data, TwoLayerOutcome? outcome, DateTimeOffset started, DateTimeOffset? finished)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            WriteHeader(json, outcome?.Status, outcome?.Message, started, finished);

            json.WriteStartObject("config");
            json.WriteString("model", "two-layer");
            WriteData(json, data);
            json.WriteNumber("width", config.Width);
            json.WriteString("loss", "half-sum-squared");
            json.WriteNumber("lr", config.LearningRate);
            json.WriteBoolean("train_output_layer", config.TrainOutputLayer);
            json.WriteNumber("iterations", config.Iterations);
            json.WriteNumber("seed", config.Seed);
            json.WriteNumber("threads", config.Threads);
            json.WriteString("log_schedule", config.Schedule.Describe());
            if (config.GramEvery is int g) json.WriteNumber("gram_every", g);
            else json.WriteString("gram_every", "k = 0, powers of 2, last");
            json.WriteEndObject();

            if (outcome is not null)
            {
                json.WriteStartObject("summary");
                WriteFinite(json, "lambda0", outcome.Lambda0);
                WriteFinite(json, "lambda0_error_bound", outcome.Lambda0ErrorBound);
                WriteFinite(json, "initial_residual_squared", outcome.InitialResidualSquared);
                WriteFinite(json, "gram0_minus_infinite_frobenius", outcome.InitialGramDeviation);
                json.WriteNumber("seconds", outcome.Seconds);
                json.WriteString("weights_sha256", outcome.WeightsSha256);
                json.WriteEndObject();
            }
            WriteEnvironment(json);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteHeader(Utf8JsonWriter json, TrainingStatus? status, string? message, DateTimeOffset started, DateTimeOffset? finished)
    {
        json.WriteString("format", Format);
        json.WriteString("status", status?.Name() ?? "running");
        if (message is not null) json.WriteString("message", message);
        else json.WriteNull("message");
        json.WriteString("started_utc", started.UtcDateTime.ToString("O"));
        if (finished is DateTimeOffset f) json.WriteString("finished_utc", f.UtcDateTime.ToString("O"));
        else json.WriteNull("finished_utc");
    }

    private static void WriteData(Utf8JsonWriter json, DataDescription data)
    {
        json.WriteString("dataset", data.Dataset);
        if (data.ClassA.Length == 0)
        {
            // Synthetic sets have no named classes; their labels are described by the source.
            json.WriteNull("classes");
            json.WriteString("label_convention", data.TrainSource);
        }
        else
        {
            json.WriteStartArray("classes");
            json.WriteStringValue(data.ClassA);
            json.WriteStringValue(data.ClassB);
            json.WriteEndArray();
            json.WriteString("label_convention", $"{data.ClassA} -> +1, {data.ClassB} -> -1");
        }
        json.WriteNumber("n", data.TrainCount);
        json.WriteNumber("test_n", data.TestCount);
        json.WriteNumber("d", data.Dimension);
        json.WriteString("preprocess", data.Preprocess);
        if (data.Mu is double mu) json.WriteNumber("mu", mu);
        else json.WriteNull("mu");
        json.WriteNumber("data_seed", data.DataSeed);
        json.WriteString("data_origin", data.Origin);
        json.WriteString("train_source", data.TrainSource);
        if (data.TestSource is string test) json.WriteString("test_source", test);
        else json.WriteNull("test_source");
    }

    private static void WriteSummary(Utf8JsonWriter json, TrainingOutcome outcome)
    {
        json.WriteStartObject("summary");
        WriteFinite(json, "initial_loss", outcome.InitialLoss);
        json.WriteNumber("seconds", outcome.Seconds);
        json.WriteNumber("metrics_seconds", outcome.MetricsSeconds);
        json.WriteString("weights_sha256", outcome.WeightsSha256);
        json.WriteStartArray("initial_spectral_norms");
        foreach (double s in outcome.InitialSpectralNorms) json.WriteNumberValue(s);
        json.WriteEndArray();
        json.WriteStartArray("initial_frobenius_norms");
        foreach (double s in outcome.InitialFrobeniusNorms) json.WriteNumberValue(s);
        json.WriteEndArray();
        if (outcome.LastRow is MetricsRow row)
        {
            json.WriteStartObject("last_row");
            json.WriteNumber("iteration", row.Iteration);
            json.WriteNumber("loss", row.Loss);
            json.WriteNumber("train_error", row.TrainError);
            json.WriteNumber("grad_norm", row.GradNorm);
            json.WriteNumber("dist_spectral_max", row.DistSpectralMax);
            json.WriteNumber("dist_frobenius", row.DistFrobenius);
            json.WriteNumber("pattern_change_ratio", row.PatternChangeRatio);
            if (row.TestLoss is double tl) json.WriteNumber("test_loss", tl);
            if (row.TestError is double te) json.WriteNumber("test_error", te);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteFinite(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }

    private static void WriteEnvironment(Utf8JsonWriter json)
    {
        json.WriteStartObject("software");
        (string version, string? commit) = PackageVersion(typeof(RunRecord).Assembly);
        json.WriteString("relustudy", version);
        if (commit is not null) json.WriteString("git_commit", commit);
        else json.WriteNull("git_commit");
        json.WriteString("dotnet", RuntimeInformation.FrameworkDescription);
        json.WriteString("ml_net", PackageVersion(typeof(Microsoft.ML.MLContext).Assembly).Version);
        json.WriteString("os", RuntimeInformation.OSDescription);
        json.WriteEndObject();

        json.WriteStartObject("machine");
        json.WriteString("cpu", CpuModel());
        json.WriteNumber("logical_cores", Environment.ProcessorCount);
        json.WriteString("architecture", RuntimeInformation.ProcessArchitecture.ToString());
        json.WriteBoolean("vector512", Vector512.IsHardwareAccelerated);
        json.WriteBoolean("vector256", Vector256.IsHardwareAccelerated);
        json.WriteString("kernels", InstructionSets.Best.Name());
        json.WriteNumber("memory_bytes", GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        json.WriteEndObject();
    }

    /// <summary>The informational version "1.2.3+commit" split into its two parts.</summary>
    private static (string Version, string? Commit) PackageVersion(Assembly assembly)
    {
        string informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        int plus = informational.IndexOf('+');
        return plus < 0 ? (informational, null) : (informational[..plus], informational[(plus + 1)..]);
    }

    /// <summary>The CPU model from /proc/cpuinfo, or the architecture where that is unreadable.</summary>
    public static string CpuModel()
    {
        try
        {
            const string cpuInfo = "/proc/cpuinfo";
            if (File.Exists(cpuInfo))
            {
                string? line = File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
                if (line is not null) return line[(line.IndexOf(':') + 1)..].Trim();
            }
        }
        catch (IOException)
        {
            // Unreadable cpuinfo only costs the CPU name in the record.
        }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
