using BenchmarkDotNet.Attributes;
using ReluStudy.Core.LinearAlgebra;
using ReluStudy.Core.LinearAlgebra.Simd;

namespace ReluStudy.Benchmarks;

/// <summary>
/// The three fused layer products of one GD iteration at the widths, per instruction set,
/// with 2 worker threads (this machine's cores). FLOPs per call: 2·n·m·m.
/// </summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    private const int Rows = 1000;
    private SimdKernels _kernels = null!;
    private float[] _x = [], _w = [], _h = [], _delta = [], _result = [];

    [Params(256, 1024)]
    public int Width { get; set; }

    [ParamsSource(nameof(Levels))]
    public InstructionSet Level { get; set; }

    public static IEnumerable<InstructionSet> Levels => InstructionSets.Available.Where(l => l >= InstructionSet.Vector256);

    [GlobalSetup]
    public void Setup()
    {
        _kernels = new SimdKernels(Environment.ProcessorCount, Level);
        var rng = new Random(1);
        float[] Draw(int count) => Enumerable.Range(0, count).Select(_ => (float)rng.NextDouble() - 0.3f).ToArray();
        _x = Draw(Rows * Width);
        _w = Draw(Width * Width);
        _h = new float[Rows * Width];
        _delta = Draw(Rows * Width);
        _result = new float[Rows * Width];
    }

    [GlobalCleanup]
    public void Cleanup() => _kernels.Dispose();

    [Benchmark(Description = "X·W then ReLU (NN)")]
    public void Forward() => _kernels.ForwardLayer(_x, _w, _h, Rows, Width, Width);

    [Benchmark(Description = "(δ·Wᵀ) ⊙ mask (NT)")]
    public void Backward() => _kernels.BackwardLayer(_delta, _w, _x, _result, Rows, Width, Width);

    [Benchmark(Description = "W −= η·Xᵀδ, ‖G‖² (TN)")]
    public double Descend() => _kernels.DescendLayer(_x, _delta, _w, Rows, Width, Width, 0f, apply: false);
}
