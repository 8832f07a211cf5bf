using ReluStudy.Core.Output;
namespace ReluStudy.Core.Results;

/// <summary>
/// An exclusive lock on a run folder (run.lock), held for as long as a process writes the run, so two
/// processes never interleave their writes. The lock is the operating system's (flock on Unix, a sharing
/// lock on Windows): a killed process releases it at once and leaves no stale lock behind. The file stays.
/// </summary>
public sealed class RunLock : IDisposable
{
    private readonly FileStream _stream;

    private RunLock(FileStream stream) => _stream = stream;

    /// <summary>Creates <paramref name="folder"/> if needed and takes its lock, or says who holds it.</summary>
    /// <param name="wait">How long to keep trying while another process holds it (a requeued task can start while its predecessor exits).</param>
    /// <exception cref="OutputException">The folder cannot be written, or another process holds the lock.</exception>
    public static RunLock Acquire(string folder, TimeSpan wait = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return TryAcquire(folder);
            }
            catch (OutputException e) when (e.IsLocked && clock.Elapsed < wait)
            {
                Thread.Sleep(TimeSpan.FromSeconds(1));
            }
        }
    }

    private static RunLock TryAcquire(string folder)
    {
        string path = Path.Combine(folder, Results.ResultsLayout.Lock);
        try
        {
            Directory.CreateDirectory(folder);
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            try
            {
                var owner = System.Text.Encoding.UTF8.GetBytes($"pid {Environment.ProcessId} on {Environment.MachineName}\n");
                stream.SetLength(0);
                stream.Write(owner);
                stream.Flush();
                return new RunLock(stream);
            }
            catch
            {
                stream.Dispose(); // a full disk must not leave the lock held until the finaliser runs
                throw;
            }
        }
        catch (IOException e) when (IsHeld(e))
        {
            throw new OutputException(
                $"{folder}: a run folder is written by one process at a time; another process holds {Results.ResultsLayout.Lock} (its pid is written in it; wait for it, or stop it)",
                isLocked: true, inner: e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw OutputException.From(folder, e);
        }
    }

    /// <summary>Whether a live process holds the lock of <paramref name="folder"/>; reads only (relustudy status).</summary>
    public static bool IsHeld(string folder)
    {
        try
        {
            using var probe = new FileStream(Path.Combine(folder, Results.ResultsLayout.Lock), FileMode.Open, FileAccess.Read, FileShare.None);
            return false;
        }
        catch (IOException e) when (IsHeld(e))
        {
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // no lock file, or one this user cannot open: nobody writes the run from here
        }
    }

    // EWOULDBLOCK from flock surfaces as a sharing violation (Windows' ERROR_SHARING_VIOLATION = 32).
    private static bool IsHeld(IOException e) =>
        (e.HResult & 0xFFFF) == 32 || e.Message.Contains("being used by another process", StringComparison.Ordinal);

    public void Dispose() => _stream.Dispose();
}
