namespace ReluStudy.Core.Data;

/// <summary>n examples in R^d, row-major float32, with labels y_i ∈ {−1, +1}.</summary>
public sealed class Dataset
{
    public Dataset(float[] features, float[] labels, int dimension)
    {
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "dimension must be >= 1");
        if (features.LongLength != (long)labels.Length * dimension)
            throw new ArgumentException($"features.Length ({features.LongLength}) != labels ({labels.Length}) × dimension ({dimension})");
        foreach (float y in labels)
            if (y != 1f && y != -1f) throw new ArgumentException($"labels must be ±1; got {y}", nameof(labels));
        Features = features;
        Labels = labels;
        Dimension = dimension;
    }

    public float[] Features { get; }
    public float[] Labels { get; }
    public int Count => Labels.Length;
    public int Dimension { get; }

    public ReadOnlySpan<float> Row(int i) => Features.AsSpan(i * Dimension, Dimension);

    /// <summary>The given rows (with their labels) as a set of their own, in the order given.</summary>
    public Dataset Subset(IReadOnlyList<int> rows)
    {
        int d = Dimension;
        var features = new float[(long)rows.Count * d];
        var labels = new float[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            Row(rows[i]).CopyTo(features.AsSpan(i * d, d));
            labels[i] = Labels[rows[i]];
        }
        return new Dataset(features, labels, d);
    }
}
