namespace ReluStudy.Core.LinearAlgebra.Gemm;

/// <summary>The size of the CPU's largest cache, as Linux reports it; elsewhere an assumed laptop-sized 8 MB.</summary>
internal static class LastLevelCache
{
    private const long AssumedBytes = 8L << 20;

    public static long Bytes { get; } = Read();

    private static long Read()
    {
        try
        {
            const string caches = "/sys/devices/system/cpu/cpu0/cache";
            if (!Directory.Exists(caches)) return AssumedBytes;
            long largest = 0;
            foreach (string index in Directory.EnumerateDirectories(caches, "index*"))
            {
                string size = Path.Combine(index, "size");
                if (File.Exists(size) && ParseSize(File.ReadAllText(size)) is long bytes) largest = Math.Max(largest, bytes);
            }
            return largest > 0 ? largest : AssumedBytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable cache size only costs the blocking its fit to this machine.
            return AssumedBytes;
        }
    }

    /// <summary>"32768K", "1M" or a plain byte count (sysfs's format); null when it is none of these.</summary>
    internal static long? ParseSize(string text)
    {
        text = text.Trim();
        long unit = text.EndsWith('K') ? 1L << 10 : text.EndsWith('M') ? 1L << 20 : text.EndsWith('G') ? 1L << 30 : 1;
        string digits = unit == 1 ? text : text[..^1];
        return long.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long value) && value > 0
            ? value * unit : null;
    }
}
