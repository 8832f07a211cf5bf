using ReluStudy.Cli;

namespace ReluStudy.Tests.Cli;

/// <summary>The CLI in-process, with its output captured, and the small training run most CLI tests use.</summary>
internal static class InProcessCli
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>train on 60 shipped examples, L = 3, m = 32, 15 iterations, into <paramref name="outDir"/>.</summary>
    public static string[] Small(string outDir, params string[] extra) =>
        ["train", "--data-dir", TestPaths.ShippedData, "--n", "60", "--depth", "3", "--width", "32", "--iterations", "15", "--lr", "0.05", "--out", outDir, .. extra];
}
