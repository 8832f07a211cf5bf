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
        byte[][] files = paths.Select(path => CompressedFile.ReadAll(path)).ToArray();
        for (int f = 0; f < files.Length; f++)
        {
            int length = files[f].Length;
            if (length == 0 || length % RecordBytes != 0)
                throw DataFormatException.InFile(paths[f], $"CIFAR-10 binary length must be a positive multiple of {RecordBytes}; got {length} bytes");
        }

        int total = files.Sum(data => data.Length / RecordBytes);
        var labels = new byte[total];
        var pixels = new byte[(long)total * PixelBytes];
        int record = 0;
        for (int f = 0; f < files.Length; f++)
        {
            byte[] data = files[f];
            for (int r = 0; r < data.Length / RecordBytes; r++, record++)
            {
                byte label = data[r * RecordBytes];
                if (label > 9) throw DataFormatException.InFile(paths[f], $"record {r}: label must be 0..9; got {label}");
                labels[record] = label;
                data.AsSpan(r * RecordBytes + 1, PixelBytes).CopyTo(pixels.AsSpan(record * PixelBytes));
            }
        }
        return (labels, pixels);
    }
}
