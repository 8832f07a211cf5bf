using ReluStudy.Core.Model;
using ReluStudy.Core.Output;

namespace ReluStudy.Core.Results;

/// <summary>
/// A deep network's weights as safetensors: W1..WL (shape [m_{l-1}, m_l], the paper's W_l) and the fixed output
/// layer v (shape [m_L]), with the iteration and the weights' SHA-256 in the metadata.
/// </summary>
public static class WeightsFile
{
    public static void Write(string path, DeepReluNet net, int? iteration, string status, string weightsSha256)
    {
        var tensors = new List<TensorSource>();
        for (int l = 0; l < net.Depth; l++)
            tensors.Add(TensorSource.Of($"W{l + 1}", "F32", net.Weights[l]) with { Shape = [net.FanIn(l), net.Widths[l]] });
        tensors.Add(TensorSource.Of("v", "F32", net.Readout));
        SafeTensors.Write(path, tensors, new Dictionary<string, string>
        {
            ["format"] = "relustudy-weights/1",
            ["model"] = "deep",
            ["iteration"] = iteration?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            ["status"] = status,
            ["weights_sha256"] = weightsSha256,
            ["layout"] = "W_l has shape [m_(l-1), m_l]; f(x) = v' relu(W_L' ... relu(W_1' x))",
        });
    }
}
