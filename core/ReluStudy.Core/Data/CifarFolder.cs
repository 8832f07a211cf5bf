namespace ReluStudy.Core.Data;

/// <summary>
/// A folder of CIFAR-10 binary batch files: training batches are the *.bin / *.bin.gz files whose
/// names do not start with "test", in ordinal name order; the test batch is the one that does.
/// Fits both the official cifar-10-batches-bin/ and the train.bin.gz/test.bin.gz layout.
/// </summary>
public static class CifarFolder
{
    public static bool Holds(string folder) => Directory.Exists(folder) && Batches(folder, test: false).Count > 0;

    public static RawExamples Load(string folder, bool test)
    {
        List<string> files = Batches(folder, test);
        if (files.Count == 0)
            throw new DataFormatException($"{folder}: no CIFAR-10 {(test ? "test" : "training")} batch (*.bin or *.bin.gz{(test ? " named test*" : "")})");
        (byte[] labels, byte[] pixels) = CifarReader.Read(files);
        string[] classes = labels.Select(l => CifarReader.ClassNames[l]).ToArray();
        return RawExamples.FromBytes(string.Join(" + ", files), classes, CifarReader.PixelBytes, pixels);
    }

    private static List<string> Batches(string folder, bool test) =>
        Directory.EnumerateFiles(folder)
            .Where(p => p.EndsWith(".bin", StringComparison.Ordinal) || p.EndsWith(".bin.gz", StringComparison.Ordinal))
            .Where(p => Path.GetFileName(p).StartsWith("test", StringComparison.Ordinal) == test)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Accepts a class name ("cat") or its CIFAR-10 number ("3").</summary>
    public static string NormalizeClass(string name) =>
        int.TryParse(name, out int index) && index is >= 0 and <= 9 ? CifarReader.ClassNames[index] : name;
}
