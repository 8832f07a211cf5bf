using ReluStudy.Core.Training;
using static ReluStudy.Tests.Cli.InProcessCli;

namespace ReluStudy.Tests.Cli;

/// <summary>relustudy train's sharpness options end to end: what they write, that they are off unless asked for, and that
/// the rows do not depend on the thread count.</summary>
public class SharpnessCliTests
{
    [Fact]
    public void HelpListsTheOptionsWithTheirDefaults()
    {
        (int code, string help, _) = Run("train", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--sharpness on|off", help);
        Assert.Contains("(default off; on with either option below)", help);
        Assert.Contains("--sharpness-every S", help);
        Assert.Contains($"sharpness.csv at k = 0, every S iterations and the last (default {SharpnessSettings.DefaultEvery})", help);
        Assert.Contains("--hessian-n N", help);
        Assert.Contains($"(default {SharpnessSettings.DefaultHessianN})", help);
    }

    [Fact]
    public void ARunWithSharpnessWritesItsRowsAndItsSummary()
    {
        string outDir = Path.Combine(TestPaths.TempFolder(), "run");
        (int code, string stdout, string stderr) = Run(Small(outDir, "--hessian-n", "50"));
        Assert.True(code == 0, stderr);
        string[] csv = File.ReadAllLines(ResultsLayout.In(outDir, ResultsLayout.Sharpness));
        Assert.Equal("iteration,sharpness,sharpness_2,gauss_newton,two_over_step,sharpness_residual,sharpness_2_residual,gauss_newton_residual,hessian_products", csv[0]);
        Assert.Equal(RunTables.Sharpness.Header, csv[0]);

        RunResult run = RunResult.Read(outDir);
        Assert.Equal([0, 15], run.SharpnessRows.Select(r => r.Iteration));
        Assert.All(run.SharpnessRows, r => Assert.Equal(2 / 0.05, r[MetricColumns.TwoOverStep]));
        double initial = run.SharpnessRows[0][MetricColumns.Sharpness]!.Value;
        Assert.Equal(initial, run.Record.Summary!.SharpnessInitial);
        Assert.Equal(2 / initial, run.Record.Summary.StableStepPredicted);
        Assert.Equal(new SharpnessConfiguration("every 500", 50), ((DeepRunConfiguration)run.Config).Sharpness);
        Assert.Contains("sharpness at W(0): ", stdout);

        string json = File.ReadAllText(ResultsLayout.In(outDir, ResultsLayout.Record));
        Assert.Contains("\"sharpness_initial\": ", json);
        Assert.Contains("\"stable_step_predicted\": ", json);
        Assert.Contains("\"hessian_n\": 50", json);
        RunRecordFile.Write(outDir, run.Record);
        Assert.Equal(json, File.ReadAllText(ResultsLayout.In(outDir, ResultsLayout.Record)));
    }

    [Fact]
    public void ARunWithoutSharpnessWritesNoneOfIt()
    {
        string outDir = Path.Combine(TestPaths.TempFolder(), "run");
        Assert.Equal(0, Run(Small(outDir, "--sharpness", "off")).Code);
        Assert.False(File.Exists(ResultsLayout.In(outDir, ResultsLayout.Sharpness)));
        Assert.DoesNotContain("sharpness", File.ReadAllText(ResultsLayout.In(outDir, ResultsLayout.Record)));
        Assert.Empty(RunResult.Read(outDir).SharpnessRows);
    }

    [Theory]
    [InlineData(new[] { "--sharpness", "yes" }, "--sharpness: must be one of on|off; got 'yes'")]
    [InlineData(new[] { "--sharpness-every", "0" }, "--sharpness-every: must be an integer >= 1; got '0'")]
    [InlineData(new[] { "--hessian-n", "-1" }, "--hessian-n: must be an integer >= 1; got '-1'")]
    [InlineData(new[] { "--sharpness", "off", "--hessian-n", "100" }, "--hessian-n: applies only with sharpness on; got '100' with --sharpness off")]
    public void ABadValueIsOneLineNamingTheOptionWithExit2AndNothingWritten(string[] options, string message)
    {
        string outDir = Path.Combine(TestPaths.TempFolder(), "run");
        (int code, _, string err) = Run(Small(outDir, options));
        Assert.Equal(ExitCodes.BadOption, code);
        Assert.Equal("error: " + message, err.Trim());
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void TheThreadCountDoesNotChangeTheRows()
    {
        string root = TestPaths.TempFolder();
        Assert.Equal(0, Run(Small(Path.Combine(root, "t1"), "--sharpness-every", "5", "--threads", "1")).Code);
        Assert.Equal(0, Run(Small(Path.Combine(root, "t2"), "--sharpness-every", "5", "--threads", "2")).Code);
        Assert.Equal(File.ReadAllText(ResultsLayout.In(Path.Combine(root, "t1"), ResultsLayout.Sharpness)),
            File.ReadAllText(ResultsLayout.In(Path.Combine(root, "t2"), ResultsLayout.Sharpness)));
    }
}
