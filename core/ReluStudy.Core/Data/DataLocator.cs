namespace ReluStudy.Core.Data;

/// <summary>
/// Where data comes from: --data-dir, else $RELUSTUDY_DATA, else the small subset shipped with the
/// program. Under a root, MNIST is in mnist/ and CIFAR-10 in cifar-10-batches-bin/ or
/// cifar10-cat-ship/ (or the root itself holds the files).
/// </summary>
public static class DataLocator
{
    public const string EnvironmentVariable = "RELUSTUDY_DATA";

    /// <summary>data/ next to this library (so it is found from the CLI, from dotnet fsi and from the tests).</summary>
    public static string ShippedRoot =>
        Path.Combine(Path.GetDirectoryName(typeof(DataLocator).Assembly.Location) is { Length: > 0 } dir ? dir : AppContext.BaseDirectory, "data");

    /// <summary>The origin <see cref="ResolveRoot"/> names when neither --data-dir nor the variable is set.</summary>
    public const string ShippedOrigin = "shipped subset";

    /// <summary>How to get the full data set when the shipped subset is too small for a request.</summary>
    public static string FullDataHint(string fetchName) =>
        $"that is the small subset shipped in the repository: for the full set run 'relustudy data fetch {fetchName}' and set {EnvironmentVariable} (or --data-dir) to the cache it prints";

    public static (string Root, string Origin) ResolveRoot(string? dataDir)
    {
        if (!string.IsNullOrWhiteSpace(dataDir)) return (Path.GetFullPath(dataDir), "--data-dir");
        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return (Path.GetFullPath(fromEnvironment), EnvironmentVariable);
        return (ShippedRoot, ShippedOrigin);
    }

    public static string MnistFolderUnder(string root, string origin)
    {
        foreach (string folder in new[] { Path.Combine(root, "mnist"), root })
            if (MnistFolder.Holds(folder)) return folder;
        throw new DataFormatException($"{root} ({origin}): no MNIST files in {Path.Combine(root, "mnist")} or the folder itself (expected {string.Join(", ", MnistFolder.FileNames)}, plain or .gz)");
    }

    public static string CifarFolderUnder(string root, string origin)
    {
        foreach (string name in new[] { "cifar-10-batches-bin", "cifar10-cat-ship", "cifar10" })
        {
            string folder = Path.Combine(root, name);
            if (CifarFolder.Holds(folder)) return folder;
        }
        if (CifarFolder.Holds(root)) return root;
        throw new DataFormatException($"{root} ({origin}): no CIFAR-10 batches in cifar-10-batches-bin/, cifar10-cat-ship/ or the folder itself");
    }
}
