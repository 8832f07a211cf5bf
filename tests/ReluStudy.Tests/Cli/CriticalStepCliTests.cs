using static ReluStudy.Tests.Cli.InProcessCli;

namespace ReluStudy.Tests.Cli;

/// <summary>relustudy train --step-multiple end to end: what run.json records, and its errors (one line, exit 2, nothing written).</summary>
public class CriticalStepCliTests
{
    /// <summary><see cref="InProcessCli.Small"/> without its --lr.</summary>
    private static string[] WithoutStep(string outDir, params string[] extra)
    {
        List<string> args = [.. Small(outDir, extra)];
        int at = args.IndexOf("--lr");
        args.RemoveRange(at, 2);
        return args.ToArray();
    }

    [Fact]
    public void HelpListsTheOption()
    {
        (int code, string help, _) = Run("train", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--step-multiple C", help);
        Assert.Contains("instead of --lr: eta = C x 2/lambda_GN(W(0))", help);
    }

    [Fact]
    public void ARunAtAMultipleRecordsTheResolvedStepItsMultipleAndTheCurvature()
    {
        string outDir = Path.Combine(TestPaths.TempFolder(), "run");
        (int code, string stdout, string stderr) = Run(WithoutStep(outDir, "--loss", "squared", "--step-multiple", "1.5", "--hessian-n", "60"));
        Assert.True(code == 0, stderr);
        Assert.Contains("step = 1.5 x 2/lambda_GN(W(0)) (measured before training)", stdout);
        Assert.Contains("lambda_GN(W(0)) = ", stdout);

        var config = (DeepRunConfiguration)RunRecordFile.Read(outDir).Config;
        Assert.Equal(1.5, config.StepMultiple);
        Assert.Equal(1.5 * 2 / config.CriticalCurvature!.Value, config.Step);
        // every row of the 60 is in the Hessian: its Gauss-Newton top at k = 0 is the curvature the step was resolved from
        Assert.Equal(config.CriticalCurvature, RunResult.Read(outDir).SharpnessRows[0][MetricColumns.GaussNewton]);
        string json = File.ReadAllText(ResultsLayout.In(outDir, ResultsLayout.Record));
        Assert.Contains("\"step_multiple\": 1.5,", json);
        Assert.DoesNotContain("step_curvature", json); // the default is not written, and reads back as Gauss-Newton
        Assert.Equal(Core.Training.StepCurvature.GaussNewton, config.Curvature);
        Assert.Contains("\"critical_curvature\": ", json);
        Assert.True(json.IndexOf("\"step_times_width\"", StringComparison.Ordinal) < json.IndexOf("\"step_multiple\"", StringComparison.Ordinal));
        RunRecordFile.Write(outDir, RunRecordFile.Read(outDir));
        Assert.Equal(json, File.ReadAllText(ResultsLayout.In(outDir, ResultsLayout.Record)));
        Assert.Contains("\\\"step_multiple\\\":1.5", File.ReadAllText(ResultsLayout.In(outDir, ResultsLayout.Spec))); // the canonical text, quoted
    }

    /// <summary>With --step-curvature hessian the step is C x 2/S(W(0)): run.json names the curvature, and sharpness.csv's first
    /// row (every row in the Hessian) measures the same S(W(0)) to the bit.</summary>
    [Fact]
    public void ARunAtAMultipleOfTheHessiansEdgeRecordsItsCurvature()
    {
        string outDir = Path.Combine(TestPaths.TempFolder(), "run");
        (int code, string stdout, string stderr) = Run(WithoutStep(outDir, "--loss", "squared", "--step-multiple", "0.9", "--step-curvature", "hessian", "--hessian-n", "60"));
        Assert.True(code == 0, stderr);
        Assert.Contains("step = 0.9 x 2/S(W(0)) (measured before training)", stdout);
        var config = (DeepRunConfiguration)RunRecordFile.Read(outDir).Config;
        Assert.Equal(Core.Training.StepCurvature.Hessian, config.StepCurvature);
        Assert.Equal(0.9 * 2 / config.CriticalCurvature!.Value, config.Step);
        double first = RunResult.Read(outDir).SharpnessRows[0][MetricColumns.Sharpness]!.Value;
        Assert.Equal(config.CriticalCurvature.Value, first); // the same rows, order and Lanczos start: the same bits
        string json = File.ReadAllText(ResultsLayout.In(outDir, ResultsLayout.Record));
        Assert.Contains("\"step_curvature\": \"hessian\",", json);
        RunRecordFile.Write(outDir, RunRecordFile.Read(outDir));
        Assert.Equal(json, File.ReadAllText(ResultsLayout.In(outDir, ResultsLayout.Record)));
    }

    [Fact]
    public void ARunAtAGivenStepRecordsNeither()
    {
        string outDir = Path.Combine(TestPaths.TempFolder(), "run");
        Assert.Equal(0, Run(Small(outDir)).Code);
        string json = File.ReadAllText(ResultsLayout.In(outDir, ResultsLayout.Record));
        Assert.DoesNotContain("step_multiple", json);
        Assert.DoesNotContain("critical_curvature", json);
    }

    [Theory]
    [InlineData(new[] { "--step-multiple", "0" }, "--step-multiple: must be a finite number > 0; got '0'")]
    [InlineData(new[] { "--step-multiple", "-2" }, "--step-multiple: must be a finite number > 0; got '-2'")]
    [InlineData(new[] { "--step-multiple", "Infinity" }, "--step-multiple: must be a finite number > 0; got 'Infinity'")]
    [InlineData(new[] { "--step-multiple", "abc" }, "--step-multiple: must be a finite number > 0; got 'abc'")]
    [InlineData(new[] { "--step-multiple", "1", "--lr", "0.05" },
        "--step-multiple: replaces --lr (the step is C x 2/lambda_GN(W(0))), so give one of them; got both ('1' and --lr '0.05')")]
    [InlineData(new[] { "--step-curvature", "hessian" },
        "--step-curvature: applies only with --step-multiple (it names the curvature C divides); got 'hessian' without it")]
    [InlineData(new[] { "--step-multiple", "1", "--step-curvature", "jacobian" }, "--step-curvature: must be one of gauss-newton|hessian; got 'jacobian'")]
    [InlineData(new[] { "--step-multiple", "1", "--optimizer", "sgd", "--batch", "10" },
        "--step-multiple: applies only to full-batch GD (c multiplies GD's critical step 2/lambda_GN(W(0))); got sgd")]
    public void ABadValueIsOneLineNamingTheOptionWithExit2AndNothingWritten(string[] options, string message)
    {
        string outDir = Path.Combine(TestPaths.TempFolder(), "run");
        (int code, _, string err) = Run(WithoutStep(outDir, options));
        Assert.Equal(ExitCodes.BadOption, code);
        Assert.Equal("error: " + message, err.Trim());
        Assert.False(Directory.Exists(outDir));
    }
}
