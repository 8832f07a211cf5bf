namespace ReluStudy.Core.Data;

/// <summary>
/// Labelled examples as read from a source, before any selection or preprocessing: a class name per
/// example and a flat feature row (pixels 0–255 for images, values as given for CSV).
/// </summary>
public sealed class RawExamples
{
    private readonly byte[]? _bytes;
    private readonly float[]? _floats;

    private RawExamples(string source, string[] classes, int featureLength, byte[]? bytes, float[]? floats, bool isImage)
    {
        Source = source;
        Classes = classes;
        FeatureLength = featureLength;
        _bytes = bytes;
        _floats = floats;
        IsImage = isImage;
    }

    public static RawExamples FromBytes(string source, string[] classes, int featureLength, byte[] pixels) =>
        new(source, classes, featureLength, pixels, null, isImage: true);

    public static RawExamples FromFloats(string source, string[] classes, int featureLength, float[] features) =>
        new(source, classes, featureLength, null, features, isImage: false);

    /// <summary>Files the examples came from, for messages and the run record.</summary>
    public string Source { get; }

    /// <summary>Class name of each example ("3", "cat", or a CSV label as written).</summary>
    public string[] Classes { get; }

    public int Count => Classes.Length;
    public int FeatureLength { get; }

    /// <summary>Pixels in 0..255 that the paper's preprocessing scales to [0, 1].</summary>
    public bool IsImage { get; }

    public void CopyRow(int index, Span<float> destination)
    {
        if (_bytes is not null)
        {
            ReadOnlySpan<byte> row = _bytes.AsSpan(index * FeatureLength, FeatureLength);
            for (int j = 0; j < row.Length; j++) destination[j] = row[j];
        }
        else
        {
            _floats.AsSpan(index * FeatureLength, FeatureLength).CopyTo(destination);
        }
    }
}
