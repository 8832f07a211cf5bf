namespace ReluStudy.Core.Kernels;

/// <summary>
/// Splits output rows into contiguous chunks run in parallel. Each output element is computed
/// by exactly one worker in a fixed order, so the result does not depend on the thread count.
/// </summary>
internal static class RowPartition
{
    public static void For(int rows, int threads, Action<int, int> body)
    {
        if (rows <= 0) return;
        // A few chunks per thread balance uneven rows (zero-skipping makes row cost data-dependent).
        int chunks = threads <= 1 ? 1 : Math.Min(rows, threads * 4);
        if (chunks == 1)
        {
            body(0, rows);
            return;
        }
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        Parallel.For(0, chunks, options, chunk =>
        {
            int start = (int)((long)rows * chunk / chunks);
            int end = (int)((long)rows * (chunk + 1) / chunks);
            body(start, end);
        });
    }
}
