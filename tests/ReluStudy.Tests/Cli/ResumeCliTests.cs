using System.Diagnostics;

namespace ReluStudy.Tests.Cli;

/// <summary>relustudy train killed (SIGKILL) after a checkpoint resumes from it and ends exactly as an uninterrupted run.</summary>
public class ResumeCliTests
{
    private static string[] Args(string outDir) =>
        ["train", "--n", "200", "--depth", "3", "--width", "64", "--iterations", "2500", "--log-every", "25",
         "--checkpoint-every", "50", "--sharpness-every", "100", "--threads", "1", "--data-dir", TestPaths.ShippedData, "--out", outDir];

    /// <summary>metrics.csv without its seconds column, which measures time, not training.</summary>
    private static string[] Rows(string folder) =>
        File.ReadAllLines(Path.Combine(folder, "metrics.csv")).Select(l => string.Join(",", l.Split(',').Where((_, i) => i != 7))).ToArray();

    private static string[] TwoLayerArgs(string outDir) =>
        ["train", "--model", "two-layer", "--dataset", "sphere", "--n", "60", "--d", "30", "--width", "1500", "--lr", "0.2",
         "--iterations", "4000", "--log-every", "50", "--checkpoint-every", "100", "--threads", "1", "--out", outDir];

    /// <summary>metrics.csv of a two-layer run without its last (seconds) column.</summary>
    private static string[] TwoLayerRows(string folder) =>
        File.ReadAllLines(Path.Combine(folder, "metrics.csv")).Select(l => l[..l.LastIndexOf(',')]).ToArray();

    [Fact]
    public void AKilledRunResumesFromItsCheckpointAndMatchesAnUninterruptedRun() =>
        KillResumeCompare(Args, Rows, finalWeights: true);

    [Fact]
    public void AKilledTwoLayerRunResumesToo() => KillResumeCompare(TwoLayerArgs, TwoLayerRows, finalWeights: false);

    private static void KillResumeCompare(Func<string, string[]> Args, Func<string, string[]> Rows, bool finalWeights)
    {
        string root = TestPaths.TempFolder();
        string whole = Path.Combine(root, "whole"), killed = Path.Combine(root, "killed");
        Assert.Equal(0, ReluStudy.Cli.Program.Run(Args(whole), new StringWriter(), new StringWriter()));

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(ReluStudy.Cli.Program).Assembly.Location);
        foreach (string a in Args(killed)) start.ArgumentList.Add(a);
        using (Process p = Process.Start(start)!)
        {
            p.OutputDataReceived += (_, _) => { };
            p.ErrorDataReceived += (_, _) => { };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            var clock = Stopwatch.StartNew();
            while (!p.HasExited && !File.Exists(Path.Combine(killed, "checkpoint.safetensors")) && clock.Elapsed < TimeSpan.FromMinutes(2)) Thread.Sleep(5);
            Assert.False(p.HasExited, "the run finished before its first checkpoint; make it longer");
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.True(ReluStudy.Cli.Program.Run(Args(killed), stdout, stderr) == 0, stderr.ToString());
        Assert.Contains("from its checkpoint at iteration", stdout.ToString());
        Assert.Equal(Rows(whole), Rows(killed));
        if (finalWeights)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(whole, "final.safetensors")), File.ReadAllBytes(Path.Combine(killed, "final.safetensors")));
            // The tangent kernel's prediction and kernel rows and the sharpness rows of the resumed run are the uninterrupted
            // run's, byte for byte, and so is S(W(0)) in its summary.
            foreach (string file in new[] { ResultsLayout.Predictions, ResultsLayout.TangentKernel, ResultsLayout.Sharpness })
            {
                Assert.True(File.ReadAllLines(ResultsLayout.In(whole, file)).Length > 10, $"{file} of the uninterrupted run is nearly empty");
                Assert.Equal(File.ReadAllLines(ResultsLayout.In(whole, file)), File.ReadAllLines(ResultsLayout.In(killed, file)));
            }
            RunSummary expected = RunRecordFile.Read(whole).Summary!, resumed = RunRecordFile.Read(killed).Summary!;
            Assert.NotNull(expected.SharpnessInitial);
            Assert.Equal((expected.SharpnessInitial, expected.StableStepPredicted), (resumed.SharpnessInitial, resumed.StableStepPredicted));
        }
        Assert.False(File.Exists(Path.Combine(killed, "checkpoint.safetensors")));
    }
}
