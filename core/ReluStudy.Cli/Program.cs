using ReluStudy.Core.CommandLine;

namespace ReluStudy.Cli;

public static class Program
{
    private const string Usage = """
        relustudy — does gradient descent on a wide deep ReLU network behave as the convergence theorems say?
        usage:
          relustudy train [options]          train the network of Zou et al. (2019) and record the theory's quantities
          relustudy data fetch mnist|cifar10 download the official data into a local cache
          relustudy data stats [options]     check the data against the papers' assumptions (phi, lambda0, ...)
          relustudy bounds [options]         each paper's required width, iterations and step for this data
          relustudy tangent-kernel [options] the deep network's limit tangent kernel: its extremes and the largest stable step
          relustudy fit RUNS... [options]    fit width-scaling exponents and judge them against the predictions
          relustudy baselines [options]      ML.NET's classic classifiers on the same train/test split, for test accuracy
          relustudy status RESULTS/STUDY     a Slurm-submitted study's runs: done, running, queued, failed, ...
          relustudy submit RESULTS/STUDY     submit again the runs without a result (--failed: the failed ones)
          relustudy report RESULTS [--out D] publish a results folder as a static site (default --out site)
          relustudy export RUN_DIR [--out F] a finished run's final weights as safetensors
          relustudy bench [options]          time the GD iteration and the kernels (against OpenBLAS when installed)
          relustudy <command> --help         options of a command
        """;

    public static int Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        return Run(args, Console.Out, Console.Error, interactive: !Console.IsErrorRedirected, cancel.Token);
    }

    /// <summary>The whole CLI behind Main, with its streams injectable for tests.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool interactive = false, CancellationToken cancellation = default)
    {
        try
        {
            return args.FirstOrDefault() switch
            {
                "train" => TrainCommand.Run(args[1..], stdout, stderr, interactive, cancellation),
                "data" => DataCommand.Run(args[1..], stdout, stderr, cancellation),
                "bench" => BenchCommand.Run(args[1..], stdout, stderr, cancellation),
                "bounds" => BoundsCommand.Run(args[1..], stdout, stderr),
                "tangent-kernel" => TangentKernelCommand.Run(args[1..], stdout, stderr),
                "fit" => FitCommand.Run(args[1..], stdout, stderr),
                "report" => ReportCommand.Run(args[1..], stdout, stderr),
                "export" => ExportCommand.Run(args[1..], stdout, stderr),
                "baselines" => BaselinesCommand.Run(args[1..], stdout, stderr),
                "status" => ClusterCommands.Status(args[1..], stdout, stderr),
                "submit" => ClusterCommands.Submit(args[1..], stdout, stderr),
                "--help" or "-h" or "help" => Help(stdout, ExitCodes.Ok),
                null => Help(stderr, ExitCodes.BadOption),
                string other => Unknown(other, stderr),
            };
        }
        catch (Exception e) when (ExitCodes.Of(e) is (int code, string message))
        {
            stderr.WriteLine($"error: {message}");
            return code;
        }
    }

    private static int Help(TextWriter writer, int code)
    {
        writer.WriteLine(Usage);
        return code;
    }

    private static int Unknown(string command, TextWriter stderr)
    {
        stderr.WriteLine($"error: command: must be train, data, bounds, tangent-kernel, fit, baselines, status, submit, report, export or bench; got '{command}' (relustudy --help lists the commands)");
        return ExitCodes.BadOption;
    }
}
