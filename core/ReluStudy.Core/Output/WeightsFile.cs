using ReluStudy.Core.Model;

namespace ReluStudy.Core.Output;

/// <summary>
/// A deep network's weights as safetensors: W1..WL (shape [m_{l-1}, m_l], the paper's W_l) and the fixed output
/// layer v (shape [m_L]), with the iteration and the weights' SHA-256 in the metadata.
/// </summary>
public static class WeightsFile
{
    public const string FinalName = "final.safetensors";

    public static void Write(string path, DeepReluNet net, int? iteration, string status, string weightsSha256)
    {
        var tensors = new List<Tensor>();
        for (int l = 0; l < net.Depth; l++)
            tensors.Add(Tensor.Float32($"W{l + 1}", [net.FanIn(l), net.Widths[l]], net.Weights[l]));
        tensors.Add(Tensor.Float32("v", [net.Output.Length], net.Output));
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
