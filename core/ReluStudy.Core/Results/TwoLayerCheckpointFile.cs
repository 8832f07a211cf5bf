using System.Globalization;
using ReluStudy.Core.Training.TwoLayer;
using ReluStudy.Core.Output;

namespace ReluStudy.Core.Results;

/// <summary>checkpoint.safetensors of a two-layer run: W [m, d] and a [m] (float32), the iteration, time spent and configuration id in the metadata.</summary>
public static class TwoLayerCheckpointFile
{
    public static void Write(string path, TwoLayerCheckpoint c, int inputDimension, string configurationId)
    {
        var inv = CultureInfo.InvariantCulture;
        SafeTensors.Write(path,
            [
                TensorSource.Of("W", "F32", c.Weights) with { Shape = [c.Readout.Length, inputDimension] },
                TensorSource.Of("a", "F32", c.Readout),
            ],
            new Dictionary<string, string>
            {
                ["format"] = "relustudy-two-layer-checkpoint/1",
                ["iteration"] = c.Iteration.ToString(inv),
                ["seconds"] = c.Seconds.ToString("R", inv),
                ["configuration_id"] = configurationId,
            });
    }

    /// <summary>The checkpoint at <paramref name="path"/> when it exists, is readable and belongs to this configuration.</summary>
    public static TwoLayerCheckpoint? TryRead(string path, string configurationId)
    {
        if (!File.Exists(path)) return null;
        try
        {
            (IReadOnlyList<Tensor> tensors, IReadOnlyDictionary<string, string> meta) = SafeTensors.Read(path);
            if (meta["configuration_id"] != configurationId) return null;
            var byName = tensors.ToDictionary(t => t.Name);
            var inv = CultureInfo.InvariantCulture;
            return new TwoLayerCheckpoint(int.Parse(meta["iteration"], inv), byName["W"].As<float>(), byName["a"].As<float>(), double.Parse(meta["seconds"], inv));
        }
        catch (Exception e) when (SafeTensors.IsUnreadable(e))
        {
            return null; // an unreadable checkpoint costs the progress it held, not the run
        }
    }
}
