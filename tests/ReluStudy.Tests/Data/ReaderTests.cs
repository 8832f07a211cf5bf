using System.Buffers.Binary;
using ReluStudy.Core.Data;

namespace ReluStudy.Tests.Data;

public class ReaderTests
{
    private static byte[] Idx(int magic, params int[] dims)
    {
        long payload = dims.Aggregate(1L, (a, b) => a * b);
        var data = new byte[4 + 4 * dims.Length + payload];
        BinaryPrimitives.WriteInt32BigEndian(data, magic);
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4 + 4 * i), dims[i]);
        for (long i = 0; i < payload; i++) data[4 + 4 * dims.Length + i] = (byte)(i * 7 % 251);
        return data;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void IdxImages_RoundTrip_PlainAndGzip(bool gzip)
    {
        string dir = TestPaths.TempFolder();
        string path = Path.Combine(dir, "imgs");
        byte[] data = Idx(IdxReader.ImagesMagic, 3, 2, 4);
        if (gzip) TestPaths.WriteGzip(path, data); else File.WriteAllBytes(path, data);
        (int count, int rows, int cols, byte[] pixels) = IdxReader.ReadImages(path);
        Assert.Equal((3, 2, 4), (count, rows, cols));
        Assert.Equal(data.AsSpan(16).ToArray(), pixels);
    }

    [Fact]
    public void Idx_WrongMagic_NamesFileAndValues()
    {
        string path = Path.Combine(TestPaths.TempFolder(), "labels");
        File.WriteAllBytes(path, Idx(IdxReader.ImagesMagic, 2, 2, 2));
        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadLabels(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("0x00000801", e.Message);
        Assert.Contains("0x00000803", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Idx_Truncated_IsAnError(bool gzip)
    {
        string path = Path.Combine(TestPaths.TempFolder(), "imgs");
        byte[] data = Idx(IdxReader.ImagesMagic, 5, 3, 3)[..^4];
        if (gzip) TestPaths.WriteGzip(path, data); else File.WriteAllBytes(path, data);
        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadImages(path));
        Assert.Contains("45 bytes of data; file holds 41", e.Message);
    }

    [Fact]
    public void Gzip_CutShort_IsAnError()
    {
        string path = Path.Combine(TestPaths.TempFolder(), "imgs.gz");
        TestPaths.WriteGzip(path, Idx(IdxReader.ImagesMagic, 50, 28, 28));
        byte[] whole = File.ReadAllBytes(path);
        File.WriteAllBytes(path, whole[..(whole.Length / 2)]);
        Assert.Throws<DataFormatException>(() => IdxReader.ReadImages(path));
    }

    [Fact]
    public void Cifar_ReadsRecordsAcrossFiles_AndChecksLength()
    {
        string dir = TestPaths.TempFolder();
        byte[] Record(byte label, byte fill) => [label, .. Enumerable.Repeat(fill, CifarReader.PixelBytes)];
        File.WriteAllBytes(Path.Combine(dir, "data_batch_1.bin"), [.. Record(3, 1), .. Record(8, 2)]);
        TestPaths.WriteGzip(Path.Combine(dir, "data_batch_2.bin.gz"), Record(3, 9));
        File.WriteAllBytes(Path.Combine(dir, "test_batch.bin"), Record(8, 4));
        RawExamples train = CifarFolder.Load(dir, test: false);
        Assert.Equal(["cat", "ship", "cat"], train.Classes);
        var row = new float[CifarReader.PixelBytes];
        train.CopyRow(2, row);
        Assert.All(row, v => Assert.Equal(9f, v));
        Assert.Equal(["ship"], CifarFolder.Load(dir, test: true).Classes);

        File.WriteAllBytes(Path.Combine(dir, "data_batch_3.bin"), Record(3, 1)[..100]);
        var e = Assert.Throws<DataFormatException>(() => CifarFolder.Load(dir, test: false));
        Assert.Contains("data_batch_3.bin", e.Message);
        Assert.Contains("multiple of 3073", e.Message);
    }

    [Fact]
    public void Cifar_LabelOutOfRange_IsAnError()
    {
        string path = Path.Combine(TestPaths.TempFolder(), "x.bin");
        File.WriteAllBytes(path, [12, .. new byte[CifarReader.PixelBytes]]);
        var e = Assert.Throws<DataFormatException>(() => CifarReader.Read([path]));
        Assert.Contains("label must be 0..9; got 12", e.Message);
    }

    [FactNeeds(Need.FullData)]
    public void RealMnist_HasTheOfficialCounts()
    {
        string root = TestPaths.FullData!;
        RawExamples train = MnistFolder.Load(Path.Combine(root, "mnist"), test: false);
        Assert.Equal(60000, train.Count);
        Assert.Equal(784, train.FeatureLength);
        Assert.Equal(6131, train.Classes.Count(c => c == "3"));
        Assert.Equal(5851, train.Classes.Count(c => c == "8"));
        Assert.Equal(10000, MnistFolder.Load(Path.Combine(root, "mnist"), test: true).Count);
    }

    [FactNeeds(Need.FullData)]
    public void RealCifar_HasCatAndShip()
    {
        string root = TestPaths.FullData!;
        RawExamples train = CifarFolder.Load(Path.Combine(root, "cifar10-cat-ship"), test: false);
        Assert.Equal(10000, train.Count);
        Assert.Equal(5000, train.Classes.Count(c => c == "cat"));
        Assert.Equal(2000, CifarFolder.Load(Path.Combine(root, "cifar10-cat-ship"), test: true).Count);
    }

    [Fact]
    public void ShippedSubset_IsReadByTheSameLoaders()
    {
        RawExamples mnist = MnistFolder.Load(Path.Combine(TestPaths.ShippedData, "mnist"), test: false);
        Assert.Equal(1000, mnist.Classes.Count(c => c == "3"));
        Assert.Equal(1000, mnist.Classes.Count(c => c == "8"));
        RawExamples cifar = CifarFolder.Load(Path.Combine(TestPaths.ShippedData, "cifar10-cat-ship"), test: false);
        Assert.Equal(400, cifar.Classes.Count(c => c == "ship"));
    }
}
