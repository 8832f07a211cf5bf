using System.Diagnostics;

namespace ReluStudy.Tests.Cli;

/// <summary>The CLI packs as a .NET tool: packed from the build, installed into a temporary tool path, it answers --help.</summary>
public class ToolPackageTests
{
    private static (int Code, string Out, string Err) Dotnet(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = TestPaths.Repo };
        foreach (string a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEndAsync();
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output.Result, err);
    }

    [Fact]
    public void ThePackedToolInstallsAndRuns()
    {
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        string feed = TestPaths.TempFolder(), tools = TestPaths.TempFolder();
        (int packed, string packOut, string packErr) = Dotnet("dotnet", "pack", Path.Combine("core", "ReluStudy.Cli"), "-c", configuration, "--no-build", "-o", feed);
        Assert.True(packed == 0, packOut + packErr);
        Assert.Single(Directory.GetFiles(feed, "ReluStudy.Cli.*.nupkg"));
        (int installed, string installOut, string installErr) = Dotnet("dotnet", "tool", "install", "--tool-path", tools, "--add-source", feed, "ReluStudy.Cli");
        Assert.True(installed == 0, installOut + installErr);
        (int code, string help, string err) = Dotnet(Path.Combine(tools, "relustudy"), "--help");
        Assert.True(code == 0, err);
        Assert.Contains("relustudy train [options]", help);
        Assert.Contains("relustudy report RESULTS", help);
    }
}
