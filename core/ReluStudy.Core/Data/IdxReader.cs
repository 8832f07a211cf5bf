using System.Buffers.Binary;

namespace ReluStudy.Core.Data;

/// <summary>
/// The IDX format of MNIST: big-endian magic 0x0000TTDD (TT = 0x08 unsigned byte, DD = number of
/// dimensions), DD big-endian int32 sizes, then the bytes. Images are 0x00000803, labels 0x00000801.
/// </summary>
public static class IdxReader
{
    public const int ImagesMagic = 0x00000803;
    public const int LabelsMagic = 0x00000801;

    /// <summary>Images as count × (rows·cols) bytes.</summary>
    public static (int Count, int Rows, int Cols, byte[] Pixels) ReadImages(string path)
    {
        (int[] dims, byte[] data, int offset) = Read(path, ImagesMagic, 3);
        long expected = (long)dims[0] * dims[1] * dims[2];
        return (dims[0], dims[1], dims[2], data.AsSpan(offset, (int)expected).ToArray());
    }

    public static byte[] ReadLabels(string path)
    {
        (int[] dims, byte[] data, int offset) = Read(path, LabelsMagic, 1);
        return data.AsSpan(offset, dims[0]).ToArray();
    }

    private static (int[] Dims, byte[] Data, int Offset) Read(string path, int expectedMagic, int rank)
    {
        var dims = new int[rank];
        int header = 4 + 4 * rank;
        byte[] data = CompressedFile.ReadDeclared(path, header, bytes =>
        {
            int magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
            if (magic != expectedMagic)
                throw DataFormatException.InFile(path, $"IDX magic must be 0x{expectedMagic:X8}; got 0x{magic:X8}");
            long payload = 1;
            for (int i = 0; i < rank; i++)
            {
                dims[i] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * i));
                if (dims[i] < 1 || (i > 0 && dims[i] > 4096))
                    throw DataFormatException.InFile(path, $"IDX dimension {i} must be in 1..{(i == 0 ? int.MaxValue : 4096)}; got {dims[i]}");
                payload *= dims[i];
            }
            return (payload, $"IDX header {string.Join("x", dims)}");
        });
        return (dims, data, header);
    }
}
