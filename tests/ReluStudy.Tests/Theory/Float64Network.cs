using ReluStudy.Core.Model;

namespace ReluStudy.Tests.Theory;

/// <summary>
/// An independent float64 copy of the deep network for the tangent-kernel tests: plain loops, forward, each example's
/// gradient ∂f/∂W by explicit backprop, and GD on the mean margin loss. Weights W_l are fanIn × m_l row-major.
/// </summary>
internal sealed class Float64Network
{
    public Float64Network(DeepReluNet net)
    {
        Widths = net.Widths.ToArray();
        InputDim = net.InputDim;
        W = net.Weights.Select(w => w.Select(v => (double)v).ToArray()).ToArray();
        V = net.Readout.Select(v => (double)v).ToArray();
    }

    public int[] Widths { get; }
    public int InputDim { get; }
    public double[][] W { get; }
    public double[] V { get; }

    private int FanIn(int l) => l == 0 ? InputDim : Widths[l - 1];

    /// <summary>f(x) and the hidden outputs x_0..x_L.</summary>
    public (double F, double[][] Layers) Forward(ReadOnlySpan<float> x)
    {
        var layers = new double[Widths.Length + 1][];
        layers[0] = x.ToArray().Select(v => (double)v).ToArray();
        for (int l = 0; l < Widths.Length; l++)
        {
            int m = Widths[l], fanIn = FanIn(l);
            var next = new double[m];
            for (int j = 0; j < m; j++)
            {
                double s = 0;
                for (int r = 0; r < fanIn; r++) s += W[l][r * m + j] * layers[l][r];
                next[j] = Math.Max(s, 0);
            }
            layers[l + 1] = next;
        }
        double f = 0;
        for (int j = 0; j < V.Length; j++) f += V[j] * layers[^1][j];
        return (f, layers);
    }

    /// <summary>∂f(x)/∂W_l for every layer (same shapes as W): x_{l−1} δ_lᵀ with δ_L = v ⊙ 1{h_L &gt; 0}, δ_l = 1{h_l &gt; 0} ⊙ W_{l+1} δ_{l+1}.</summary>
    public double[][] Gradient(ReadOnlySpan<float> x)
    {
        (_, double[][] layers) = Forward(x);
        int depth = Widths.Length;
        var gradient = new double[depth][];
        double[] delta = V.Select((v, j) => layers[depth][j] > 0 ? v : 0).ToArray();
        for (int l = depth - 1; l >= 0; l--)
        {
            int m = Widths[l], fanIn = FanIn(l);
            var g = new double[fanIn * m];
            for (int r = 0; r < fanIn; r++)
                for (int j = 0; j < m; j++) g[r * m + j] = layers[l][r] * delta[j];
            gradient[l] = g;
            if (l == 0) break;
            var below = new double[fanIn];
            for (int r = 0; r < fanIn; r++)
            {
                double s = 0;
                for (int j = 0; j < m; j++) s += W[l][r * m + j] * delta[j];
                below[r] = layers[l][r] > 0 ? s : 0;
            }
            delta = below;
        }
        return gradient;
    }

    /// <summary>One GD step on (1/n)Σℓ(y_i f(x_i)): W ← W − (η/n)Σ_i ℓ′(y_i f_i) y_i ∂f_i/∂W.</summary>
    public void Step(float[] x, float[] y, LossKind loss, double eta)
    {
        int n = y.Length;
        var update = W.Select(w => new double[w.Length]).ToArray();
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> row = x.AsSpan(i * InputDim, InputDim);
            double coefficient = MarginLoss.Derivative(loss, y[i] * Forward(row).F) * y[i];
            double[][] g = Gradient(row);
            for (int l = 0; l < W.Length; l++)
                for (int t = 0; t < g[l].Length; t++) update[l][t] += coefficient * g[l][t];
        }
        for (int l = 0; l < W.Length; l++)
            for (int t = 0; t < W[l].Length; t++) W[l][t] -= eta / n * update[l][t];
    }

    public double[] Outputs(float[] x, int n) => Enumerable.Range(0, n).Select(i => Forward(x.AsSpan(i * InputDim, InputDim)).F).ToArray();
}
