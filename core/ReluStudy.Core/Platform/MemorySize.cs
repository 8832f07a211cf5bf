using System.Globalization;

namespace ReluStudy.Core.Platform;

/// <summary>The memory this process may use, and the one way the project's memory errors write a size.</summary>
public static class MemorySize
{
    /// <summary>What this process may use: the runtime's view, which honours container and job limits.</summary>
    public static long Available => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>"1.5 GiB", "312 MiB".</summary>
    public static string Format(double bytes) =>
        bytes >= 1 << 30 ? (bytes / (1 << 30)).ToString("G3", CultureInfo.InvariantCulture) + " GiB"
                         : (bytes / (1 << 20)).ToString("F0", CultureInfo.InvariantCulture) + " MiB";
}
