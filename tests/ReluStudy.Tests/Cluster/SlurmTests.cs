using ReluStudy.Core.Cluster;

namespace ReluStudy.Tests.Cluster;

/// <summary>The pieces of a submission that need no cluster (scripts/slurm-test.sh runs a real one in CI).</summary>
public class SlurmTests
{
    [Fact]
    public void ArrayIndicesAreWrittenAsSbatchRanges()
    {
        Assert.Equal("0-3,7,9-12", ArrayIndices.Format([9, 0, 1, 2, 3, 7, 10, 11, 12, 3]));
        Assert.Equal("5", ArrayIndices.Format([5]));
    }

    [Fact]
    public void ArraysLargerThanMaxArraySizeAreSplitWithOffsets()
    {
        int[] pending = [0, 1, 999, 1000, 1001, 2500];
        IReadOnlyList<(int Offset, int[] TaskIds)> chunks = ArrayIndices.Split(pending, 1000);
        Assert.Equal([0, 1000, 2000], chunks.Select(c => c.Offset));
        Assert.All(chunks, c => Assert.All(c.TaskIds, t => Assert.InRange(t, 0, 999)));
        Assert.Equal(pending, chunks.SelectMany(c => c.TaskIds.Select(t => t + c.Offset)));
    }

    [Theory]
    [InlineData("30", 0, 0, 30, 0)]
    [InlineData("45:10", 0, 0, 45, 10)]
    [InlineData("2:30:00", 0, 2, 30, 0)]
    [InlineData("1-12:00:00", 1, 12, 0, 0)]
    [InlineData("3-4", 3, 4, 0, 0)]
    public void TimeLimitsParseAsSbatchReadsThem(string text, int days, int hours, int minutes, int seconds)
    {
        Assert.Equal(new TimeSpan(days, hours, minutes, seconds), SlurmRequest.ParseTime(text));
        var request = new SlurmRequest { Cpus = 1, MemoryMb = 1, TimeLimit = new TimeSpan(days, hours, minutes, seconds) };
        Assert.Equal(new TimeSpan(days, hours, minutes, seconds), SlurmRequest.ParseTime(request.TimeText));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1:2:3:4")]
    [InlineData("x")]
    [InlineData("-5")]
    public void BadTimeLimitsAreRefused(string text) => Assert.Null(SlurmRequest.ParseTime(text));

    [Fact]
    public void TheJobScriptAsksForTheResourcesAndRunsTheTaskOfItsIndex()
    {
        var request = new SlurmRequest
        {
            Cpus = 4, MemoryMb = 3072, TimeLimit = TimeSpan.FromHours(30), Partition = "long", Account = "lab",
            ExtraLines = ["--qos=normal", "#SBATCH --constraint=avx512"],
        };
        string script = SlurmSubmitter.Script("paper", request, ["/usr/bin/dotnet", "fsi", "/home/me/it's.fsx", "--", "--study", "paper"], "/home/me", "/r/logs");
        string[] lines = script.Split('\n');
        Assert.Equal("#!/bin/bash", lines[0]);
        foreach (string expected in new[]
                 {
                     "#SBATCH --cpus-per-task=4", "#SBATCH --mem=3072M", "#SBATCH --time=1-06:00:00", "#SBATCH --requeue",
                     "#SBATCH --partition=long", "#SBATCH --account=lab", "#SBATCH --qos=normal", "#SBATCH --constraint=avx512",
                     "#SBATCH --output=/r/logs/%A_%a.out",
                 })
            Assert.Contains(expected, lines);
        Assert.Contains("index=$(( ${RELUSTUDY_TASK_OFFSET:-0} + SLURM_ARRAY_TASK_ID ))", lines);
        Assert.Contains("exec '/usr/bin/dotnet' 'fsi' '/home/me/it'\\''s.fsx' '--' '--study' 'paper' --threads \"${SLURM_CPUS_PER_TASK:-1}\" --task \"$index\"", lines);
    }

    [Fact]
    public void BadResourcesAreNamed()
    {
        var request = new SlurmRequest { Cpus = 0, MemoryMb = 100, TimeLimit = TimeSpan.FromSeconds(10), Throttle = 0 };
        Assert.Equal(["--cpus: must be >= 1; got 0", "--time: must be at least one minute; got 0-00:00:10", "--throttle: must be >= 1; got 0"], request.Problems());
    }

    [Fact]
    public void StatusOfAFolderNeverSubmitted_IsAClearError()
    {
        var stderr = new StringWriter();
        int code = ReluStudy.Cli.Program.Run(["status", TestPaths.TempFolder()], new StringWriter(), stderr);
        Assert.Equal(ExitCodes.Cluster, code);
        Assert.Contains("must hold a submitted study (slurm/runs.json); got none", stderr.ToString());
    }
}
