namespace ReluStudy.Core.Data;

/// <summary>
/// The CIFAR-10 binary version: records of 3,073 bytes, one label byte (0–9) then 1,024 red,
/// 1,024 green and 1,024 blue bytes of a 32×32 image, any number of records per file.
/// </summary>
public static class CifarReader
{
    public const int RecordBytes = 3073;
    public const int PixelBytes = 3072;

    public static readonly string[] ClassNames =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>Concatenates the records of <paramref name="paths"/> in order.</summary>
    public static (byte[] Labels, byte[] Pixels) Read(IReadOnlyList<string> paths)
    {
        var labels = new List<byte>();
        var pixels = new List<byte[]>();
        foreach (string path in paths)
        {
            byte[] data = CompressedFile.ReadAll(path);
            if (data.Length == 0 || data.Length % RecordBytes != 0)
                throw DataFormatException.InFile(path, $"CIFAR-10 binary length must be a positive multiple of {RecordBytes}; got {data.Length} bytes");
            int count = data.Length / RecordBytes;
            var block = new byte[(long)count * PixelBytes];
            for (int r = 0; r < count; r++)
            {
                byte label = data[r * RecordBytes];
                if (label > 9) throw DataFormatException.InFile(path, $"record {r}: label must be 0..9; got {label}");
                labels.Add(label);
                data.AsSpan(r * RecordBytes + 1, PixelBytes).CopyTo(block.AsSpan(r * PixelBytes));
            }
            pixels.Add(block);
        }
        var all = new byte[pixels.Sum(b => (long)b.Length)];
        long offset = 0;
        foreach (byte[] block in pixels)
        {
            block.CopyTo(all, offset);
            offset += block.Length;
        }
        return (labels.ToArray(), all);
    }
}
