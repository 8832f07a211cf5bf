using System.Globalization;
using ReluStudy.Core.Training;
using ReluStudy.Core.Output;

namespace ReluStudy.Core.Results;

/// <summary>
/// checkpoint.safetensors: a <see cref="TrainingCheckpoint"/> in the safetensors format — W1..WL, init.W1..init.WL
/// (W(0)), power.1..power.L (float64 warm-start vectors of the spectral distances), sampler.permutation (I32) and
/// sampler.rng (U64), prediction.infinite and prediction.linearized (float64 states of the predicted trainings) —
/// with the iteration, initial loss, times, the run's configuration id and, when it measures sharpness, S(W(0)) in the metadata.
/// </summary>
public static class CheckpointFile
{
    public static void Write(string path, TrainingCheckpoint c, string configurationId)
    {
        // Streamed from the live arrays: copying W and W(0) would add their size to the run's peak memory.
        var tensors = new List<TensorSource>();
        for (int l = 0; l < c.Weights.Length; l++) tensors.Add(TensorSource.Of($"W{l + 1}", "F32", c.Weights[l]));
        for (int l = 0; l < c.InitialWeights.Length; l++) tensors.Add(TensorSource.Of($"init.W{l + 1}", "F32", c.InitialWeights[l]));
        for (int l = 0; l < c.SingularVectors.Length; l++) tensors.Add(TensorSource.Of($"power.{l + 1}", "F64", c.SingularVectors[l]));
        if (c.SamplerPermutation is not null) tensors.Add(TensorSource.Of("sampler.permutation", "I32", c.SamplerPermutation));
        if (c.SamplerRng is not null) tensors.Add(TensorSource.Of("sampler.rng", "U64", c.SamplerRng));
        if (c.Predictions is { } p)
        {
            tensors.Add(TensorSource.Of("prediction.infinite", "F64", p.Infinite));
            tensors.Add(TensorSource.Of("prediction.linearized", "F64", p.Linearized));
        }
        var inv = CultureInfo.InvariantCulture;
        var meta = new Dictionary<string, string>
        {
            ["format"] = "relustudy-checkpoint/1",
            ["iteration"] = c.Iteration.ToString(inv),
            ["initial_loss"] = c.InitialLoss.ToString("R", inv),
            ["seconds"] = c.Seconds.ToString("R", inv),
            ["metrics_seconds"] = c.MetricsSeconds.ToString("R", inv),
            ["configuration_id"] = configurationId,
            ["layout"] = "flat row-major tensors: W_l has m_(l-1) * m_l entries",
        };
        if (c.InitialSharpness is double s) meta["initial_sharpness"] = s.ToString("R", inv);
        SafeTensors.Write(path, tensors, meta);
    }

    public static (TrainingCheckpoint Checkpoint, string ConfigurationId) Read(string path)
    {
        (IReadOnlyList<Tensor> tensors, IReadOnlyDictionary<string, string> meta) = SafeTensors.Read(path);
        var byName = tensors.ToDictionary(t => t.Name);
        int depth = tensors.Count(t => t.Name.StartsWith('W'));
        float[][] Layers(string prefix) => Enumerable.Range(1, depth).Select(l => byName[$"{prefix}W{l}"].As<float>()).ToArray();
        var inv = CultureInfo.InvariantCulture;
        var checkpoint = new TrainingCheckpoint(
            int.Parse(meta["iteration"], inv), Layers(""), Layers("init."), double.Parse(meta["initial_loss"], inv),
            Enumerable.Range(1, depth).Select(l => byName[$"power.{l}"].As<double>()).ToArray(),
            byName.TryGetValue("sampler.permutation", out Tensor? p) ? p.As<int>() : null,
            byName.TryGetValue("sampler.rng", out Tensor? r) ? r.As<ulong>() : null,
            double.Parse(meta["seconds"], inv), double.Parse(meta["metrics_seconds"], inv),
            byName.TryGetValue("prediction.infinite", out Tensor? pi) && byName.TryGetValue("prediction.linearized", out Tensor? pl)
                ? new PredictionState(pi.As<double>(), pl.As<double>()) : null,
            meta.TryGetValue("initial_sharpness", out string? s) ? double.Parse(s, inv) : null);
        return (checkpoint, meta["configuration_id"]);
    }

    /// <summary>The checkpoint at <paramref name="path"/> when it exists, is readable and belongs to this configuration.</summary>
    public static TrainingCheckpoint? TryRead(string path, string configurationId)
    {
        if (!File.Exists(path)) return null;
        try
        {
            (TrainingCheckpoint checkpoint, string id) = Read(path);
            return id == configurationId ? checkpoint : null;
        }
        catch (Exception e) when (SafeTensors.IsUnreadable(e))
        {
            return null; // an unreadable checkpoint costs the progress it held, not the run
        }
    }
}
