using System.Text.Json;
using ReluStudy.Core.Output;

namespace ReluStudy.Cli;

/// <summary>relustudy export RUN_DIR [--out FILE]: the run's final weights as safetensors, checked against run.json.</summary>
internal static class ExportCommand
{
    public const string Usage = """
        usage: relustudy export RUN_DIR [--out FILE]
          Writes the final weights of a finished deep-network run (W1..WL with shape [m_(l-1), m_l], and v) as a
          safetensors file (default: <run folder name>.safetensors here), after checking them against the
          weights_sha256 in the run's run.json.
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            stdout.WriteLine(Usage);
            return ExitCodes.Ok;
        }
        var o = new OptionReader(args, ["--out"], []);
        if (o.Positionals.Count != 1) o.Errors.Add($"export: needs exactly one run folder; got {o.Positionals.Count}");
        else if (!File.Exists(Path.Combine(o.Positionals[0], WeightsFile.FinalName)))
            o.Errors.Add($"export: the run folder must hold {WeightsFile.FinalName} (a finished run); got '{o.Positionals[0]}'");
        if (o.Failed(stderr)) return ExitCodes.BadOption;
        string run = Path.GetFullPath(o.Positionals[0]);
        (IReadOnlyList<Tensor> tensors, IReadOnlyDictionary<string, string> metadata) = SafeTensors.Read(Path.Combine(run, WeightsFile.FinalName));
        using (JsonDocument record = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "run.json"))))
        {
            string? expected = record.RootElement.TryGetProperty("summary", out JsonElement s) && s.TryGetProperty("weights_sha256", out JsonElement h) ? h.GetString() : null;
            string actual = WeightsDigest.Of(tensors.Where(t => t.Name.StartsWith('W')).Select(t => t.Data));
            if (expected is not null && expected != actual)
            {
                stderr.WriteLine($"error: {Path.Combine(run, WeightsFile.FinalName)}: weights SHA-256 {actual} differs from run.json's {expected}");
                return ExitCodes.BadData;
            }
        }
        string output = Path.GetFullPath(o.String("--out") ?? Path.GetFileName(run) + ".safetensors");
        SafeTensors.Write(output, tensors, metadata);
        stdout.WriteLine($"export: {tensors.Count} tensors ({string.Join(", ", tensors.Select(t => $"{t.Name} [{string.Join("x", t.Shape)}]"))}) to {output}");
        return ExitCodes.Ok;
    }
}
