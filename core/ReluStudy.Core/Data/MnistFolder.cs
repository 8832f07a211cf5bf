namespace ReluStudy.Core.Data;

/// <summary>A folder with the four official MNIST file names, each plain or with .gz.</summary>
public static class MnistFolder
{
    public static readonly string[] FileNames =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    public static bool Holds(string folder) => FileNames.Take(2).All(f => Find(folder, f) is not null);

    public static RawExamples Load(string folder, bool test)
    {
        string prefix = test ? "t10k" : "train";
        string images = Find(folder, $"{prefix}-images-idx3-ubyte")
            ?? throw new DataFormatException($"{folder}: no {prefix}-images-idx3-ubyte[.gz] (an MNIST folder holds the four official files)");
        string labels = Find(folder, $"{prefix}-labels-idx1-ubyte")
            ?? throw new DataFormatException($"{folder}: no {prefix}-labels-idx1-ubyte[.gz] (an MNIST folder holds the four official files)");
        (int count, int rows, int cols, byte[] pixels) = IdxReader.ReadImages(images);
        byte[] digits = IdxReader.ReadLabels(labels);
        if (digits.Length != count)
            throw DataFormatException.InFile(labels, $"label count must equal the image count ({count}) of {Path.GetFileName(images)}; got {digits.Length}");
        for (int i = 0; i < digits.Length; i++)
            if (digits[i] > 9) throw DataFormatException.InFile(labels, $"label {i} must be a digit 0..9; got {digits[i]}");
        string[] classes = digits.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return RawExamples.FromBytes($"{images} + {labels}", classes, rows * cols, pixels);
    }

    private static string? Find(string folder, string name)
    {
        foreach (string candidate in new[] { name, name + ".gz" })
        {
            string path = Path.Combine(folder, candidate);
            if (File.Exists(path)) return path;
        }
        return null;
    }
}
