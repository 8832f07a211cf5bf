namespace ReluStudy.Core.Theory;

/// <summary>
/// DZPS's Gram matrices of the two-layer ReLU network. H∞_ij = E_{w~N(0,I)}[x_iᵀx_j·1{wᵀx_i ≥ 0, wᵀx_j ≥ 0}]
/// = x_iᵀx_j·(π − θ_ij)/(2π): both half-spaces contain w with probability (π − θ_ij)/(2π), θ_ij being
/// the angle between x_i and x_j (theory.md §5; the cosine is clipped to [−1, 1] before arccos).
/// </summary>
public static class NeuralTangentGram
{
    /// <summary>Turns a Gram matrix G = XXᵀ (n × n, row-major) into H∞ in place.</summary>
    public static void InfiniteWidthInPlace(double[] g, int n)
    {
        var diagonal = new double[n];
        for (int i = 0; i < n; i++) diagonal[i] = g[(long)i * n + i];
        Parallel.For(0, n, i =>
        {
            for (int j = 0; j < n; j++)
            {
                long t = (long)i * n + j;
                double denominator = Math.Sqrt(diagonal[i] * diagonal[j]);
                double cos = denominator > 0 ? Math.Clamp(g[t] / denominator, -1, 1) : 1;
                g[t] = g[t] * (Math.PI - Math.Acos(cos)) / (2 * Math.PI);
            }
        });
    }
}
