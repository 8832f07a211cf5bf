using ReluStudy.Core.LinearAlgebra;
using ReluStudy.Core.LinearAlgebra.Gemm;
using ReluStudy.Core.LinearAlgebra.Simd;

namespace ReluStudy.Tests.LinearAlgebra;

/// <summary>
/// The three product shapes at every instruction set this machine runs, at every tile remainder:
/// bit for bit against the scalar multiply-add chain, and within the float32 error bound of float64.
/// </summary>
public class GemmTests
{
    public static TheoryData<InstructionSet> Levels => new(InstructionSets.Available);

    public enum Shape { NN, TN, NT }

    [Theory]
    [MemberData(nameof(Levels))]
    public void EveryRowAndColumnRemainderMatchesTheChain(InstructionSet level)
    {
        using var kernels = new SimdKernels(2, level);
        for (int m = 1; m <= 70; m++)
            for (int n = 1; n <= 70; n++)
                foreach (Shape shape in Enum.GetValues<Shape>())
                    AssertChain(kernels, shape, m, n, k: 3, seed: m * 71 + n);
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void EveryReductionLengthMatchesTheChain(InstructionSet level)
    {
        using var kernels = new SimdKernels(2, level);
        for (int k = 0; k <= 70; k++)
            foreach (Shape shape in Enum.GetValues<Shape>())
                AssertChain(kernels, shape, m: 13, n: 37, k, seed: k);
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void BlockBoundariesMatchTheChain(InstructionSet level)
    {
        // Around the reduction block, where partial sums go through C, and the row block.
        GemmBlocking blocking = GemmBlocking.For(level);
        using var kernels = new SimdKernels(3, level);
        AssertBlockBoundaries(kernels, blocking, [(1, 1), (blocking.RowBlock + 1, 33), (blocking.RowBlock, 65), (2 * blocking.RowBlock + 8, 16)]);
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void BothTileOrdersAndShortenedReductionBlocksMatchTheChain(InstructionSet level)
    {
        // Packed B capped at 300 steps of 48 columns: kc is cut from 1024 to 300 at n = 48 and to 306 at n = 47.
        foreach (bool sweeps in new[] { true, false })
        {
            var blocking = new GemmBlocking(ReductionBlock: 1024, RowBlock: 24, RowSweeps: sweeps, PackedBLimit: sizeof(float) * 300 * 48);
            using var kernels = new SimdKernels(3, level, blocking);
            AssertBlockBoundaries(kernels, blocking, [(25, 48), (7, 47), (49, 40)]);
        }
    }

    /// <summary>k around the product's reduction block, where partial sums go through C, for each (m, n).</summary>
    private static void AssertBlockBoundaries(SimdKernels kernels, GemmBlocking blocking, (int M, int N)[] sizes)
    {
        foreach ((int m, int n) in sizes)
        {
            // The NT shape's product is n wide too (C is m × n in every shape), so one kc serves all three.
            int kc = blocking.ReductionSteps(n);
            foreach (int k in new[] { kc - 1, kc, kc + 1, 2 * kc + 88 })
                foreach (Shape shape in Enum.GetValues<Shape>())
                    AssertChain(kernels, shape, m, n, k, seed: k + m + n);
        }
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void LargeProductsAreWithinTheFloat32BoundOfFloat64(InstructionSet level)
    {
        using var kernels = new SimdKernels(2, level);
        const int m = 203, n = 301, k = 517;
        foreach (Shape shape in Enum.GetValues<Shape>())
        {
            (float[] a, float[] b, Func<int, int, float> at, Func<int, int, float> bt) = Operands(shape, m, n, k, seed: 5);
            float[] c = Multiply(kernels, shape, a, b, m, n, k);
            (double[] value, double[] bound) = Reference.Float64(at, bt, m, n, k);
            for (int t = 0; t < c.Length; t++)
                Assert.True(Math.Abs(c[t] - value[t]) <= bound[t],
                    $"{shape} {level} element {t}: {c[t]} vs {value[t]} (bound {bound[t]:E2})");
        }
    }

    [Fact]
    public void ResultsDoNotDependOnTheThreadCount()
    {
        const int m = 301, n = 77, k = 300;
        foreach (Shape shape in Enum.GetValues<Shape>())
        {
            (float[] a, float[] b, _, _) = Operands(shape, m, n, k, seed: 9);
            float[][] results = [.. new[] { 1, 2, 3, 5 }.Select(threads =>
            {
                using var kernels = new SimdKernels(threads);
                return Multiply(kernels, shape, a, b, m, n, k);
            })];
            foreach (float[] r in results[1..]) Assert.Equal(results[0], r);
        }
    }

    private static void AssertChain(SimdKernels kernels, Shape shape, int m, int n, int k, int seed)
    {
        (float[] a, float[] b, Func<int, int, float> at, Func<int, int, float> bt) = Operands(shape, m, n, k, seed);
        float[] c = Multiply(kernels, shape, a, b, m, n, k);
        float[] expected = Reference.Chain(at, bt, m, n, k, Reference.IsFused(kernels.InstructionSet));
        for (int t = 0; t < expected.Length; t++)
            if (BitConverter.SingleToInt32Bits(c[t]) != BitConverter.SingleToInt32Bits(expected[t]))
                Assert.Fail($"{shape} {kernels.InstructionSet} m={m} n={n} k={k}: element ({t / n},{t % n}) is {c[t]:R}, chain gives {expected[t]:R}");
    }

    /// <summary>Stored operands for the shape and accessors for the logical A[m×k], B[k×n].</summary>
    internal static (float[] A, float[] B, Func<int, int, float> At, Func<int, int, float> Bt) Operands(Shape shape, int m, int n, int k, int seed)
    {
        float[] a = Reference.Random(m * k, seed);
        float[] b = Reference.Random(k * n, seed + 1000);
        return shape switch
        {
            Shape.NN => (a, b, (i, p) => a[i * k + p], (p, j) => b[p * n + j]),
            Shape.TN => (a, b, (i, p) => a[p * m + i], (p, j) => b[p * n + j]),   // a stored k×m
            _ => (a, b, (i, p) => a[i * k + p], (p, j) => b[j * k + p]),          // b stored n×k
        };
    }

    internal static float[] Multiply(SimdKernels kernels, Shape shape, float[] a, float[] b, int m, int n, int k)
    {
        // Poison the output so a skipped element cannot pass.
        float[] c = Enumerable.Repeat(float.NaN, m * n).ToArray();
        switch (shape)
        {
            case Shape.NN: kernels.MultiplyNN(a, b, c, m, k, n); break;
            case Shape.TN: kernels.MultiplyTN(a, b, c, k, m, n); break;
            default: kernels.MultiplyNT(a, b, c, m, k, n); break;
        }
        return c;
    }
}
