using ReluStudy.Core.CommandLine;

namespace ReluStudy.Cli;

internal static class Help
{
    /// <summary>Prints the command's usage when the arguments ask for it (--help or -h).</summary>
    public static bool Asked(IReadOnlyList<string> args, OptionSet options, TextWriter stdout)
    {
        if (!args.Contains("--help") && !args.Contains("-h")) return false;
        stdout.WriteLine(options.Usage);
        return true;
    }
}
