using ReluStudy.Core.Theory.Bounds;
using ReluStudy.Cli;

namespace ReluStudy.Tests.Cli;

public class CliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => InProcessCli.Run(args);

    private static string[] Small(string outDir, params string[] extra) => InProcessCli.Small(outDir, extra);

    /// <summary><paramref name="args"/> with <paramref name="option"/> set to <paramref name="value"/>, replacing any value it had.</summary>
    private static string[] With(string[] args, string option, string value)
    {
        int at = Array.IndexOf(args, option);
        if (at < 0) return [.. args, option, value];
        string[] copy = (string[])args.Clone();
        copy[at + 1] = value;
        return copy;
    }

    [Theory]
    [InlineData("--width", "-8", "--width: every width must be an integer >= 1; got '-8'")]
    [InlineData("--lr", "0", "--lr: must be a finite number > 0; got '0'")]
    [InlineData("--lr", "nan", "--lr: must be a finite number > 0; got 'nan'")]
    [InlineData("--loss", "hinge", "--loss: must be one of ce|square-hinge|smoothed-hinge|squared; got 'hinge'")]
    [InlineData("--dataset", "imagenet", "--dataset: must be mnist, cifar10 or csv:PATH; got 'imagenet'")]
    [InlineData("--width", "33", "--width: the last hidden layer's width must be even (v is half +1, half -1); got 33")]
    [InlineData("--mu", "1.5", "--mu: must be a number in (0, 1); got '1.5'")]
    [InlineData("--classes", "3,x", "--classes: MNIST classes are digits 0..9; got '3,x'")]
    [InlineData("--n", "100000", "--n: a balanced subset of 100000 needs 50000 of class 3")]
    public void BadValue_IsOneLineNamingOptionRuleAndValue_Exit2_NothingWritten(string option, string value, string expected)
    {
        string outDir = Path.Combine(TestPaths.TempFolder(), "run");
        (int code, _, string err) = Run(With(Small(outDir), option, value));
        Assert.Equal(ExitCodes.BadOption, code);
        Assert.Contains(expected, err);
        Assert.Single(err.Trim().Split('\n'));
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void SgdWithoutBatch_AndUnknownOption_AreReportedTogether()
    {
        (int code, _, string err) = Run("train", "--optimizer", "sgd", "--bogus", "1");
        Assert.Equal(ExitCodes.BadOption, code);
        Assert.Contains("--bogus: unknown option", err);
        Assert.Contains("--batch: is required with --optimizer sgd", err);
    }

    [Fact]
    public void Train_WritesRunJsonMetricsAndLayers()
    {
        string outDir = Path.Combine(TestPaths.TempFolder(), "run");
        (int code, string output, string err) = Run(Small(outDir, "--test-n", "20"));
        Assert.True(code == 0, err);
        string[] lines = File.ReadAllLines(Path.Combine(outDir, "metrics.csv"));
        Assert.StartsWith("iteration,loss,train_error,grad_norm,dist_spectral_max,dist_frobenius,pattern_change_ratio,seconds", lines[0]);
        Assert.Equal(17, lines.Length); // header + iterations 0..15
        Assert.All(lines.Skip(1), l => Assert.DoesNotContain("NaN", l));
        Assert.NotEqual("", lines[1].Split(',')[8]); // test loss present
        Assert.Equal(1 + 16 * 3, File.ReadAllLines(Path.Combine(outDir, "layers.csv")).Length);
        string json = File.ReadAllText(ResultsLayout.In(outDir, ResultsLayout.Record));
        Assert.Contains("\"status\": \"completed\"", json);
        Assert.Contains("\"step_times_width\": 1.6", json);
        Assert.Contains("status: completed", output);

        (int again, _, string refusal) = Run(Small(outDir));
        Assert.Equal(ExitCodes.BadOption, again);
        Assert.Contains("already holds a finished run", refusal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ProgressIsShownOnATerminalAndInLogs(bool interactive)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(Small(Path.Combine(TestPaths.TempFolder(), "run")), stdout, stderr, interactive);
        Assert.Equal(0, code);
        string progress = stderr.ToString();
        Assert.Contains("iteration 15/15", progress);
        Assert.Contains("ETA", progress);
        Assert.Equal(interactive, progress.Contains('\r'));
    }

    [Fact]
    public void ThreadCountDoesNotChangeTheFiles()
    {
        string root = TestPaths.TempFolder();
        Assert.Equal(0, Run(Small(Path.Combine(root, "t1"), "--threads", "1")).Code);
        Assert.Equal(0, Run(Small(Path.Combine(root, "t2"), "--threads", "2")).Code);
        static string[] WithoutSeconds(string path) =>
            File.ReadAllLines(path).Select(l => string.Join(",", l.Split(',').Where((_, i) => i != 7))).ToArray();
        Assert.Equal(WithoutSeconds(Path.Combine(root, "t1", "metrics.csv")), WithoutSeconds(Path.Combine(root, "t2", "metrics.csv")));
        Assert.Equal(File.ReadAllText(Path.Combine(root, "t1", "layers.csv")), File.ReadAllText(Path.Combine(root, "t2", "layers.csv")));
        static string Hash(string dir) => File.ReadAllLines(ResultsLayout.In(dir, ResultsLayout.Record)).Single(l => l.Contains("weights_sha256"));
        Assert.Equal(Hash(Path.Combine(root, "t1")), Hash(Path.Combine(root, "t2")));
    }

    [Fact]
    public void Divergence_Exits4_KeepsFiniteRows()
    {
        string outDir = Path.Combine(TestPaths.TempFolder(), "run");
        (int code, _, string err) = Run(With(Small(outDir), "--lr", "1e7"));
        Assert.Equal(ExitCodes.Diverged, code);
        Assert.Contains("diverged at iteration", err);
        Assert.Contains("\"status\": \"diverged\"", File.ReadAllText(ResultsLayout.In(outDir, ResultsLayout.Record)));
        Assert.DoesNotContain("NaN", File.ReadAllText(Path.Combine(outDir, "metrics.csv")));
    }

    [Fact]
    public void CorruptDataFile_Exits3_NamingTheFile()
    {
        string data = TestPaths.TempFolder();
        Directory.CreateDirectory(Path.Combine(data, "mnist"));
        foreach (string f in Directory.GetFiles(Path.Combine(TestPaths.ShippedData, "mnist")))
            File.Copy(f, Path.Combine(data, "mnist", Path.GetFileName(f)));
        File.WriteAllBytes(Path.Combine(data, "mnist", "train-labels-idx1-ubyte.gz"), [0x1f, 0x8b, 8, 0, 1, 2, 3]);
        string outDir = Path.Combine(TestPaths.TempFolder(), "run");
        (int code, _, string err) = Run(With(Small(outDir), "--data-dir", data));
        Assert.Equal(ExitCodes.BadData, code);
        Assert.Contains("train-labels-idx1-ubyte.gz", err);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void DataFetch_DownloadsAndVerifiesOverLoopback()
    {
        string served = TestPaths.FullData is string full ? Path.Combine(full, "mnist") : Path.Combine(TestPaths.ShippedData, "mnist");
        using var server = new LoopbackFileServer(served);
        string cache = TestPaths.TempFolder();
        (int code, string output, string err) = Run("data", "fetch", "mnist", "--base-url", server.BaseUrl, "--cache", cache);
        if (TestPaths.FullData is not null)
        {
            Assert.True(code == 0, err);
            Assert.Contains("SHA-256 verified", output);
            Assert.Equal(4, Directory.GetFiles(Path.Combine(cache, "mnist")).Length);
        }
        else
        {
            // The shipped subset is not the published file: the checksum must refuse it and leave nothing behind.
            Assert.Equal(ExitCodes.BadData, code);
            Assert.Contains("SHA-256 must be", err);
            Assert.Empty(Directory.GetFiles(Path.Combine(cache, "mnist")));
        }
    }

    [Fact]
    public void DataFetch_RefusesAFileWithTheWrongChecksum()
    {
        string folder = TestPaths.TempFolder();
        foreach (var f in ReluStudy.Core.Data.DataFetcher.MnistFiles) File.WriteAllText(Path.Combine(folder, f.Name), "not mnist");
        using var server = new LoopbackFileServer(folder);
        string cache = TestPaths.TempFolder();
        (int code, _, string err) = Run("data", "fetch", "mnist", "--base-url", server.BaseUrl, "--cache", cache);
        Assert.Equal(ExitCodes.BadData, code);
        Assert.Contains("train-images-idx3-ubyte.gz: SHA-256 must be 0b367032", err);
        Assert.Empty(Directory.GetFiles(Path.Combine(cache, "mnist")));
    }

    [Fact]
    public void Bench_Json_HasTheFiguresOfEachWorkload()
    {
        (int code, string output, string err) = Run("bench", "--only", "A", "--repeats", "1", "--json");
        Assert.True(code == 0, err);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        System.Text.Json.JsonElement a = json.RootElement.GetProperty("workloads")[0];
        Assert.Equal("A", a.GetProperty("name").GetString());
        Assert.Equal(256, a.GetProperty("m").GetInt32());
        Assert.True(a.GetProperty("seconds_median").GetDouble() > 0);
        Assert.True(a.GetProperty("gflops").GetDouble() > 0);
        foreach (string key in new[] { "n", "d", "L", "openblas_gflops", "ratio_vs_openblas", "peak_rss_mb" })
            Assert.True(a.TryGetProperty(key, out _), key);
        // The fraction is of the peak the bench measured itself, on the same threads at the same instruction set.
        double peak = json.RootElement.GetProperty("fma_peak_gflops").GetDouble();
        Assert.True(peak > 0 && double.IsFinite(peak), $"fma_peak_gflops {peak}");
        Assert.Equal(a.GetProperty("gflops").GetDouble() / peak, a.GetProperty("fraction_of_peak").GetDouble(), 12);
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("kernel_blocking").GetString()));
    }

    [Fact]
    public void Bench_UnknownPart_IsABadOption()
    {
        (int code, _, string err) = Run("bench", "--only", "A,Z");
        Assert.Equal(2, code);
        Assert.Contains("--only: every part must be one of A, B, C, gemm, metrics; got 'Z'", err);
    }

    [Fact]
    public void DataStats_Json_ReportsTheAssumptionsOfTheShippedSubset()
    {
        (int code, string output, string err) = Run("data", "stats", "--n", "200", "--json", "--data-dir", TestPaths.ShippedData);
        Assert.True(code == 0, err);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        System.Text.Json.JsonElement root = json.RootElement;
        Assert.Equal(200, root.GetProperty("n").GetInt32());
        Assert.Equal(785, root.GetProperty("d").GetInt32());
        Assert.Equal(1 / Math.Sqrt(2), root.GetProperty("mu").GetDouble(), 12);
        Assert.True(root.GetProperty("phi").GetDouble() > 0);
        Assert.True(root.GetProperty("assumption_4_1_holds").GetBoolean());
        double lambda0 = root.GetProperty("lambda0").GetDouble(), lambdaMax = root.GetProperty("lambda_max").GetDouble();
        Assert.InRange(lambda0, 1e-6, lambdaMax);
    }

    [Fact]
    public void DataStats_BadOption_IsOneLineAndExit2()
    {
        (int code, _, string err) = Run("data", "stats", "--n", "1");
        Assert.Equal(2, code);
        Assert.Contains("--n", err);
    }

    [Fact]
    public void Bounds_FromADataStatsFile_AsJson()
    {
        string folder = TestPaths.TempFolder();
        string stats = Path.Combine(folder, "stats.json");
        (int statsCode, string statsJson, string statsErr) = Run("data", "stats", "--dataset", "mnist", "--n", "100", "--data-dir", TestPaths.ShippedData, "--json");
        Assert.True(statsCode == 0, statsErr);
        File.WriteAllText(stats, statsJson);
        using var check = System.Text.Json.JsonDocument.Parse(statsJson);
        var inputs = new BoundInputs(100, 15, check.RootElement.GetProperty("phi").GetDouble(), check.RootElement.GetProperty("lambda0").GetDouble(), 0.1, 0.01);
        (int code, string output, string err) = Run("bounds", "--stats", stats, "--L", "15", "--epsilon", "0.01", "--json");
        Assert.True(code == 0, err);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        System.Text.Json.JsonElement zczg = json.RootElement.GetProperty("papers")[0];
        Assert.Equal("ZCZG-ML", zczg.GetProperty("key").GetString());
        // the file's n, phi and lambda0, not the defaults: the width the theorem asks for on them
        Assert.Equal(TheoremBounds.For(inputs)[0].Width.Log10!.Value, zczg.GetProperty("width").GetProperty("log10").GetDouble(), 9);
        Assert.Contains("constant", json.RootElement.GetProperty("note").GetString());
    }

    [Fact]
    public void Bounds_WithoutPhi_IsABadOption()
    {
        (int code, _, string err) = Run("bounds", "--n", "100", "--lambda0", "0.1");
        Assert.Equal(2, code);
        Assert.Contains("--phi: is required without --stats", err);
    }

    [Fact]
    public void Fit_GroupsRunsByTheirSettingAndFitsTheWidthExponent()
    {
        string root = TestPaths.TempFolder();
        foreach (int width in new[] { 16, 32, 64 })
        {
            string[] args = ["train", "--n", "100", "--depth", "2", "--width", width.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--lr", "0.05", "--iterations", "60", "--log-every", "1", "--data-dir", TestPaths.ShippedData, "--out", Path.Combine(root, $"m{width}")];
            Assert.Equal(0, Run(args).Code);
        }
        (int code, string output, string err) = Run("fit", root, "--json");
        Assert.True(code == 0, err);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal("relustudy-fits", json.RootElement.GetProperty("format").GetString());
        System.Text.Json.JsonElement p1 = json.RootElement.GetProperty("fits").EnumerateArray().First(f => f.GetProperty("id").GetString() == "P1");
        // L = 2: width 16 (L/m = 1/8) and up are in the lazy range at initialisation.
        Assert.Equal([16.0, 32.0, 64.0], p1.GetProperty("values").EnumerateArray().Select(w => w.GetDouble()));
        Assert.InRange(p1.GetProperty("exponent").GetDouble(), 0, 3); // the squared gradient grows with m (P1 predicts +1)
        Assert.Equal("insufficient", p1.GetProperty("verdict").GetString()); // 3 widths, 1 seed: no verdict
        Assert.Equal(1.0, p1.GetProperty("predicted").GetDouble());
    }

    [Fact]
    public void TrainTwoLayer_WritesTheSameRunFolderLayout()
    {
        string outDir = Path.Combine(TestPaths.TempFolder(), "two-layer");
        (int code, string output, string err) = Run("train", "--model", "two-layer", "--n", "50", "--d", "20", "--width", "300",
            "--lr", "0.5", "--iterations", "10", "--out", outDir);
        Assert.True(code == 0, err);
        Assert.Contains("envelope", output);
        using var record = System.Text.Json.JsonDocument.Parse(File.ReadAllText(ResultsLayout.In(outDir, ResultsLayout.Record)));
        Assert.Equal("two-layer", record.RootElement.GetProperty("config").GetProperty("model").GetString());
        Assert.True(record.RootElement.GetProperty("summary").GetProperty("lambda0").GetDouble() > 0);
        string[] csv = File.ReadAllLines(Path.Combine(outDir, "metrics.csv"));
        Assert.Equal(RunTables.TwoLayerMetrics.Header, csv[0]);
        Assert.Equal(12, csv.Length);

        (int bad, _, string badErr) = Run("train", "--model", "two-layer", "--phi", "0.2", "--out", outDir, "--force");
        Assert.Equal(2, bad);
        Assert.Contains("--phi: applies only to --dataset sphere-separated", badErr);
    }

    [Fact]
    public void Report_RefusesAFolderWithoutAStudyInOneLineAndWritesNothing()
    {
        string empty = TestPaths.TempFolder();
        Directory.CreateDirectory(Path.Combine(empty, "some-folder"));
        string site = Path.Combine(TestPaths.TempFolder(), "site");
        (int code, string output, string err) = Run("report", empty, "--out", site);
        Assert.Equal(ExitCodes.BadOption, code);
        Assert.Empty(output);
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.Contains(empty, err);
        Assert.Contains("study.json", err);
        Assert.False(Directory.Exists(site));
    }

    [Fact]
    public void AnUnknownOptionWithAValueIsOneLine()
    {
        (int code, _, string err) = Run("train", "--widht", "64");
        Assert.Equal(ExitCodes.BadOption, code);
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.StartsWith("error: --widht: unknown option", err);
    }

    [Fact]
    public void TooManyExamplesForTheShippedSubsetSaysHowToGetTheFullSet()
    {
        // A process of its own: the shipped subset is what a run without --data-dir and without RELUSTUDY_DATA reads.
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { typeof(ReluStudy.Cli.Program).Assembly.Location, "train", "--n", "5000", "--depth", "2", "--width", "8",
                     "--iterations", "1", "--out", Path.Combine(TestPaths.TempFolder(), "run") })
            start.ArgumentList.Add(arg);
        start.Environment.Remove("RELUSTUDY_DATA");
        using var p = System.Diagnostics.Process.Start(start)!;
        string err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(ExitCodes.BadOption, p.ExitCode);
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.Contains("--n: a balanced subset of 5000 needs 2500 of class 3", err);
        Assert.Contains("has 1000 and 1000 (that is the small subset shipped in the repository: for the full set run 'relustudy data fetch mnist' and set RELUSTUDY_DATA", err);
    }
}
