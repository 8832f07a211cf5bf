using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace ReluStudy.Core.Data;

/// <summary>One published file: its name under the base URL and its SHA-256.</summary>
public sealed record PublishedFile(string Name, string Sha256);

/// <summary>
/// Downloads the official data files into a cache, verifies each SHA-256, and writes atomically:
/// a file appears under its final name only once it is complete and verified.
/// </summary>
public sealed class DataFetcher(HttpClient http, Action<string> log)
{
    public const string CacheVariable = "RELUSTUDY_CACHE";

    /// <summary>The MNIST files as published (gzip IDX); with the SHA-256 of each official file.</summary>
    public static readonly PublishedFile[] MnistFiles =
    [
        new("train-images-idx3-ubyte.gz", "0b367032e93c5d0cea0925647cfdb18614af8ee15f83e6f2fc2ad904a6835971"),
        new("train-labels-idx1-ubyte.gz", "1787548bbe0bff1ec2ecdc0ef292b02df999e2d1a6002d27500982c652b17203"),
        new("t10k-images-idx3-ubyte.gz", "1a1a05eab793c14bb050b398624a11b0ffd1a2953baed553b1b9bd079e2a20be"),
        new("t10k-labels-idx1-ubyte.gz", "b91679a0acfe4ba0e50a2437a903084cba1f5f92592b016a25a7dfd00455798b"),
    ];

    /// <summary>The official CIFAR-10 binary archive (170,052,171 bytes).</summary>
    public static readonly PublishedFile CifarArchive =
        new("cifar-10-binary.tar.gz", "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd");

    public const string MnistBaseUrl = "https://ossci-datasets.s3.amazonaws.com/mnist/";
    public const string CifarBaseUrl = "https://www.cs.toronto.edu/~kriz/";

    public static string DefaultCache()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable(CacheVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return Path.GetFullPath(fromEnvironment);
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string root = !string.IsNullOrWhiteSpace(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "relustudy");
    }

    /// <summary>Fetches MNIST into cache/mnist; returns that folder.</summary>
    public async Task<string> FetchMnistAsync(string cache, string? baseUrl, CancellationToken cancellation = default)
    {
        string folder = Path.Combine(cache, "mnist");
        Directory.CreateDirectory(folder);
        foreach (PublishedFile file in MnistFiles)
            await FetchVerifiedAsync(Url(baseUrl ?? MnistBaseUrl, file.Name), Path.Combine(folder, file.Name), file.Sha256, cancellation);
        return folder;
    }

    /// <summary>Fetches the CIFAR-10 binary archive and unpacks its batches into cache/cifar-10-batches-bin; returns that folder.</summary>
    public Task<string> FetchCifarAsync(string cache, string? baseUrl, CancellationToken cancellation = default) =>
        FetchCifarAsync(cache, baseUrl, CifarArchive, cancellation);

    /// <summary>As above with another expected archive, so tests can serve a small one of their own.</summary>
    internal async Task<string> FetchCifarAsync(string cache, string? baseUrl, PublishedFile expected, CancellationToken cancellation)
    {
        Directory.CreateDirectory(cache);
        string archive = Path.Combine(cache, expected.Name);
        await FetchVerifiedAsync(Url(baseUrl ?? CifarBaseUrl, expected.Name), archive, expected.Sha256, cancellation);

        string folder = Path.Combine(cache, "cifar-10-batches-bin");
        if (CifarFolder.Holds(folder)) return folder;
        string staging = folder + $".{Environment.ProcessId}.tmp";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        await using (FileStream file = File.OpenRead(archive))
        await using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        using (var tar = new TarReader(gzip))
        {
            while (await tar.GetNextEntryAsync(copyData: false, cancellation) is TarEntry entry)
            {
                string name = Path.GetFileName(entry.Name);
                // Only the batch files are taken; the archive's paths are never trusted as paths.
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !name.EndsWith(".bin", StringComparison.Ordinal)) continue;
                await entry.ExtractToFileAsync(Path.Combine(staging, name), overwrite: true, cancellation);
            }
        }
        if (!CifarFolder.Holds(staging))
            throw DataFormatException.InFile(archive, "archive holds no *.bin batch files");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.Move(staging, folder);
        return folder;
    }

    private static string Url(string baseUrl, string name) => baseUrl.EndsWith('/') ? baseUrl + name : baseUrl + "/" + name;

    private async Task FetchVerifiedAsync(string url, string destination, string sha256, CancellationToken cancellation)
    {
        if (File.Exists(destination) && await Sha256Async(destination, cancellation) == sha256)
        {
            log($"{destination}: already present, SHA-256 verified");
            return;
        }
        string temporary = destination + $".{Environment.ProcessId}.part";
        try
        {
            log($"downloading {url}");
            using (HttpResponseMessage response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellation))
            {
                if (!response.IsSuccessStatusCode)
                    throw new DataFormatException($"{url}: download failed with HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
                await using FileStream output = new(temporary, FileMode.Create, FileAccess.Write, FileShare.None);
                await response.Content.CopyToAsync(output, cancellation);
                await output.FlushAsync(cancellation);
                output.Flush(flushToDisk: true);
            }
            string actual = await Sha256Async(temporary, cancellation);
            if (actual != sha256)
                throw new DataFormatException($"{url}: SHA-256 must be {sha256}; got {actual} (nothing was written)");
            File.Move(temporary, destination, overwrite: true);
            log($"{destination}: SHA-256 verified");
        }
        catch (HttpRequestException e)
        {
            throw new DataFormatException($"{url}: download failed ({e.Message})");
        }
        catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new DataFormatException($"{url}: download timed out after {http.Timeout.TotalMinutes:F0} min");
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellation)
    {
        await using FileStream stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellation));
    }
}
