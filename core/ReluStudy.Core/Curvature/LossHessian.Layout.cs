using System.Numerics.Tensors;
using ReluStudy.Core.LinearAlgebra;
using ReluStudy.Core.Model;

namespace ReluStudy.Core.Curvature;

/// <summary>The products' plumbing: the readout's spread over the last layer, widening, and tiled transposes of W_l and V_l.</summary>
public sealed partial class LossHessian
{
    /// <summary>δ = (c vᵀ) ⊙ M_L in float32 from the float64 per-row coefficients c.</summary>
    private void SpreadOverReadout(double[] coefficients, float[] delta)
    {
        float[] v = _net.Readout, last = _x[^1];
        int mL = v.Length;
        for (int i = 0; i < N; i++)
        {
            double c = coefficients[i];
            int row = i * mL;
            for (int j = 0; j < mL; j++) delta[row + j] = last[row + j] > 0f ? (float)(c * v[j]) : 0f;
        }
    }

    /// <summary>vᵀx in float64.</summary>
    private static double Readout(ReadOnlySpan<float> x, float[] v)
    {
        double f = 0;
        for (int j = 0; j < x.Length; j++) f += (double)v[j] * x[j];
        return f;
    }

    private static void Widen(ReadOnlySpan<float> source, Span<double> destination) => TensorPrimitives.ConvertTruncating(source, destination);

    // Transposes walk 16 × 16 tiles: 16 destination rows of 64 bytes each stay in L1 while the source is read down columns.
    private const int Tile = 16;

    /// <summary>destination (columns × rows) = sourceᵀ, source rows × columns.</summary>
    private static unsafe void Transpose(float[] source, float[] destination, int rows, int columns)
    {
        fixed (float* s = source, d = destination)
            for (int r0 = 0; r0 < rows; r0 += Tile)
            {
                int r1 = Math.Min(r0 + Tile, rows);
                for (int c = 0; c < columns; c++)
                {
                    float* to = d + (nint)c * rows;
                    float* from = s + c;
                    for (int r = r0; r < r1; r++) to[r] = from[(nint)r * columns];
                }
            }
    }

    /// <summary>The float32 transpose of a float64 block (rounded to nearest).</summary>
    private static unsafe void Transpose(ReadOnlySpan<double> source, float[] destination, int rows, int columns)
    {
        fixed (double* s = source)
        fixed (float* d = destination)
            for (int r0 = 0; r0 < rows; r0 += Tile)
            {
                int r1 = Math.Min(r0 + Tile, rows);
                for (int c0 = 0; c0 < columns; c0 += Tile)
                {
                    int c1 = Math.Min(c0 + Tile, columns);
                    for (int c = c0; c < c1; c++)
                    {
                        float* to = d + (nint)c * rows;
                        double* from = s + c;
                        for (int r = r0; r < r1; r++) to[r] = (float)from[(nint)r * columns];
                    }
                }
            }
    }
}
