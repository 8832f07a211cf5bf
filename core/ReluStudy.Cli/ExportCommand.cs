using ReluStudy.Core.CommandLine;
using ReluStudy.Core.Output;
using ReluStudy.Core.Results;

namespace ReluStudy.Cli;

/// <summary>relustudy export RUN_DIR [--out FILE]: the run's final weights as safetensors, checked against its record.</summary>
internal static class ExportCommand
{
    public static readonly OptionSet Options = new("relustudy export RUN_DIR [--out FILE]",
        $"""
          Writes the final weights of a finished deep-network run (W1..WL with shape [m_(l-1), m_l], and v) as a
          safetensors file, after checking them against the weights_sha256 in the run's {ResultsLayout.Record}.
        """,
        [new("--out", "FILE", "where to write (default: <run folder name>.safetensors here)")]);

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        if (Help.Asked(args, Options, stdout)) return ExitCodes.Ok;
        OptionReader o = Options.Read(args);
        if (o.Positionals.Count != 1) o.Errors.Add($"export: needs exactly one run folder; got {o.Positionals.Count}");
        else if (!File.Exists(ResultsLayout.In(o.Positionals[0], ResultsLayout.FinalWeights)))
            o.Errors.Add($"export: the run folder must hold {ResultsLayout.FinalWeights} (a finished run); got '{o.Positionals[0]}'");
        if (o.Failed(stderr)) return ExitCodes.BadOption;
        string run = Path.GetFullPath(o.Positionals[0]);
        string weights = ResultsLayout.In(run, ResultsLayout.FinalWeights);
        (IReadOnlyList<Tensor> tensors, IReadOnlyDictionary<string, string> metadata) = SafeTensors.Read(weights);
        string? expected = RunRecordFile.Read(run).Summary?.WeightsSha256;
        string actual = Core.Model.WeightsDigest.Of(tensors.Where(t => t.Name.StartsWith('W')).Select(t => t.Data));
        if (expected is not null && expected != actual)
        {
            stderr.WriteLine($"error: {weights}: weights SHA-256 {actual} differs from {ResultsLayout.Record}'s {expected}");
            return ExitCodes.BadData;
        }
        string output = Path.GetFullPath(o.String("--out") ?? Path.GetFileName(run) + ".safetensors");
        SafeTensors.Write(output, tensors, metadata);
        stdout.WriteLine($"export: {tensors.Count} tensors ({string.Join(", ", tensors.Select(t => $"{t.Name} [{string.Join("x", t.Shape)}]"))}) to {output}");
        return ExitCodes.Ok;
    }
}
