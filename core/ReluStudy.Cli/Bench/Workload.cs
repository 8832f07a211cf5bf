using ReluStudy.Core.Data;
using ReluStudy.Core.Numerics;

namespace ReluStudy.Cli.Bench;

/// <summary>One GD iteration of the paper's network at a given size; FLOPs as the issue counts them.</summary>
internal sealed record Workload(string Name, int N, int D, int M, int L)
{
    public static readonly IReadOnlyList<Workload> Standard =
    [
        new("A", 1000, 785, 256, 15),
        new("B", 1000, 785, 1024, 15),
        new("C", 4000, 785, 1024, 15),
    ];

    /// <summary>6·n·(d·m + (L−1)·m²): forward, backward and gradient products, 2 FLOPs per multiply-add.</summary>
    public double Flops => 6.0 * N * ((double)D * M + (L - 1.0) * M * M);

    /// <summary>n Gaussian points scaled to the unit sphere (as Assumption 4.1 leaves them), labels alternating.</summary>
    public Dataset SyntheticData()
    {
        var rng = new Rng(0xBE4C);
        var x = new float[(long)N * D];
        var y = new float[N];
        for (int i = 0; i < N; i++)
        {
            Span<float> row = x.AsSpan(i * D, D);
            double squares = 0;
            for (int j = 0; j < D; j++)
            {
                double z = rng.NextNormal();
                row[j] = (float)z;
                squares += z * z;
            }
            float scale = (float)(1 / Math.Sqrt(squares));
            for (int j = 0; j < D; j++) row[j] *= scale;
            y[i] = i % 2 == 0 ? 1f : -1f;
        }
        return new Dataset(x, y, D);
    }
}
