using ReluStudy.Tests.Cli;
using ReluStudy.Core.Training;

namespace ReluStudy.Tests.Results;

/// <summary>The run folder's one owner: typed records, their schema, and folders written before the schema existed.</summary>
public class ResultsLayerTests
{
    /// <summary>The reports' fixture is kept in schema 1 on purpose: it is the old layout these tests (and its golden pages) read.</summary>
    private static string Schema1 => Path.Combine(TestPaths.Repo, "tests", "ReluStudy.Reports.Tests", "fixture", "results");

    private static string RunOf(string study, string axes) =>
        Directory.GetDirectories(Path.Combine(Schema1, study)).Single(d => ResultsLayout.HoldsRun(d) && SpecRecord.Read(d)!.Label == axes);

    [Fact]
    public void ADeepRunOfSchema1ReadsAsItWasWritten()
    {
        string folder = RunOf("tiny", "width=16 seed=2");
        Assert.Contains("\"format\": \"relustudy-run/1\"", File.ReadAllText(ResultsLayout.In(folder, ResultsLayout.Record)));
        Assert.DoesNotContain("\"model\"", File.ReadAllText(ResultsLayout.In(folder, ResultsLayout.Record)));

        RunResult run = RunResult.Read(folder);
        var config = Assert.IsType<DeepRunConfiguration>(run.Config);
        Assert.Equal((RunRecord.CurrentSchema, RunStatus.Completed, 16, 2UL), (run.Record.Schema, run.Status, run.Width, run.Seed));
        Assert.Equal((0.05, 0.8, 6), (config.Step, config.StepTimesWidth, config.Iterations));
        Assert.Equal(0.7569495135651707, run.Record.Summary!.InitialLoss);
        Assert.Equal(0.01875, run.Record.Summary.LastRow![MetricColumns.PatternChangeRatio.Name]);
        Assert.Equal(run.Rows[^1][MetricColumns.Loss], run.Record.Summary.LastRow[MetricColumns.Loss.Name]);
        Assert.Equal(2, run.LayerRows.Count(r => r.Iteration == 0));
        // Written before sharpness was measured: no rows, no settings, no summary.
        Assert.Empty(run.SharpnessRows);
        Assert.Null(config.Sharpness);
        Assert.Null(run.Record.Summary.SharpnessInitial);
        Assert.Null(run.Record.Summary.StableStepPredicted);
    }

    [Fact]
    public void ATwoLayerRunOfSchema1ReadsWithItsOldColumnNamesTranslated()
    {
        string folder = Directory.GetDirectories(Path.Combine(Schema1, "tiny-two-layer")).First(ResultsLayout.HoldsRun);
        string[] csv = File.ReadAllLines(ResultsLayout.In(folder, ResultsLayout.Metrics));
        Assert.Contains("pattern_change_fraction", csv[0]);
        int old = Array.IndexOf(csv[0].Split(','), "pattern_change_fraction");

        RunResult run = RunResult.Read(folder);
        Assert.IsType<TwoLayerRunConfiguration>(run.Config);
        Assert.Equal("k = 0, powers of 2, last", ((TwoLayerRunConfiguration)run.Config).TangentKernelEvery);
        Assert.Equal(csv.Length - 1, run.Rows.Count);
        for (int i = 0; i < run.Rows.Count; i++)
            Assert.Equal(double.Parse(csv[i + 1].Split(',')[old], System.Globalization.CultureInfo.InvariantCulture), run.Rows[i][MetricColumns.PatternChangeRatio]);
    }

    [Fact]
    public void AStudyIndexOfSchema1ReadsItsDeclarationTyped()
    {
        string folder = Path.Combine(TestPaths.TempFolder(), "s");
        Directory.CreateDirectory(folder);
        File.WriteAllText(ResultsLayout.In(folder, ResultsLayout.StudyIndex), """
            {"format": "relustudy-study/1", "name": "s",
             "declaration": {"summary": "x", "track": "Loss, TrainError", "compare": "Bounds, Fit P1, Fit P6", "baselines": ""},
             "runs": [{"id": "a", "label": "width=8 seed=1", "model": "deep", "axes": {"width": "8", "seed": "1"}, "status": "not-started"},
                      {"id": "b", "label": "width=8 seed=2", "model": "deep", "axes": {"width": "8", "seed": "2"}, "status": "target-reached"}]}
            """);
        StudyIndex index = StudyIndex.Read(folder);
        Assert.Equal([TrackedQuantity.Loss, TrackedQuantity.TrainError], index.Declaration.Track);
        Assert.Equal([new Comparison(ComparisonKind.Bounds), Comparison.FitOf("P1"), Comparison.FitOf("P6")], index.Declaration.Compare);
        Assert.Empty(index.Declaration.Baselines);
        Assert.Equal([null, RunStatus.TargetReached], index.Runs.Select(r => r.Status));
        Assert.True(index.Declaration.Fits("P6"));
        Assert.False(index.Declaration.Fits("P3"));
        Assert.False(index.Declaration.Shows(TrackedQuantity.DistanceFromInit));

        // An index that declares nothing shows everything; one that declares track only draws no theory.
        index.Write(folder);
        Assert.Equal(index.Declaration.Track, StudyIndex.Read(folder).Declaration.Track);
        var nothing = new StudyDeclaration();
        Assert.True(nothing.Fits("P1") && nothing.Draws(ComparisonKind.Bounds) && nothing.Shows(TrackedQuantity.PatternChangeRatio));
        var lossOnly = new StudyDeclaration { Track = [TrackedQuantity.Loss] };
        Assert.False(lossOnly.Fits("P1") || lossOnly.Draws(ComparisonKind.Bounds) || lossOnly.Shows(TrackedQuantity.PatternChangeRatio));
    }

