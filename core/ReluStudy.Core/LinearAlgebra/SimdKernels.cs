using System.Runtime.Intrinsics;
using ReluStudy.Core.LinearAlgebra.Gemm;
using ReluStudy.Core.LinearAlgebra.Simd;

namespace ReluStudy.Core.LinearAlgebra;

/// <summary>
/// The fast kernels: a packed, register-tiled float32 GEMM with the GD iteration's elementwise work
/// fused into its stores, multithreaded over output rows. The instruction set is chosen here, once.
/// Results are bit-identical for any thread count; the 512- and 256-bit levels (fused multiply-add)
/// agree bit for bit, as do the 128-bit and scalar levels (separate multiply and add).
/// Dispose stops the worker threads and frees the native packing buffers.
/// </summary>
public sealed unsafe class SimdKernels : IMatrixKernels
{
    private readonly WorkerPool _pool;
    private readonly GemmWorkspace _space;
    private readonly IProducts _products;
    private readonly DelegatedWork _delegated = new();
    private float[] _gradientScratch = [];

    /// <param name="threads">worker threads, including the caller's.</param>
    /// <param name="level">an instruction set no wider than <see cref="InstructionSets.Best"/>; the best by default.</param>
    public SimdKernels(int threads, InstructionSet? level = null) : this(threads, level, blocking: null)
    {
    }

    /// <param name="blocking">the cache blocking; <see cref="GemmBlocking.For"/> the level by default (tests choose others).</param>
    internal SimdKernels(int threads, InstructionSet? level, GemmBlocking? blocking)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "threads must be >= 1");
        InstructionSet chosen = level ?? InstructionSets.Best;
        if (chosen > InstructionSets.Best)
            throw new ArgumentOutOfRangeException(nameof(level), chosen, $"this process supports up to {InstructionSets.Best}");
        InstructionSet = chosen;
        _pool = new WorkerPool(threads);
        _space = new GemmWorkspace(threads, blocking ?? GemmBlocking.For(chosen));
        _products = chosen switch
        {
            InstructionSet.Vector512 => new Products<Simd512, Vector512<float>>(_pool, _space),
            InstructionSet.Vector256 => new Products<Simd256, Vector256<float>>(_pool, _space),
            InstructionSet.Vector128 => new Products<Simd128, Vector128<float>>(_pool, _space),
            _ => new Products<SimdScalar, float>(_pool, _space),
        };
    }

    public int Threads => _pool.Threads;

    public InstructionSet InstructionSet { get; }

    /// <summary>The register tile and cache blocking these kernels use, e.g. "6x16 tile, kc 1024, mc 192, row sweeps, packed B ≤ 8 MB".</summary>
    public string Blocking => _space.Blocking.Describe(2 * InstructionSet.FloatsPerVector());

    /// <summary>The register tile and cache blocking the kernels use at <paramref name="level"/>.</summary>
    public static string BlockingAt(InstructionSet level) => GemmBlocking.For(level).Describe(2 * level.FloatsPerVector());

    /// <summary>C[m×n] = A[m×k] · B[k×n].</summary>
    public void MultiplyNN(float[] a, float[] b, float[] c, int m, int k, int n)
    {
        CheckProduct(a, (long)m * k, b, (long)k * n, c, (long)m * n);
        fixed (float* pa = a, pb = b, pc = c)
            _products.Store(Operand.RowMajor(pa, k), Operand.RowMajor(pb, n), pc, m, n, k);
    }

    /// <summary>C[k×n] = Aᵀ · B with A[m×k], B[m×n].</summary>
    public void MultiplyTN(float[] a, float[] b, float[] c, int m, int k, int n)
    {
        CheckProduct(a, (long)m * k, b, (long)m * n, c, (long)k * n);
        fixed (float* pa = a, pb = b, pc = c)
            _products.Store(Operand.Transposed(pa, k), Operand.RowMajor(pb, n), pc, k, n, m);
    }

    /// <summary>C[m×k] = A · Bᵀ with A[m×n], B[k×n].</summary>
    public void MultiplyNT(float[] a, float[] b, float[] c, int m, int n, int k)
    {
        CheckProduct(a, (long)m * n, b, (long)k * n, c, (long)m * k);
        fixed (float* pa = a, pb = b, pc = c)
            _products.Store(Operand.RowMajor(pa, n), Operand.Transposed(pb, n), pc, m, k, n);
    }

    public void Gram(float[] a, float[] gram, int rows, int columns) => MultiplyNT(a, a, gram, rows, columns, rows);

    public void ForwardLayer(float[] input, float[] weights, float[] output, int rows, int fanIn, int width)
    {
        CheckProduct(input, (long)rows * fanIn, weights, (long)fanIn * width, output, (long)rows * width);
        fixed (float* x = input, w = weights, h = output)
            _products.Relu(Operand.RowMajor(x, fanIn), Operand.RowMajor(w, width), h, rows, width, fanIn);
    }

    public void BackwardLayer(float[] delta, float[] weights, float[] below, float[] result, int rows, int width, int fanIn)
    {
        CheckProduct(delta, (long)rows * width, weights, (long)fanIn * width, result, (long)rows * fanIn);
        Guard.Size(below, (long)rows * fanIn, nameof(below));
        fixed (float* d = delta, w = weights, x = below, r = result)
            _products.Mask(Operand.RowMajor(d, width), Operand.Transposed(w, width), r, x, rows, fanIn, width);
    }

    public double DescendLayer(float[] below, float[] delta, float[] weights, int rows, int fanIn, int width, float stepSize, bool apply)
    {
        CheckProduct(below, (long)rows * fanIn, delta, (long)rows * width, weights, (long)fanIn * width);
        long size = (long)fanIn * width;
        if (rows > _space.Blocking.ReductionSteps(width) && _gradientScratch.Length < size) _gradientScratch = new float[size];
        // Partial sums of G need a home only when the reduction spans several blocks; otherwise G never
        // leaves the registers and the weights themselves stand in as the (unread) partial buffer.
        fixed (float* x = below, d = delta, w = weights, g = _gradientScratch.Length >= size ? _gradientScratch : weights)
            return _products.Descend(Operand.Transposed(x, fanIn), Operand.RowMajor(d, width), g, w, fanIn, width, rows, stepSize, apply);
    }

    /// <summary>
    /// The multiply-add peak of these workers at this instruction set, in GFLOP/s, the best of several timings over
    /// about <paramref name="seconds"/> in all: the ceiling against which the products' speed is a fraction.
    /// </summary>
    public double MeasureFmaPeak(double seconds = 0.5) => FmaPeak.Measure(_pool, InstructionSet, seconds);

    public void ForEachWorker(Action<int, int> body)
    {
        _delegated.Body = body;
        try
        {
            _pool.Run(_delegated);
        }
        finally
        {
            _delegated.Body = null;
        }
    }

    public void Dispose()
    {
        _pool.Dispose();
        _space.Dispose();
    }

    private static void CheckProduct(float[] a, long aSize, float[] b, long bSize, float[] c, long cSize)
    {
        Guard.Size(a, aSize, nameof(a));
        Guard.Size(b, bSize, nameof(b));
        Guard.Size(c, cSize, nameof(c));
    }

    private sealed class DelegatedWork : IParallelWork
    {
        public Action<int, int>? Body;

        public void Execute(int worker, int workers) => Body!(worker, workers);
    }
}
