using System.Diagnostics;
using ReluStudy.Core.Data;
using ReluStudy.Core.Numerics;
using ReluStudy.Core.Results;
using ReluStudy.Core.TangentKernel;

namespace ReluStudy.Core.Theory.DataChecks;

/// <summary>A pair of training examples (row indices) and a value attached to it.</summary>
public sealed record IndexPair(int I, int J, double Value);

/// <summary>
/// What a user checks before trusting a bound: ZCZG-ML's Assumptions 4.1 (‖x‖ = 1, x_d = μ) and
/// 4.2 (different-label points at least φ apart), Du et al.'s (DZPS) no-two-parallel-inputs condition and
/// λ0 = λ_min(H∞) with H∞_ij = x_iᵀx_j·(π − θ_ij)/(2π), θ_ij the angle between x_i and x_j.
/// </summary>
public sealed record DataStatistics
{
    public required int N { get; init; }
    public required int D { get; init; }
    /// <summary>The μ the preprocessing used, if any.</summary>
    public double? Mu { get; init; }
    public required double MinNorm { get; init; }
    public required double MaxNorm { get; init; }
    /// <summary>max_i |x_{i,d} − μ| (null without μ).</summary>
    public double? MaxLastCoordinateDeviation { get; init; }
    /// <summary>Assumption 4.1 within float32 storage (1e-6): unit norms and, with μ, x_d = μ.</summary>
    public required bool Assumption41Holds { get; init; }
    /// <summary>φ = min over y_i ≠ y_j of ‖x_i − x_j‖, recomputed exactly for the attaining pair.</summary>
    public required double Phi { get; init; }
    public required IndexPair PhiPair { get; init; }
    /// <summary>Different-label pairs with identical inputs (a violation of Assumption 4.2: φ = 0).</summary>
    public required int CrossClassDuplicates { get; init; }
    /// <summary>Distribution over points of the distance to the nearest point of the other class.</summary>
    public required Spread NearestOtherClass { get; init; }
    /// <summary>The pair with the smallest angle between the lines through x_i and x_j, in degrees.</summary>
    public required IndexPair MostParallel { get; init; }
    public required double Lambda0 { get; init; }
    /// <summary>λ0 lies in [Lambda0 − Lambda0Residual, Lambda0] (Lanczos Ritz value and residual).</summary>
    public required double Lambda0Residual { get; init; }
    public required double LambdaMax { get; init; }
    public required double LambdaMaxResidual { get; init; }
    public required int LanczosSteps { get; init; }
    /// <summary>λ_max/λ0, or +∞ when H∞ is not positive definite.</summary>
    public double Condition => PositiveDefinite ? LambdaMax / Lambda0 : double.PositiveInfinity;
    /// <summary>
    /// H∞ is positive definite when λ0's whole error interval lies above the rounding level of H∞'s entries,
    /// n·u·λ_max (u = 2⁻⁵³): below that, float64 cannot tell λ0 from 0 (e.g. two identical inputs).
    /// </summary>
    public bool PositiveDefinite => Lambda0 - Lambda0Residual > N * Math.ScaleB(1, -53) * LambdaMax;
    public required double Seconds { get; init; }

    /// <summary>The check as its file records it, for the data set <paramref name="d"/> (with its checksum in a study's data folder).</summary>
    public DataCheckRecord ToRecord(DataDescription d, string? dataChecksum = null) => new()
    {
        Dataset = d.Dataset, Classes = [d.ClassA, d.ClassB], N = N, D = D, Mu = Mu, MinNorm = MinNorm, MaxNorm = MaxNorm,
        MaxLastCoordinateDeviation = MaxLastCoordinateDeviation, Assumption41Holds = Assumption41Holds, Phi = Phi,
        PhiPair = new PairOfExamples(PhiPair.I, PhiPair.J), CrossClassDuplicates = CrossClassDuplicates, Assumption42Holds = Phi > 0,
        NearestOtherClass = NearestOtherClass, MostParallel = new ParallelPair(MostParallel.I, MostParallel.J, MostParallel.Value),
        Lambda0 = Lambda0, Lambda0ErrorBound = Lambda0Residual, LambdaMax = LambdaMax, LambdaMaxErrorBound = LambdaMaxResidual,
        Condition = double.IsFinite(Condition) ? Condition : null, HInfinityPositiveDefinite = PositiveDefinite,
        Eigensolver = $"Lanczos, full reorthogonalisation, float64, {LanczosSteps} steps", Seconds = Seconds, DataChecksum = dataChecksum,
    };