    [Theory]
    [InlineData("""{"format": "relustudy-run", "schema": 3}""", "got format 'relustudy-run' schema 3")]
    [InlineData("""{"format": "something-else/1"}""", "got format 'something-else/1' schema (none)")]
    [InlineData("""{"format": "relustudy-run", "schema": 2, "status": "completed"}""", "must be a valid relustudy-run file of schema 2")]
    [InlineData("""not json""", "must be JSON")]
    public void ARecordThisVersionCannotReadIsRefusedInOneLineNamingItAndTheSchema(string json, string expected)
    {
        string folder = TestPaths.TempFolder();
        File.WriteAllText(ResultsLayout.In(folder, ResultsLayout.Record), json);
        var e = Assert.Throws<ResultsFormatException>(() => RunRecordFile.Read(folder));
        Assert.StartsWith(ResultsLayout.In(folder, ResultsLayout.Record) + ": ", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal((RunState.Unfinished, null), RunRecordFile.State(folder));
    }

    [Fact]
    public void TheReportOfAResultsFolderWithAFutureRecordStopsWithOneLineAndExit3()
    {
        string results = TestPaths.TempFolder();
        string run = Path.Combine(results, "s", "0123456789abcdef");
        Directory.CreateDirectory(run);
        new StudyIndex { Name = "s", Declaration = new StudyDeclaration(), Runs = [new StudyIndexRun("0123456789abcdef", "width=8", "deep", new Dictionary<string, string>(), null)] }
            .Write(Path.Combine(results, "s"));
        File.WriteAllText(ResultsLayout.In(run, ResultsLayout.Record), """{"format": "relustudy-run", "schema": 9}""");
        (int code, string stdout, string stderr) = InProcessCli.Run("report", results, "--out", Path.Combine(results, "site"));
        Assert.Equal(ExitCodes.BadData, code);
        Assert.Equal($"error: {ResultsLayout.In(run, ResultsLayout.Record)}: must be a relustudy-run file of schema 1 to 2; got format 'relustudy-run' schema 9 (written by another version of ReluStudy?)",
            stderr.Trim());
        Assert.Empty(stdout);
        Assert.False(Directory.Exists(Path.Combine(results, "site")));
    }

    [Fact]
    public void ATrainedRunWritesTheCurrentSchemaAndReadsBackEqual()
    {
        string outDir = Path.Combine(TestPaths.TempFolder(), "run");
        Assert.Equal(0, InProcessCli.Run(InProcessCli.Small(outDir)).Code);
        RunRecord record = RunRecordFile.Read(outDir);
        Assert.Equal((RunRecord.FormatName, RunRecord.CurrentSchema), (record.Format, record.Schema));
        var deep = Assert.IsType<DeepRunConfiguration>(record.Config);
        Assert.Equal((32, 0.05, 0.05 * 32), (deep.Width, deep.Step, deep.StepTimesWidth));
        string written = File.ReadAllText(ResultsLayout.In(outDir, ResultsLayout.Record));
        RunRecordFile.Write(outDir, record);
        Assert.Equal(written, File.ReadAllText(ResultsLayout.In(outDir, ResultsLayout.Record)));
        Assert.Equal(RunTables.Metrics.Header, File.ReadLines(ResultsLayout.In(outDir, ResultsLayout.Metrics)).First());
        Assert.Equal(SpecRecord.Read(outDir)!.Id, ReluStudy.Core.Studies.RunIdentity.Id(
            new ReluStudy.Core.Studies.RunSpec(new ReluStudy.Core.Data.DataRequest
            {
                Kind = ReluStudy.Core.Data.DatasetKind.Mnist, ClassA = "3", ClassB = "8", TrainCount = 60, DataDir = TestPaths.ShippedData,
            }, new ReluStudy.Core.Training.TrainingConfig { Widths = [32, 32, 32], StepSize = 0.05, Iterations = 15, Seed = 1 }, null,
                new Dictionary<string, string>()), SpecRecord.Read(outDir)!.DataChecksum));
    }
}
