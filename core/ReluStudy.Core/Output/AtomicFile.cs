using System.Text;

namespace ReluStudy.Core.Output;

/// <summary>Whole-file writes that a reader never sees half-done: write a temporary sibling, flush to disk, rename.</summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string content) => WriteAllBytes(path, Encoding.UTF8.GetBytes(content));

    public static void WriteAllBytes(string path, ReadOnlyMemory<byte> content) => Write(path, stream => stream.Write(content.Span));

    /// <summary>
    /// Lets <paramref name="write"/> fill a temporary sibling of <paramref name="path"/>, then flushes and renames it.
    /// On any failure (a full disk, say) the temporary file is removed and <paramref name="path"/> keeps its old content.
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(temporary);
            }
            catch (IOException)
            {
                // The original error says more; a leftover .tmp is ignored by every reader.
            }
            throw;
        }
    }
}
