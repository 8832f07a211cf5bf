using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using ReluStudy.Core.Kernels;
using ReluStudy.Core.Kernels.Simd;

namespace ReluStudy.Cli.Bench;

/// <summary>
/// The GD iteration as one would write it in C on OpenBLAS: each product by cblas_sgemm, then the
/// elementwise step (ReLU, mask, update and ‖G‖²) as a separate vectorised pass, with a stored gradient.
/// </summary>
internal sealed class OpenBlasKernels(OpenBlas blas, int threads) : IMatrixKernels
{
    private float[] _gradient = [];

    public int Threads => threads;

    public InstructionSet InstructionSet => InstructionSets.Best;

    public void ForwardLayer(float[] input, float[] weights, float[] output, int rows, int fanIn, int width)
    {
        blas.Sgemm(false, false, rows, width, fanIn, input, weights, output);
        Span<float> h = output.AsSpan(0, rows * width);
        TensorPrimitives.Max(h, 0f, h);
    }

    public void BackwardLayer(float[] delta, float[] weights, float[] below, float[] result, int rows, int width, int fanIn)
    {
        blas.Sgemm(false, true, rows, fanIn, width, delta, weights, result);
        Span<float> r = result.AsSpan(0, rows * fanIn);
        ReadOnlySpan<float> x = below.AsSpan(0, rows * fanIn);
        Span<Vector<float>> rv = MemoryMarshal.Cast<float, Vector<float>>(r);
        ReadOnlySpan<Vector<float>> xv = MemoryMarshal.Cast<float, Vector<float>>(x);
        for (int t = 0; t < rv.Length; t++) rv[t] = Vector.ConditionalSelect(Vector.GreaterThan(xv[t], Vector<float>.Zero), rv[t], Vector<float>.Zero);
        for (int t = rv.Length * Vector<float>.Count; t < r.Length; t++) if (!(x[t] > 0f)) r[t] = 0f;
    }

    public double DescendLayer(float[] below, float[] delta, float[] weights, int rows, int fanIn, int width, float stepSize, bool apply)
    {
        int size = fanIn * width;
        if (_gradient.Length < size) _gradient = new float[size];
        blas.Sgemm(true, false, fanIn, width, rows, below, delta, _gradient);
        ReadOnlySpan<float> g = _gradient.AsSpan(0, size);
        double squares = TensorPrimitives.SumOfSquares(g);
        if (apply) TensorPrimitives.MultiplyAdd(g, -stepSize, weights.AsSpan(0, size), weights.AsSpan(0, size));
        return squares;
    }

    public void Gram(float[] a, float[] gram, int rows, int columns) => blas.Sgemm(false, true, rows, rows, columns, a, a, gram);

    public void ForEachWorker(Action<int, int> body) =>
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t => body(t, threads));

    public void Dispose() { }
}
