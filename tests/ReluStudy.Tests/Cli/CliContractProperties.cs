using CsCheck;
using ReluStudy.Cli;
using ReluStudy.Core.Results;
using ReluStudy.Core.Training;

namespace ReluStudy.Tests.Cli;

/// <summary>
/// The bad-input contract over the whole option space: command lines drawn across and beyond every option's range (0,
/// negatives, huge values, NaN and infinity spellings, products that overflow, duplicated and unknown options, paths that
/// cannot be written), run in process. Each ends either in a run whose folder is complete and readable, or in one line
/// per problem on stderr ("error: ..."), a documented exit code, and no new file or folder. The cases are the same on
/// every run (seeds 0..N−1 of one stream); a failing case is shrunk by CsCheck from its seed and printed.
/// </summary>
public class CliContractProperties(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>How the cases ended, by exit code: a property that only ever refuses would test little.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, int> _codes = new();

    /// <summary>A command line and the folder it may write in (which holds a file, <c>file</c>, to write "under").</summary>
    public sealed record CommandLine(string Root, string[] Args)
    {
        public override string ToString() => "relustudy " + string.Join(" ", Args.Select(a => a.Contains(' ') || a == "" ? $"'{a}'" : a));
    }

    private const uint Stream = 20261125;

    /// <summary>Every case of <paramref name="gen"/> from seeds 0..cases−1; at the first failure, CsCheck shrinks from its seed.</summary>
    private void Holds(string what, Gen<CommandLine> gen, Action<CommandLine> contract, int cases)
    {
        for (ulong i = 0; i < (ulong)cases; i++)
        {
            var pcg = new PCG(Stream, i);
            string seed = pcg.ToString();
            CommandLine line = gen.Generate(pcg, null, out _);
            try
            {
                contract(line);
            }
            catch (Exception first)
            {
                // Reports the smallest failing command line CsCheck finds from this seed (it throws); else the first failure.
                gen.Sample(contract, seed: seed, iter: 300, threads: 1, print: l => l.ToString());
                throw new Xunit.Sdk.XunitException($"case {i} (seed {seed}): {line}\n{first}");
            }
        }
        Report(what);
    }

    /// <summary>An option and the values drawn for it: valid ones (small, so that accepted runs take a moment), edges and junk.</summary>
    private sealed record Option(string Name, params string[] Values)
    {
        public bool IsFlag => Values.Length == 0;
    }

    private static readonly string[] Counts = ["0", "1", "-3", "2147483648", "99999999999", "1e3", "NaN", "abc", ""];
    private static readonly string[] Reals = ["0", "-0.1", "1e308", "-1e308", "1e-320", "NaN", "Infinity", "-Infinity", "1e999", "abc", ""];

    private static Option[] DataOptions(string n = "20") =>
    [
        new("--dataset", "mnist", "mnist", "cifar10", "svhn", "csv:/nonexistent/data.csv"),
        new("--classes", "3,8", "1,7", "3,3", "3", "3,8,1", "a,b", ""),
        new("--n", [n, "2", "40", .. Counts, "100000"]),
        new("--mu", ["0.5", .. Reals, "1"]),
        new("--preprocess", "paper", "none", "zca"),
        new("--test-n", ["10", .. Counts]),
        new("--data-seed", "0", "1", "-1", "18446744073709551616"),
    ];

    private static readonly Option Threads = new("--threads", "1", "2", "0", "-1", "1000", "1e3");

    private static Option[] DeepOptions(string root) =>
    [
        .. DataOptions(),
        new("--depth", ["1", "2", "3", "2000", .. Counts]),
        new("--width", ["2", "16", "64", "16,16", "7", "100000000", "3000000000", "16,abc", .. Counts]),
        new("--lr", ["0.01", "0.1", "100", .. Reals]),
        new("--step-multiple", ["1", "0.5", "20", .. Reals]),
        new("--iterations", "0", "1", "3", "-1", "2147483648", "1e9", "NaN"),
        new("--loss", "ce", "square-hinge", "smoothed-hinge", "squared", "hinge"),
        new("--optimizer", "gd", "sgd", "adam"),
        new("--batch", "1", "4", "20", "0", "-2", "100", "NaN"),
        new("--seed", "0", "1", "-1", "18446744073709551616", "x"),
        Threads,
        new("--log-every", "1", "2", "0", "-1"),
        new("--target-loss", ["0.5", .. Reals]),
        new("--predict", "on", "off", "maybe"),
        new("--kernel-n", "0", "10", "-1", "100000"),
        new("--gram-every", "1", "0", "-1"),
        new("--sharpness", "on", "off", "yes"), new("--sharpness-every", "1", "0", "-1", "1e3"), new("--hessian-n", "5", "100000", "0", "NaN"),
        new("--checkpoint-every", "1", "0", "-5"),
        new("--checkpoint-seconds", ["0.5", .. Reals]),
        new("--stop-at-zero-error"),
        new("--force"),
        new("--out", Path.Combine(root, "run"), Path.Combine(root, "run"), Path.Combine(root, "file", "run"), "/proc/relustudy/run", ""),
    ];

    private static Option[] TwoLayerOptions(string root) =>
    [
        new("--dataset", "sphere", "sphere-separated", "mnist", "svhn"),
        new("--n", "2", "20", "0", "-1", "100000", "NaN"),
        new("--d", "2", "10", "0", "-1", "100000000"),
        new("--phi", ["0.5", .. Reals]),
        new("--width", ["16", "64", "100000000", .. Counts]),
        new("--lr", ["0.1", "1000", .. Reals]),
        new("--iterations", "0", "3", "-1", "2147483648"),
        new("--train-output-layer"),
        new("--gram-every", "1", "0"),
        new("--seed", "0", "1", "-1"),
        Threads,
        new("--out", Path.Combine(root, "run"), Path.Combine(root, "file", "run"), "/proc/relustudy/run"),
    ];

    /// <summary>Up to three of <paramref name="options"/> with drawn values over <paramref name="baseline"/> (a drawn option
    /// replaces its baseline value), then, in three cases of eight, a mistake: an option given twice, an unknown option with
    /// a value, or a stray word. Few options per case, so that about a case in four is a valid run.</summary>
    private static Gen<string[]> Drawn(string[] baseline, Option[] options) =>
        Gen.Select(Gen.Int[0, options.Length - 1].Array[0, 3], Gen.Int[0, 1000].Array[3], Gen.Int[0, 7], Gen.Int[0, 1000],
            (chosen, pick, mistake, which) =>
            {
                // the command's words, then its baseline options in pairs
                int first = Array.FindIndex(baseline, a => a.StartsWith("--", StringComparison.Ordinal));
                string[] command = baseline[..first];
                var values = new List<(string Name, string? Value)>();
                for (int i = first; i + 1 < baseline.Length; i += 2) values.Add((baseline[i], baseline[i + 1]));
                for (int c = 0; c < chosen.Length; c++)
                {
                    Option o = options[chosen[c]];
                    string? value = o.IsFlag ? null : o.Values[pick[c] % o.Values.Length];
                    int at = values.FindIndex(v => v.Name == o.Name);
                    if (at >= 0) values[at] = (o.Name, value);
                    else values.Add((o.Name, value));
                }
                var args = command.Concat(values.SelectMany(v => v.Value is null ? new[] { v.Name } : [v.Name, v.Value])).ToList();
                switch (mistake)
                {
                    case 0:
                        (string name, string? value) = values[which % values.Count];
                        args.AddRange(value is null ? [name] : [name, value]);
                        break;
                    case 1:
                        args.AddRange(["--bogus", "3,3"]);
                        break;
                    case 2:
                        args.Add("stray");
                        break;
                }
                return args.ToArray();
            });

    /// <summary>Everything under <paramref name="root"/>, to tell what a command wrote.</summary>
    private static string[] Snapshot(string root) =>
        Directory.GetFileSystemEntries(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

    private static string NewRoot()
    {
        string root = TestPaths.TempFolder();
        File.WriteAllText(Path.Combine(root, "file"), "a file, so that a path under it cannot be a folder\n");
        return root;
    }

    /// <summary>Refused: one "error: " line per problem, none of them empty, an exit code that means "nothing written", and
    /// nothing written.</summary>
    private static void Refused(CommandLine line, int code, string stderr, string[] before)
    {
        string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(code is ExitCodes.BadOption or ExitCodes.BadData or ExitCodes.OutputUnusable, $"exit {code}: {stderr}");
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Matches(@"^error: \S.*\S$", l));
        // One line per problem: never more lines than the command line has words.
        Assert.True(lines.Length <= line.Args.Length, $"{lines.Length} lines for {line.Args.Length} words: {stderr}");
        Assert.Equal(before, Snapshot(line.Root));
    }

    private (int Code, string Out, string Err) Run(CommandLine line)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        if (Environment.GetEnvironmentVariable("RELUSTUDY_CASES_LOG") is { Length: > 0 } log) File.AppendAllText(log, line + "\n");
        int code = Program.Run(line.Args, stdout, stderr);
        _codes.AddOrUpdate(code, 1, (_, c) => c + 1);
        if (Environment.GetEnvironmentVariable("RELUSTUDY_SHOW_CASES") == "1") output.WriteLine($"{code}: {line} -> {stderr.ToString().Trim()}");
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Writes how the cases ended and clears the count.</summary>
    private void Report(string what)
    {
        output.WriteLine($"{what}: " + string.Join(", ", _codes.OrderBy(c => c.Key).Select(c => $"exit {c.Key}: {c.Value}")));
        _codes.Clear();
    }

    /// <summary>train, the deep network and the two-layer model: a complete, readable run folder, or a refusal.</summary>
    private void TrainContract(CommandLine line)
    {
        string[] before = Snapshot(line.Root);
        (int code, _, string err) = Run(line);
        if (code is ExitCodes.Ok or ExitCodes.Diverged or ExitCodes.Collapsed)
        {
            string outDir = line.Args[Array.LastIndexOf(line.Args, "--out") + 1];
            RunResult run = RunResult.Read(outDir);
            Assert.True(run.Status.IsFinished(), $"status {run.Status.Name()}");
            Assert.Equal(code == ExitCodes.Ok, run.Status.IsUsableForFits());
            Assert.Equal(code == ExitCodes.Collapsed, run.Status == RunStatus.Collapsed);
            foreach (string file in new[] { ResultsLayout.Record, ResultsLayout.Spec, ResultsLayout.Metrics })
                Assert.True(File.Exists(ResultsLayout.In(outDir, file)), $"{file} missing");
            Assert.Equal(code == ExitCodes.Ok ? 0 : 1, err.Split('\n').Count(l => l.StartsWith("error: ", StringComparison.Ordinal)));
        }
        else Refused(line, code, err, before);
    }

    /// <summary>Commands that write nothing but an output file they are asked for: an answer on stdout, or a refusal.</summary>
    private void ReadOnlyContract(CommandLine line)
    {
        string[] before = Snapshot(line.Root);
        (int code, string output, string err) = Run(line);
        if (code == ExitCodes.Ok)
        {
            Assert.NotEqual("", output.Trim());
            Assert.DoesNotContain("error: ", err);
            string[] written = Snapshot(line.Root).Except(before).ToArray();
            int matrix = Array.IndexOf(line.Args, "--matrix");
            Assert.All(written, w => Assert.True(matrix >= 0 && w == line.Args[matrix + 1], $"wrote {w}"));
        }
        else Refused(line, code, err, before);
    }

    private static Gen<CommandLine> Lines(Func<string, string[]> baseline, Func<string, Option[]> options)
    {
        // The options' paths name a root; each case gets its own, so the root is a placeholder replaced when drawn.
        const string Placeholder = "{root}";
        Gen<string[]> drawn = Drawn(baseline(Placeholder), options(Placeholder));
        return drawn.Select(args =>
        {
            string root = NewRoot();
            return new CommandLine(root, args.Select(a => a.Replace(Placeholder, root)).ToArray());
        });
    }

    private static string Shipped => TestPaths.ShippedData;

    [Fact]
    public void Train_DeepNetwork_EveryCommandLineEndsInACompleteRunOrOneLinePerProblem() =>
        Holds("train (deep)", Lines(root => ["train", "--data-dir", Shipped, "--n", "20", "--depth", "2", "--width", "16", "--iterations", "3",
            "--out", Path.Combine(root, "run")], DeepOptions), TrainContract, cases: 240);

    [Fact]
    public void Train_TwoLayerModel_EveryCommandLineEndsInACompleteRunOrOneLinePerProblem() =>
        Holds("train (two-layer)", Lines(root => ["train", "--model", "two-layer", "--dataset", "sphere", "--n", "20", "--d", "10", "--width", "16",
            "--iterations", "3", "--out", Path.Combine(root, "run")], TwoLayerOptions), TrainContract, cases: 80);

    [Fact]
    public void DataStats_Ntk_Bounds_Baselines_AnswerOrRefuseWithoutWriting()
    {
        Holds("data stats", Lines(_ => ["data", "stats", "--data-dir", Shipped, "--n", "20"], _ => [.. DataOptions(), Threads, new("--json")]),
            ReadOnlyContract, cases: 50);
        Holds("tangent-kernel", Lines(_ => ["tangent-kernel", "--data-dir", Shipped, "--n", "20", "--depth", "2"], root =>
            [
                .. DataOptions(), Threads, new("--json"),
                new("--depth", ["1", "3", "2000", .. Counts]),
                new("--width", "1", "2,1", "1,2,3", "0", "-1", "abc"),
                new("--matrix", Path.Combine(root, "k.csv"), Path.Combine(root, "file", "k.csv"), "/proc/relustudy/k.csv"),
            ]), ReadOnlyContract, cases: 50);
        Holds("bounds", Lines(_ => ["bounds", "--n", "100", "--phi", "0.1", "--lambda0", "0.01"], root =>
            [
                new("--n", ["1000", .. Counts]), new("--L", ["15", .. Counts]), new("--phi", ["0.05", .. Reals]),
                new("--lambda0", ["0.001", .. Reals]), new("--delta", ["0.05", .. Reals, "1"]), new("--epsilon", ["0.01", .. Reals]),
                new("--stats", Path.Combine(root, "file"), "/nonexistent/stats.json"), new("--json"),
            ]), ReadOnlyContract, cases: 50);
        Holds("baselines", Lines(_ => ["baselines", "--data-dir", Shipped, "--n", "40", "--test-n", "20"], _ =>
            [.. DataOptions("40"), new("--validation-fraction", ["0.2", .. Reals, "1"]), new("--json")]), ReadOnlyContract, cases: 20);
    }

    /// <summary>One finished run to fit and a study-less folder to report, shared by the fit and report cases.</summary>
    private static readonly Lazy<string> ARun = new(() =>
    {
        string outDir = Path.Combine(TestPaths.TempFolder(), "run");
        Assert.Equal(0, Program.Run(["train", "--data-dir", Shipped, "--n", "20", "--depth", "2", "--width", "16", "--iterations", "3", "--out", outDir],
            new StringWriter(), new StringWriter()));
        return outDir;
    });

    [Fact]
    public void Fit_And_Report_AnswerOrRefuseWithoutWriting()
    {
        string run = ARun.Value;
        Gen<CommandLine> fit = Gen.Select(Gen.Frequency((3, Gen.Const(new[] { 0 })), (2, Gen.Int[0, 4].Array[1, 3])), Gen.Int[0, 7], Gen.Int[0, 1], (paths, fraction, json) =>
        {
            string root = NewRoot();
            Directory.CreateDirectory(Path.Combine(root, "empty"));
            string[] pool = [run, "/nonexistent/run", Path.Combine(root, "empty"), Path.Combine(root, "file"), ""];
            string[] fractions = ["0.1", "0.1", "0.1", "0.5", "0", "2", "-1", "NaN"];
            return new CommandLine(root, ["fit", .. paths.Select(p => pool[p]), "--target-fraction", fractions[fraction], .. json == 1 ? ["--json"] : Array.Empty<string>()]);
        });
        Holds("fit", fit, ReadOnlyContract, cases: 40);
        // report: results folders without a study (a valid one builds a site and PDFs, tested elsewhere).
        Gen<CommandLine> report = Gen.Select(Gen.Int[0, 4], Gen.Int[0, 3], Gen.Int[0, 3], (results, output, mistake) =>
        {
            string root = NewRoot();
            Directory.CreateDirectory(Path.Combine(root, "empty"));
            string[] pool = [Path.Combine(root, "empty"), "/nonexistent/results", Path.Combine(root, "file"), Path.GetDirectoryName(run)!, ""];
            string[] outs = [Path.Combine(root, "site"), Path.Combine(root, "file", "site"), "/proc/relustudy/site", ""];
            string[][] mistakes = [[], ["--out", outs[0]], ["--bogus", "1"], ["extra"]];
            return new CommandLine(root, ["report", pool[results], "--out", outs[output], .. mistakes[mistake]]);
        });
        Holds("report", report, (CommandLine line) =>
        {
            string[] before = Snapshot(line.Root);
            (int code, _, string err) = Run(line);
            Refused(line, code, err, before);
        }, cases: 40);
    }
}
