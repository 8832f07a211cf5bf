using ReluStudy.Core.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReluStudy.Core.Data;
using ReluStudy.Core.Results;
using ReluStudy.Core.Theory.DataChecks;
using ReluStudy.Core.TangentKernel;

namespace ReluStudy.Cli;

/// <summary>relustudy data stats: the data-assumption check, as text or JSON.</summary>
internal static class DataStatsCommand
{
    public static readonly OptionSet Options = new("relustudy data stats [data options] [--threads T] [--json]",
        """
          Checks the prepared training set against the papers' assumptions: norms and x_d = mu (ZCZG 4.1),
          phi = the smallest distance between differently-labelled points (ZCZG 4.2, exact), the most nearly
          parallel pair, and lambda0 = lambda_min(H-infinity) of Du et al. with its error bound.
        """,
        [.. DataOptions.Specs, new("--threads", "T", "worker threads (default: all cores)"), new("--json", null, "print the check as JSON")]);

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        if (Help.Asked(args, Options, stdout)) return ExitCodes.Ok;
        OptionReader o = Options.Read(args);
        foreach (string extra in o.Positionals) o.Errors.Add($"data stats: takes only --options; got '{extra}'");
        DataOptions data = DataOptions.Read(o);
        int threads = o.Threads();
        if (o.Failed(stderr)) return ExitCodes.BadOption;

        PreparedData prepared = BinaryTask.Prepare(data.Request, allowPhiZero: true); // reported below, not refused
        // H-infinity is an n x n float64 matrix like the tangent kernel's limit, with the same workspace.
        if (TangentKernelLimit.TooLarge(prepared.Train.Count, prepared.Train.Dimension, Core.Platform.MemorySize.Available) is string tooLarge)
        {
            stderr.WriteLine($"error: {tooLarge}");
            return ExitCodes.BadOption;
        }
        DataCheckRecord stats = DataStatistics.Compute(prepared.Train, prepared.Description, threads);
        if (o.Has("--json")) stdout.Write(stats.ToJson());
        else WriteText(stats, prepared.Description, stdout);
        return ExitCodes.Ok;
    }

    private static void WriteText(DataCheckRecord s, DataDescription d, TextWriter w)
    {
        var inv = CultureInfo.InvariantCulture;
        string F(double v) => v.ToString("G6", inv);
        w.WriteLine($"data: {d.Dataset} {d.ClassA} vs {d.ClassB}, n = {s.N}, d = {s.D}, mu = {(s.Mu is double m ? F(m) : "none")} ({d.Origin}: {d.TrainSource})");
        w.WriteLine($"Assumption 4.1 (ZCZG: ||x|| = 1, x_d = mu): {(s.Assumption41Holds ? "holds" : "FAILS")}; "
                    + $"||x|| in [{F(s.MinNorm)}, {F(s.MaxNorm)}]"
                    + (s.MaxLastCoordinateDeviation is double dev ? $", max |x_d - mu| = {F(dev)}" : ""));
        w.WriteLine(s.Phi > 0
            ? $"Assumption 4.2 (ZCZG: different labels phi-separated): holds with phi = {F(s.Phi)} (examples {s.PhiPair.I} and {s.PhiPair.J})"
            : $"Assumption 4.2 (ZCZG: different labels phi-separated): VIOLATED, phi = 0: {s.CrossClassDuplicates} pair(s) of identical inputs with different labels (e.g. examples {s.PhiPair.I} and {s.PhiPair.J})");
        Spread q = s.NearestOtherClass;
        w.WriteLine($"  distance to the nearest other-class point: min {F(q.Min)}, 5% {F(q.P05)}, 25% {F(q.P25)}, median {F(q.Median)}, 75% {F(q.P75)}, 95% {F(q.P95)}, max {F(q.Max)}");
        w.WriteLine($"most nearly parallel inputs (DZPS: none may be parallel): examples {s.MostParallel.I} and {s.MostParallel.J}, angle {F(s.MostParallel.AngleDegrees)} degrees");
        w.WriteLine($"H-infinity (DZPS): lambda0 = {F(s.Lambda0)} (true value in [{F(s.Lambda0 - s.Lambda0ErrorBound)}, {F(s.Lambda0)}]), "
                    + $"lambda_max = {F(s.LambdaMax)} (+{s.LambdaMaxErrorBound.ToString("G2", inv)}), "
                    + (s.Condition is double c ? $"condition {F(c)}: positive definite" : "NOT positive definite: DZPS's Assumption 3.1 fails"));
        w.WriteLine($"  eigensolver: {s.Eigensolver}; {s.Seconds:F1} s in all");
    }
}
