using System.Diagnostics;
using System.Text.Json;

namespace ReluStudy.Tests.LinearAlgebra;

/// <summary>
/// Whole training runs in child processes with the runtime's instruction-set switches, so the dispatch
/// itself is exercised, not only the forced levels: the fused-multiply-add levels (AVX-512, AVX2) must
/// produce the same weights bit for bit, and so must the levels without it (SSE, scalar).
/// The runs skip the paper's preprocessing: ML.NET's NormalizeLpNorm sums with instruction-set-dependent
/// vector widths, so its output (not our kernels) differs in the last bits between these switches.
/// </summary>
public class InstructionSetRunTests
{
    [Fact]
    public void RunsAgreeBitForBitWithinEachRoundingClass()
    {
        string avx512 = WeightsHash(null), avx2 = WeightsHash("DOTNET_EnableAVX512");
        string sse = WeightsHash("DOTNET_EnableAVX2"), scalar = WeightsHash("DOTNET_EnableHWIntrinsic");
        Assert.Equal(avx512, avx2);
        Assert.Equal(sse, scalar);
    }

    private static string WeightsHash(string? switchedOff)
    {
        string outDir = Path.Combine(TestPaths.TempFolder(), "run");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in new[] { typeof(ReluStudy.Cli.Program).Assembly.Location, "train", "--data-dir", TestPaths.ShippedData,
                     "--n", "200", "--preprocess", "none", "--lr", "0.0001", "--depth", "3", "--width", "37,20,34", "--iterations", "15", "--threads", "2", "--out", outDir })
            start.ArgumentList.Add(arg);
        if (switchedOff is not null) start.Environment[switchedOff] = "0";
        using Process process = Process.Start(start)!;
        string stderr = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{switchedOff}=0: exit {process.ExitCode}: {stderr}");
        using JsonDocument record = JsonDocument.Parse(File.ReadAllText(ResultsLayout.In(outDir, ResultsLayout.Record)));
        return record.RootElement.GetProperty("summary").GetProperty("weights_sha256").GetString()!;
    }
}