    public static DataStatistics Compute(Dataset data, double? mu, int threads = 1)
    {
        if (data.Count < 2) throw new ArgumentException($"need at least 2 examples; got {data.Count}", nameof(data));
        if (!data.Labels.Contains(1f) || !data.Labels.Contains(-1f)) throw new ArgumentException("need examples of both classes", nameof(data));
        var clock = Stopwatch.StartNew();
        int n = data.Count, d = data.Dimension;
        double[] g = InputGram.Compute(data, threads);
        var norms = new double[n];
        for (int i = 0; i < n; i++) norms[i] = Math.Sqrt(g[(long)i * n + i]);

        double? lastDeviation = mu is double m ? Enumerable.Range(0, n).Max(i => Math.Abs(data.Row(i)[d - 1] - m)) : null;
        const double storage = 1e-6;
        bool holds = norms.All(v => Math.Abs(v - 1) <= storage) && (lastDeviation is null || lastDeviation <= storage);

        (double phi, IndexPair phiPair, int duplicates, double[] nearest) = Separation(data, g);
        IndexPair parallel = MostParallelPair(g, n);

        TangentKernelLimit.FromGramInPlace(g, n, [1], threads);
        Lanczos.Extremes e = Lanczos.OfDense(g, n, threads);
        return new DataStatistics
        {
            N = n, D = d, Mu = mu, MinNorm = norms.Min(), MaxNorm = norms.Max(), MaxLastCoordinateDeviation = lastDeviation,
            Assumption41Holds = holds, Phi = phi, PhiPair = phiPair, CrossClassDuplicates = duplicates,
            NearestOtherClass = Spread.Of(nearest), MostParallel = parallel,
            Lambda0 = e.Min, Lambda0Residual = e.MinResidual, LambdaMax = e.Max, LambdaMaxResidual = e.MaxResidual,
            LanczosSteps = e.Steps, Seconds = clock.Elapsed.TotalSeconds,
        };
    }

    /// <summary>
    /// Each point's nearest other-class distance from the Gram matrix (‖x_i‖² + ‖x_j‖² − 2x_iᵀx_j), then
    /// every pair within rounding of the minimum recomputed directly, so φ and its pair are exact.
    /// </summary>
    private static (double Phi, IndexPair Pair, int Duplicates, double[] Nearest) Separation(Dataset data, double[] g)
    {
        int n = data.Count;
        float[] y = data.Labels;
        var nearestSquared = new double[n];
        double maxSquaredNorm = 0;
        for (int i = 0; i < n; i++) maxSquaredNorm = Math.Max(maxSquaredNorm, g[(long)i * n + i]);
        for (int i = 0; i < n; i++)
        {
            double best = double.PositiveInfinity, gii = g[(long)i * n + i];
            for (int j = 0; j < n; j++)
            {
                if (y[j] == y[i]) continue;
                double d2 = gii + g[(long)j * n + j] - 2 * g[(long)i * n + j];
                if (d2 < best) best = d2;
            }
            nearestSquared[i] = best;
        }

        // Cancellation in the Gram form costs at most a few ulps of ‖x‖²; re-check every pair that close to the minimum.
        double margin = 64 * double.Epsilon + 1e-12 * maxSquaredNorm;
        double threshold = nearestSquared.Min() + margin;
        double phiSquared = double.PositiveInfinity;
        IndexPair? pair = null;
        int duplicates = 0;
        for (int i = 0; i < n; i++)
        {
            if (y[i] != 1f || nearestSquared[i] > threshold) continue;
            for (int j = 0; j < n; j++)
            {
                if (y[j] == y[i]) continue;
                double approx = g[(long)i * n + i] + g[(long)j * n + j] - 2 * g[(long)i * n + j];
                if (approx > threshold) continue;
                double exact = InputGram.SquaredDistance(data, i, j);
                if (exact == 0) duplicates++;
                if (exact < phiSquared || (exact == phiSquared && pair is not null && (i, j).CompareTo((pair.I, pair.J)) < 0))
                {
                    phiSquared = exact;
                    pair = new IndexPair(i, j, Math.Sqrt(exact));
                }
            }
        }
        double[] nearest = nearestSquared.Select(v => Math.Sqrt(Math.Max(v, 0))).ToArray();
        return (Math.Sqrt(phiSquared), pair!, duplicates, nearest);
    }

    /// <summary>The pair maximising |cos θ_ij|; its angle (degrees) between the lines through the two inputs.</summary>
    private static IndexPair MostParallelPair(double[] g, int n)
    {
        double bestCos = -1;
        (int I, int J) best = (0, 1);
        for (int i = 0; i < n; i++)
        {
            double gii = g[(long)i * n + i];
            for (int j = i + 1; j < n; j++)
            {
                double denominator = Math.Sqrt(gii * g[(long)j * n + j]);
                double c = denominator > 0 ? Math.Abs(g[(long)i * n + j]) / denominator : 1;
                if (c > bestCos)
                {
                    bestCos = c;
                    best = (i, j);
                }
            }
        }
        return new IndexPair(best.I, best.J, Math.Acos(Math.Min(1, bestCos)) * 180 / Math.PI);
    }

}
