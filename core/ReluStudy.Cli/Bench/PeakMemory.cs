namespace ReluStudy.Cli.Bench;

/// <summary>
/// Peak resident memory of this process over a stretch of work, from Linux's VmHWM, which writing 5 to
/// /proc/self/clear_refs resets to the current RSS. Null where either file is unavailable.
/// </summary>
internal static class PeakMemory
{
    /// <summary>Returns garbage to the OS, then restarts the high-water mark; false where unsupported.</summary>
    public static bool Restart()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>VmHWM in MiB.</summary>
    public static double? PeakMegabytes()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return double.Parse(line["VmHWM:".Length..].Replace("kB", "").Trim()) / 1024.0;
        }
        catch (IOException) { }
        return null;
    }
}
