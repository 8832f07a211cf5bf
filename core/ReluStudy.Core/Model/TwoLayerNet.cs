using ReluStudy.Core.Numerics;

namespace ReluStudy.Core.Model;

/// <summary>
/// DZPS's two-layer network (docs/theory.md, section 1): f(W, a, x) = (1/√m) Σ_r a_r σ(w_rᵀx), w_r(0) ~ N(0, I_d)
/// i.i.d., a_r ~ unif{−1, +1}. W is stored row by row (row r = w_r, m × d); a is fixed unless the output
/// layer is trained too.
/// </summary>
public sealed class TwoLayerNet
{
    private TwoLayerNet(int inputDim, int width, float[] weights, float[] output)
    {
        InputDim = inputDim;
        Width = width;
        Weights = weights;
        Readout = output;
    }

    public int InputDim { get; }
    public int Width { get; }
    public float[] Weights { get; }
    public float[] Readout { get; }

    /// <summary>W from the seed's Init stream, row by row, then a (one bit per neuron) from the same stream.</summary>
    public static TwoLayerNet Initialize(int inputDim, int width, ulong seed)
    {
        if (inputDim < 1) throw new ArgumentOutOfRangeException(nameof(inputDim), inputDim, "input dimension must be >= 1");
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "width must be >= 1");
        var rng = new Rng(seed, Rng.Streams.Init);
        var w = new float[(long)width * inputDim];
        for (long i = 0; i < w.LongLength; i++) w[i] = (float)rng.NextNormal();
        var a = new float[width];
        for (int r = 0; r < width; r++) a[r] = (rng.NextUInt64() & 1) == 0 ? 1f : -1f;
        return new TwoLayerNet(inputDim, width, w, a);
    }
}
