using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using ReluStudy.Core.LinearAlgebra;
using ReluStudy.Core.LinearAlgebra.Simd;

namespace ReluStudy.Cli.Bench;

/// <summary>
/// The GD iteration as one would write it in C on OpenBLAS: each product by cblas_sgemm, then the
/// elementwise step (ReLU, mask, update and ‖G‖²) as a separate vectorised pass over a stored gradient,
/// split across the threads as an OpenMP loop would be (scripts/openblas-reference/gd_iteration.c is that C).
/// </summary>
internal sealed class OpenBlasKernels(OpenBlas blas, int threads) : IMatrixKernels
{
    private readonly ParallelOptions _parallel = new() { MaxDegreeOfParallelism = threads };
    private readonly double[] _squares = new double[threads];
    private float[] _gradient = [];

    public int Threads => threads;

    public InstructionSet InstructionSet => InstructionSets.Best;

    public void ForwardLayer(float[] input, float[] weights, float[] output, int rows, int fanIn, int width)
    {
        blas.Sgemm(false, false, rows, width, fanIn, input, weights, output);
        ForEachPart(rows * width, (_, start, length) =>
        {
            Span<float> h = output.AsSpan(start, length);
            TensorPrimitives.Max(h, 0f, h);
        });
    }

    public void BackwardLayer(float[] delta, float[] weights, float[] below, float[] result, int rows, int width, int fanIn)
    {
        blas.Sgemm(false, true, rows, fanIn, width, delta, weights, result);
        ForEachPart(rows * fanIn, (_, start, length) =>
        {
            Span<float> r = result.AsSpan(start, length);
            ReadOnlySpan<float> x = below.AsSpan(start, length);
            Span<Vector<float>> rv = MemoryMarshal.Cast<float, Vector<float>>(r);
            ReadOnlySpan<Vector<float>> xv = MemoryMarshal.Cast<float, Vector<float>>(x);
            for (int t = 0; t < rv.Length; t++) rv[t] = Vector.ConditionalSelect(Vector.GreaterThan(xv[t], Vector<float>.Zero), rv[t], Vector<float>.Zero);
            for (int t = rv.Length * Vector<float>.Count; t < r.Length; t++) if (!(x[t] > 0f)) r[t] = 0f;
        });
    }

    public double DescendLayer(float[] below, float[] delta, float[] weights, int rows, int fanIn, int width, float stepSize, bool apply)
    {
        int size = fanIn * width;
        if (_gradient.Length < size) _gradient = new float[size];
        blas.Sgemm(true, false, fanIn, width, rows, below, delta, _gradient);
        Array.Clear(_squares);
        ForEachPart(size, (part, start, length) =>
        {
            ReadOnlySpan<float> g = _gradient.AsSpan(start, length);
            _squares[part] = TensorPrimitives.SumOfSquares(g);
            if (apply) TensorPrimitives.MultiplyAdd(g, -stepSize, weights.AsSpan(start, length), weights.AsSpan(start, length));
        });
        double squares = 0;
        foreach (double s in _squares) squares += s;
        return squares;
    }

    public void Gram(float[] a, float[] gram, int rows, int columns) => blas.Sgemm(false, true, rows, rows, columns, a, a, gram);

    public void ForEachWorker(Action<int, int> body) =>
        Parallel.For(0, threads, _parallel, t => body(t, threads));

    /// <summary>
    /// Runs <paramref name="body"/>(part, start, length) on one contiguous part of [0, count) per thread; parts are whole
    /// multiples of 16 floats, so each (but the last) ends on a vector boundary.
    /// </summary>
    private void ForEachPart(int count, Action<int, int, int> body)
    {
        int size = ((count + threads - 1) / threads + 15) / 16 * 16;
        Parallel.For(0, threads, _parallel, t =>
        {
            int start = t * size;
            if (start < count) body(t, start, Math.Min(size, count - start));
        });
    }

    public void Dispose() { }
}
