using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ReluStudy.Core.LinearAlgebra.Simd;

namespace ReluStudy.Core.Results;

/// <summary>The software and machine a run records: versions, git commit, CPU, vector widths and the kernels' instruction set.</summary>
public static class RunEnvironment
{
    public static SoftwareInfo Software()
    {
        (string version, string? commit) = PackageVersion(typeof(RunEnvironment).Assembly);
        return new SoftwareInfo(version, commit, RuntimeInformation.FrameworkDescription,
            PackageVersion(typeof(Microsoft.ML.MLContext).Assembly).Version, RuntimeInformation.OSDescription);
    }

    public static MachineInfo Machine() =>
        new(CpuModel(), Environment.ProcessorCount, RuntimeInformation.ProcessArchitecture.ToString(), Vector512.IsHardwareAccelerated,
            Vector256.IsHardwareAccelerated, InstructionSets.Best.Name(), GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
            LinearAlgebra.SimdKernels.BlockingAt(InstructionSets.Best));

    /// <summary>The informational version "1.2.3+commit" split into its two parts.</summary>
    private static (string Version, string? Commit) PackageVersion(Assembly assembly)
    {
        string informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        int plus = informational.IndexOf('+');
        return plus < 0 ? (informational, null) : (informational[..plus], informational[(plus + 1)..]);
    }

    /// <summary>The CPU model from /proc/cpuinfo, or the architecture where that is unreadable.</summary>
    public static string CpuModel()
    {
        try
        {
            const string cpuInfo = "/proc/cpuinfo";
            if (File.Exists(cpuInfo))
            {
                string? line = File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
                if (line is not null) return line[(line.IndexOf(':') + 1)..].Trim();
            }
        }
        catch (IOException)
        {
            // Unreadable cpuinfo only costs the CPU name in the record.
        }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
