using System.Buffers.Binary;
using System.IO.Compression;

namespace ReluStudy.Core.Data;

/// <summary>
/// Reads a data file whole, gunzipping it when it starts with the gzip magic bytes 1f 8b. Every size a
/// file declares is checked against what the file can hold before anything that size is allocated, and a
/// gzip stream must end with its own trailer (the runtime's GZipStream reads a cut-off stream silently).
/// </summary>
public static class CompressedFile
{
    /// <summary>Deflate's largest expansion (258 bytes from 2 bits, about 1032 : 1), so a bound on what a gzip file can hold.</summary>
    private const long MaxDeflateRatio = 1032;

    /// <param name="maxBytes">Refuse content longer than this.</param>
    public static byte[] ReadAll(string path, long maxBytes = 1L << 31) =>
        Read(path, 0, _ => null, maxBytes);

    /// <summary>
    /// A file of a fixed-size header then exactly the payload the header declares:
    /// <paramref name="declared"/> reads the header (and throws on a bad one) and returns the payload length and how the header puts it.
    /// </summary>
    public static byte[] ReadDeclared(string path, int headerLength, Func<byte[], (long Payload, string Declaration)> declared) =>
        Read(path, headerLength, header => declared(header), long.MaxValue);

    private static byte[] Read(string path, int headerLength, Func<byte[], (long Payload, string Declaration)?> declared, long maxBytes)
    {
        if (!File.Exists(path)) throw DataFormatException.InFile(path, "file not found");
        using FileStream file = File.OpenRead(path);
        long fileLength = file.Length;
        Span<byte> magic = stackalloc byte[2];
        bool gzip = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        file.Position = 0;
        try
        {
            using Stream content = gzip ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file;
            long capacity = gzip ? fileLength * MaxDeflateRatio : fileLength;
            var header = new byte[headerLength];
            int got = content.ReadAtLeast(header, headerLength, throwOnEndOfStream: false);
            if (got < headerLength)
                throw DataFormatException.InFile(path, $"the header needs {headerLength} bytes; {(gzip ? "the decompressed " : "")}file has {got}");

            byte[] result;
            if (declared(header) is (long payload, string declaration))
            {
                long holds = capacity - headerLength;
                if (payload > holds)
                    throw DataFormatException.InFile(path, gzip
                        ? $"{declaration} declares {payload} bytes of data; a gzip file of {fileLength} bytes holds at most {holds}"
                        : $"{declaration} declares {payload} bytes of data; file holds {holds}");
                if (payload > Array.MaxLength)
                    throw DataFormatException.InFile(path, $"{declaration} declares {payload} bytes of data; at most {Array.MaxLength} can be read");
                result = new byte[headerLength + payload];
                header.CopyTo(result, 0);
                int read = content.ReadAtLeast(result.AsSpan(headerLength), (int)payload, throwOnEndOfStream: false);
                long extra = read < payload ? 0 : Drain(content);
                if (read < payload || extra > 0)
                    throw DataFormatException.InFile(path, $"{declaration} declares {payload} bytes of data; file holds {read + extra}");
            }
            else
            {
                result = ReadRest(path, content, header, Math.Min(maxBytes, capacity));
            }
            if (gzip) CheckTrailer(path, file, fileLength, result.LongLength);
            return result;
        }
        catch (InvalidDataException e)
        {
            throw DataFormatException.InFile(path, $"corrupt gzip stream ({e.Message})");
        }
        catch (EndOfStreamException)
        {
            throw DataFormatException.InFile(path, "gzip stream is truncated");
        }
    }

    private static byte[] ReadRest(string path, Stream content, byte[] header, long maxBytes)
    {
        using var all = new MemoryStream();
        all.Write(header);
        var buffer = new byte[1 << 16];
        int read;
        while ((read = content.Read(buffer)) > 0)
        {
            if (all.Length + read > maxBytes)
                throw DataFormatException.InFile(path, $"content must be at most {maxBytes} bytes; got more");
            all.Write(buffer, 0, read);
        }
        return all.ToArray();
    }

    /// <summary>Counts the bytes left in the stream (at most a few, for the message), so "file holds N" is true.</summary>
    private static long Drain(Stream content)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = content.Read(buffer)) > 0) total += read;
        return total;
    }

    /// <summary>
    /// The last four bytes of a gzip file are the content length mod 2^32 (RFC 1952 ISIZE). A file cut short
    /// ends in compressed data instead, which GZipStream does not notice.
    /// </summary>
    private static void CheckTrailer(string path, FileStream file, long fileLength, long contentLength)
    {
        Span<byte> trailer = stackalloc byte[4];
        if (fileLength < 18)
            throw DataFormatException.InFile(path, $"gzip stream is truncated: a gzip file has at least 18 bytes; got {fileLength}");
        file.Position = fileLength - 4;
        file.ReadExactly(trailer);
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        if (size != (uint)contentLength)
            throw DataFormatException.InFile(path,
                $"gzip stream is truncated: its trailer must give the content length {(uint)contentLength} mod 2^32; got {size} (a multi-member gzip is not read either)");
    }
}
