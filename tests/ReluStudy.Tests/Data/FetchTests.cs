using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using ReluStudy.Core.Data;

namespace ReluStudy.Tests.Data;

public class FetchTests
{
    [Fact]
    public async Task CifarArchive_IsVerifiedAndOnlyItsBatchesAreUnpacked()
    {
        // A small archive in the official layout: cifar-10-batches-bin/{data_batch_1.bin,test_batch.bin,batches.meta.txt}.
        string served = TestPaths.TempFolder();
        string archive = Path.Combine(served, "cifar-10-binary.tar.gz");
        byte[] Record(byte label) => [label, .. Enumerable.Repeat((byte)label, CifarReader.PixelBytes)];
        await using (FileStream file = File.Create(archive))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        await using (var tar = new TarWriter(gzip))
        {
            foreach ((string name, byte[] body) in new[]
            {
                ("cifar-10-batches-bin/data_batch_1.bin", (byte[])[.. Record(3), .. Record(8)]),
                ("cifar-10-batches-bin/test_batch.bin", Record(8)),
                ("cifar-10-batches-bin/batches.meta.txt", "cat\nship\n"u8.ToArray()),
            })
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(body) };
                await tar.WriteEntryAsync(entry);
            }
        }
        string sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(archive)));
        using var server = new LoopbackFileServer(served);
        string cache = TestPaths.TempFolder();
        var log = new List<string>();
        var fetcher = new DataFetcher(new HttpClient(), log.Add);

        string folder = await fetcher.FetchCifarAsync(cache, server.BaseUrl, new PublishedFile("cifar-10-binary.tar.gz", sha), default);

        Assert.Equal(["data_batch_1.bin", "test_batch.bin"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        Assert.Equal(["cat", "ship"], CifarFolder.Load(folder, test: false).Classes);
        Assert.Contains(log, l => l.Contains("SHA-256 verified"));

        var refused = await Assert.ThrowsAsync<DataFormatException>(() =>
            fetcher.FetchCifarAsync(TestPaths.TempFolder(), server.BaseUrl, new PublishedFile("cifar-10-binary.tar.gz", new string('0', 64)), default));
        Assert.Contains("SHA-256 must be 0000", refused.Message);
    }
}
