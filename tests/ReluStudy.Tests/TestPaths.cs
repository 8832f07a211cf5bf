using System.IO.Compression;

namespace ReluStudy.Tests;

internal static class TestPaths
{
    /// <summary>The repo root (the folder holding ReluStudy.sln).</summary>
    public static string Repo
    {
        get
        {
            string? dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "ReluStudy.sln"))) dir = Path.GetDirectoryName(dir);
            return dir ?? throw new InvalidOperationException("ReluStudy.sln not found above the test binaries");
        }
    }

    public static string ShippedData => Path.Combine(Repo, "core", "data");

    /// <summary>The full data sets (../shared/data or $RELUSTUDY_DATA), when this machine has them.</summary>
    public static string? FullData
    {
        get
        {
            string? env = Environment.GetEnvironmentVariable("RELUSTUDY_DATA");
            if (!string.IsNullOrEmpty(env) && Directory.Exists(Path.Combine(env, "mnist"))) return env;
            string shared = Path.GetFullPath(Path.Combine(Repo, "..", "shared", "data"));
            return Directory.Exists(Path.Combine(shared, "mnist")) ? shared : null;
        }
    }

    public static string TempFolder()
    {
        string path = Path.Combine(Path.GetTempPath(), "relustudy-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    public static void WriteGzip(string path, byte[] data)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(data);
    }
}
