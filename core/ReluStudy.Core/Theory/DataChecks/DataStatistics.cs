using System.Diagnostics;
using ReluStudy.Core.Data;
using ReluStudy.Core.Numerics;
using ReluStudy.Core.Results;
using ReluStudy.Core.TangentKernel;

namespace ReluStudy.Core.Theory.DataChecks;

/// <summary>
/// What a user checks before trusting a bound: ZCZG-ML's Assumptions 4.1 (‖x‖ = 1, x_d = μ) and
/// 4.2 (different-label points at least φ apart), Du et al.'s (DZPS) no-two-parallel-inputs condition and
/// λ0 = λ_min(H∞) with H∞_ij = x_iᵀx_j·(π − θ_ij)/(2π), θ_ij the angle between x_i and x_j.
/// </summary>
public static class DataStatistics
{
    /// <summary>The check of the training set <paramref name="data"/> of the data set <paramref name="d"/> (with its checksum in a study's data folder).</summary>
    public static DataCheckRecord Compute(Dataset data, DataDescription d, int threads = 1, string? dataChecksum = null)
    {
        if (data.Count < 2) throw new ArgumentException($"need at least 2 examples; got {data.Count}", nameof(data));
        if (!data.Labels.Contains(1f) || !data.Labels.Contains(-1f)) throw new ArgumentException("need examples of both classes", nameof(data));
        var clock = Stopwatch.StartNew();
        int n = data.Count, dim = data.Dimension;
        double[] g = InputGram.Compute(data, threads);
        var norms = new double[n];
        for (int i = 0; i < n; i++) norms[i] = Math.Sqrt(g[(long)i * n + i]);

        double? mu = d.Mu;
        double? lastDeviation = mu is double m ? Enumerable.Range(0, n).Max(i => Math.Abs(data.Row(i)[dim - 1] - m)) : null;
        const double storage = 1e-6;
        bool holds = norms.All(v => Math.Abs(v - 1) <= storage) && (lastDeviation is null || lastDeviation <= storage);

        (double phi, PairOfExamples phiPair, int duplicates, double[] nearest) = Separation(data, g);
        ParallelPair parallel = MostParallelPair(g, n);

        TangentKernelLimit.FromGramInPlace(g, n, [1], threads);
        Lanczos.Extremes e = Lanczos.OfDense(g, n, threads);
        // H∞ is positive definite when λ0's whole error interval lies above the rounding level of its entries, n·u·λ_max
        // (u = 2⁻⁵³): below that, float64 cannot tell λ0 from 0 (two identical inputs, say).
        bool definite = e.Min - e.MinResidual > n * Math.ScaleB(1, -53) * e.Max;
        return new DataCheckRecord
        {
            Dataset = d.Dataset, Classes = [d.ClassA, d.ClassB], N = n, D = data.Dimension, Mu = mu, MinNorm = norms.Min(), MaxNorm = norms.Max(),
            MaxLastCoordinateDeviation = lastDeviation, Assumption41Holds = holds, Phi = phi, PhiPair = phiPair, CrossClassDuplicates = duplicates,
            Assumption42Holds = phi > 0, NearestOtherClass = Spread.Of(nearest), MostParallel = parallel,
            Lambda0 = e.Min, Lambda0ErrorBound = e.MinResidual, LambdaMax = e.Max, LambdaMaxErrorBound = e.MaxResidual,
            Condition = definite ? e.Max / e.Min : null, HInfinityPositiveDefinite = definite,
            Eigensolver = $"Lanczos, full reorthogonalisation, float64, {e.Steps} steps", Seconds = clock.Elapsed.TotalSeconds, DataChecksum = dataChecksum,
        };
    }

    /// <summary>
    /// Each point's nearest other-class distance from the Gram matrix (‖x_i‖² + ‖x_j‖² − 2x_iᵀx_j), then
    /// every pair within rounding of the minimum recomputed directly, so φ and its pair are exact.
    /// </summary>
    private static (double Phi, PairOfExamples Pair, int Duplicates, double[] Nearest) Separation(Dataset data, double[] g)
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
        PairOfExamples? pair = null;
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
                    pair = new PairOfExamples(i, j);
                }
            }
        }
        double[] nearest = nearestSquared.Select(v => Math.Sqrt(Math.Max(v, 0))).ToArray();
        return (Math.Sqrt(phiSquared), pair!, duplicates, nearest);
    }

    /// <summary>The pair maximising |cos θ_ij|; its angle (degrees) between the lines through the two inputs.</summary>
    private static ParallelPair MostParallelPair(double[] g, int n)
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
        return new ParallelPair(best.I, best.J, Math.Acos(Math.Min(1, bestCos)) * 180 / Math.PI);
    }

}
