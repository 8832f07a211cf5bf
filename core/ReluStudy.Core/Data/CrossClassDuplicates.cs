using System.Runtime.InteropServices;

namespace ReluStudy.Core.Data;

/// <summary>
/// Identical inputs with different labels: no network fits both, and the papers' separation φ =
/// min over differently labelled pairs of ‖x_i − x_j‖ is 0, violating their data assumption.
/// Found exactly in O(n·d) by hashing the rows (the full φ needs the n × n Gram matrix of data stats).
/// </summary>
public static class CrossClassDuplicates
{
    /// <summary>The first pair (i &lt; j, rows of <paramref name="data"/>) with equal inputs and different labels, if any.</summary>
    public static (int I, int J)? Find(Dataset data)
    {
        int d = data.Dimension;
        var seen = new Dictionary<int, List<int>>();
        for (int j = 0; j < data.Count; j++)
        {
            ReadOnlySpan<float> row = data.Features.AsSpan(j * d, d);
            var hash = new HashCode();
            hash.AddBytes(MemoryMarshal.AsBytes(row));
            int key = hash.ToHashCode();
            if (!seen.TryGetValue(key, out List<int>? rows)) seen[key] = rows = [];
            foreach (int i in rows)
                if (data.Labels[i] != data.Labels[j] && row.SequenceEqual(data.Features.AsSpan(i * d, d)))
                    return (i, j);
            rows.Add(j);
        }
        return null;
    }
}
