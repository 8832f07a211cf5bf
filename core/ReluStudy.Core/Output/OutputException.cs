namespace ReluStudy.Core.Output;

/// <summary>
/// The output folder cannot take a run's files: unwritable, full, or held by another process. The
/// message names the folder, the rule and what the system said; files already there are untouched.
/// </summary>
public sealed class OutputException(string message, bool isLocked = false, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Another process holds the run's lock (as opposed to a folder that cannot be written).</summary>
    public bool IsLocked { get; } = isLocked;

    private const int NoSpace = 28;          // ENOSPC
    private const int QuotaExceeded = 122;   // EDQUOT

    /// <summary>Translates a failed write under <paramref name="folder"/> into the one-line error the CLI prints.</summary>
    public static OutputException From(string folder, Exception e)
    {
        if (e is OutputException already) return already;
        string rule = e switch
        {
            UnauthorizedAccessException => "must be writable; got permission denied",
            IOException io when IsFull(io) => "must have free space; got 'no space left on device'",
            _ => $"must be a folder this process can create and write; got '{e.Message}'",
        };
        return new OutputException($"{folder}: output folder {rule} (earlier results there are unchanged)", inner: e);
    }

    /// <summary>True for a write that failed because the device or the quota is full.</summary>
    public static bool IsFull(IOException e) =>
        (e.HResult & 0xFFFF) is NoSpace or QuotaExceeded
        || e.Message.Contains("No space left on device", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("Disk quota exceeded", StringComparison.OrdinalIgnoreCase);
}
