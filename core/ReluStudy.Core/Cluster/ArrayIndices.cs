namespace ReluStudy.Core.Cluster;

/// <summary>Task indices as sbatch --array writes them ("0-3,7,9-12"), and their split into arrays a cluster accepts.</summary>
public static class ArrayIndices
{
    public static string Format(IEnumerable<int> indices)
    {
        var parts = new List<string>();
        int[] sorted = indices.Distinct().Order().ToArray();
        for (int i = 0; i < sorted.Length;)
        {
            int j = i;
            while (j + 1 < sorted.Length && sorted[j + 1] == sorted[j] + 1) j++;
            parts.Add(i == j ? $"{sorted[i]}" : $"{sorted[i]}-{sorted[j]}");
            i = j + 1;
        }
        return string.Join(",", parts);
    }

    /// <summary>
    /// Plan indices cut into arrays whose task ids stay below <paramref name="maxArraySize"/>: each chunk
    /// has an offset (a multiple of the size) that the task adds to SLURM_ARRAY_TASK_ID.
    /// </summary>
    public static IReadOnlyList<(int Offset, int[] TaskIds)> Split(IEnumerable<int> planIndices, int maxArraySize) =>
        planIndices.Distinct().Order()
            .GroupBy(i => i / maxArraySize)
            .Select(g => (g.Key * maxArraySize, g.Select(i => i - g.Key * maxArraySize).ToArray()))
            .ToList();
}
