using ReluStudy.Core.LinearAlgebra;
using ReluStudy.Core.LinearAlgebra.Simd;
using ReluStudy.Core.Model;
using static ReluStudy.Tests.LinearAlgebra.GemmTests;

namespace ReluStudy.Tests.LinearAlgebra;

/// <summary>The layer operations equal their plain product followed by the elementwise step, bit for bit.</summary>
public class FusedLayerTests
{
    public static TheoryData<InstructionSet> Levels => new(InstructionSets.Available);

    // Odd sizes: partial tiles in both directions; rows beyond one reduction block for the gradient.
    private const int Rows = 301, FanIn = 45, Width = 70;

    [Theory]
    [MemberData(nameof(Levels))]
    public void ForwardIsReluOfTheProduct(InstructionSet level)
    {
        using var kernels = new SimdKernels(2, level);
        float[] x = Reference.Random(Rows * FanIn, 1), w = Reference.Random(FanIn * Width, 2);
        var fused = new float[Rows * Width];
        kernels.ForwardLayer(x, w, fused, Rows, FanIn, Width);
        float[] plain = Multiply(kernels, Shape.NN, x, w, Rows, Width, FanIn);
        Assert.Equal(plain.Select(v => v > 0 ? v : 0f), fused);
        Assert.Contains(fused, v => v == 0f);
        Assert.Contains(fused, v => v > 0f);
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void BackwardIsTheMaskedProduct(InstructionSet level)
    {
        using var kernels = new SimdKernels(2, level);
        float[] delta = Reference.Random(Rows * Width, 3), w = Reference.Random(FanIn * Width, 4);
        float[] below = Reference.Random(Rows * FanIn, 5).Select(v => Math.Max(v, 0f)).ToArray();
        var fused = new float[Rows * FanIn];
        kernels.BackwardLayer(delta, w, below, fused, Rows, Width, FanIn);
        float[] plain = Multiply(kernels, Shape.NT, delta, w, Rows, FanIn, Width);
        Assert.Equal(plain.Select((v, t) => below[t] > 0 ? v : 0f), fused);
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void DescendSubtractsTheGradientAndReturnsItsSquaredNorm(InstructionSet level)
    {
        using var kernels = new SimdKernels(2, level);
        const float eta = 0.375f;
        foreach (int rows in new[] { 7, Rows }) // one reduction block (no partial sums) and several
        {
            float[] below = Reference.Random(rows * FanIn, 6), delta = Reference.Random(rows * Width, 7);
            float[] w = Reference.Random(FanIn * Width, 8);
            float[] before = (float[])w.Clone();
            float[] g = Multiply(kernels, Shape.TN, below, delta, FanIn, Width, rows);

            double squares = kernels.DescendLayer(below, delta, w, rows, FanIn, Width, eta, apply: true);

            bool fused = Reference.IsFused(level);
            Assert.Equal(before.Select((v, t) => fused ? MathF.FusedMultiplyAdd(-eta, g[t], v) : -eta * g[t] + v), w);
            double exact = g.Sum(v => (double)v * v);
            Assert.Equal(exact, squares, 1e-6 * exact);

            Assert.Equal(squares, kernels.DescendLayer(below, delta, w, rows, FanIn, Width, eta, apply: false));
            Assert.Equal(before.Select((v, t) => fused ? MathF.FusedMultiplyAdd(-eta, g[t], v) : -eta * g[t] + v), w);
        }
    }

    [Fact]
    public void AnIterationAllocatesNothingOnceWarm()
    {
        const int n = 300, d = 40;
        using var kernels = new SimdKernels(2);
        DeepReluNet net = DeepReluNet.Initialize(d, [64, 33, 50], seed: 1);
        var pass = new Backprop(net, kernels, n);
        float[] x = Reference.Random(n * d, 1);
        float[] y = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? 1f : -1f).ToArray();
        var squares = new double[net.Depth];
        void Iterate()
        {
            pass.Forward(x, n);
            pass.Evaluate(y, LossKind.CrossEntropy, 1.0 / n);
            pass.Backward(x, n, 0.01f, apply: true, squares);
        }

        Iterate();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 3; i++) Iterate();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void TheDispatchHonoursTheRuntimeSwitches()
    {
        // CI runs the suite under each switch; this is what makes those runs exercise the narrower paths.
        static bool Off(string name) => Environment.GetEnvironmentVariable(name) == "0";
        if (Off("DOTNET_EnableHWIntrinsic")) Assert.Equal(InstructionSet.Scalar, InstructionSets.Best);
        else if (Off("DOTNET_EnableAVX2")) Assert.Equal(InstructionSet.Vector128, InstructionSets.Best);
        else if (Off("DOTNET_EnableAVX512")) Assert.True(InstructionSets.Best <= InstructionSet.Vector256);
        Assert.Equal(InstructionSets.Best, InstructionSets.Available[^1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimdKernels(1, InstructionSets.Best + 1));
    }
}
