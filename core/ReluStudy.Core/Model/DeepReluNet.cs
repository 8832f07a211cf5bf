using ReluStudy.Core.Numerics;

namespace ReluStudy.Core.Model;

/// <summary>
/// The network of ZCZG-ML §3.2: f(x) = vᵀσ(W_Lᵀ⋯σ(W_1ᵀx)), no biases, W_l ∈ R^{m_{l−1}×m_l}
/// stored row-major, v ∈ {±1}^{m_L} fixed (first half +1, second half −1) and never trained.
/// </summary>
public sealed class DeepReluNet
{
    private DeepReluNet(int inputDim, int[] widths, float[][] weights, float[] output)
    {
        InputDim = inputDim;
        Widths = widths;
        Weights = weights;
        Readout = output;
    }

    /// <summary>d = m_0.</summary>
    public int InputDim { get; }

    /// <summary>m_1..m_L.</summary>
    public IReadOnlyList<int> Widths { get; }

    /// <summary>ZCZG-ML's m of a network with hidden widths m_1..m_L: min_l m_l.</summary>
    public static int WidthOf(IReadOnlyList<int> widths) => widths.Min();

    /// <summary>P = d·m_1 + Σ_{l≥2} m_{l−1}m_l, the trained weights of a network of this shape.</summary>
    public static double ParameterCount(int inputDim, IReadOnlyList<int> widths) =>
        (double)inputDim * widths[0] + widths.Zip(widths.Skip(1)).Sum(p => (double)p.First * p.Second);

    /// <summary>L, the number of trainable hidden layers.</summary>
    public int Depth => Widths.Count;

    /// <summary>W_1..W_L; W_l has FanIn(l) rows and Widths[l] columns.</summary>
    public float[][] Weights { get; }

    /// <summary>v, the fixed ±1 readout (never trained).</summary>
    public float[] Readout { get; }

    /// <summary>m_{l−1} for the zero-based layer index <paramref name="layer"/>.</summary>
    public int FanIn(int layer) => layer == 0 ? InputDim : Widths[layer - 1];

    /// <summary>
    /// He initialisation (ZCZG-ML §3.3): every entry of W_l ~ N(0, 2/m_l), i.i.d., including
    /// layer 1 (2/m_1, not 2/d). Drawn layer by layer, row by row, from the seed's Init stream.
    /// </summary>
    public static DeepReluNet Initialize(int inputDim, IReadOnlyList<int> widths, ulong seed)
    {
        if (inputDim < 1) throw new ArgumentOutOfRangeException(nameof(inputDim), inputDim, "input dimension must be >= 1");
        if (widths.Count < 1) throw new ArgumentException("at least one hidden layer is required", nameof(widths));
        if (widths.Any(w => w < 1)) throw new ArgumentException($"every width must be >= 1; got {string.Join(",", widths)}", nameof(widths));
        if (widths[^1] % 2 != 0) throw new ArgumentException($"the last width must be even (v is half +1, half −1); got {widths[^1]}", nameof(widths));

        var rng = new Rng(seed, Rng.Streams.Init);
        int[] ws = widths.ToArray();
        var weights = new float[ws.Length][];
        for (int l = 0; l < ws.Length; l++)
        {
            int fanIn = l == 0 ? inputDim : ws[l - 1];
            double std = Math.Sqrt(2.0 / ws[l]);
            var w = new float[(long)fanIn * ws[l]];
            for (long i = 0; i < w.LongLength; i++) w[i] = (float)(std * rng.NextNormal());
            weights[l] = w;
        }
        int mL = ws[^1];
        var v = new float[mL];
        for (int j = 0; j < mL; j++) v[j] = j < mL / 2 ? 1f : -1f;
        return new DeepReluNet(inputDim, ws, weights, v);
    }

    /// <summary>A deep copy (used to keep W(0)).</summary>
    public float[][] CloneWeights() => Weights.Select(w => (float[])w.Clone()).ToArray();
}
