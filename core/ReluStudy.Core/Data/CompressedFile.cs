using System.IO.Compression;

namespace ReluStudy.Core.Data;

/// <summary>Reads a file whole, gunzipping it when it starts with the gzip magic bytes 1f 8b.</summary>
public static class CompressedFile
{
    /// <param name="maxBytes">Refuse content longer than this (a corrupt header must not cause a huge allocation).</param>
    public static byte[] ReadAll(string path, long maxBytes = 1L << 31)
    {
        if (!File.Exists(path)) throw DataFormatException.InFile(path, "file not found");
        using FileStream file = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[2];
        int got = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        bool gzip = got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        if (!gzip)
        {
            if (file.Length > maxBytes) throw DataFormatException.InFile(path, $"file is {file.Length} bytes; at most {maxBytes} expected");
            var bytes = new byte[file.Length];
            file.ReadExactly(bytes);
            return bytes;
        }

        try
        {
            using var unzip = new GZipStream(file, CompressionMode.Decompress);
            using var content = new MemoryStream();
            var buffer = new byte[1 << 16];
            int read;
            while ((read = unzip.Read(buffer)) > 0)
            {
                if (content.Length + read > maxBytes)
                    throw DataFormatException.InFile(path, $"decompressed content exceeds {maxBytes} bytes");
                content.Write(buffer, 0, read);
            }
            return content.ToArray();
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
}
