using ReluStudy.Core.Results;
using ReluStudy.Core.Statistics;
using static ReluStudy.Core.Results.MetricColumns;

namespace ReluStudy.Core.Theory.Fits;

/// <summary>
/// A hinge loss's linear phase (P12): over the logged rows from the first with L_S ≤ L_S(0)/2 (past the first transient)
/// to the fixed target (or the last row), ln L_S = a − r·k by least squares, with R² and a curvature test: the t test of c
/// in ln L_S = a + b·k + c·k² (k centred and scaled), whose small p-value says the phase is not linear.
/// </summary>
public sealed record LinearPhase(int Start, int End, int Rows, double Rate, double RSquared, double CurvaturePValue)
{
    /// <summary>Linear convergence is what P12's derivation gives; a phase with p below this is called curved.</summary>
    public const double CurvatureLevel = 0.05;

    public bool IsLinear => !(CurvaturePValue <= CurvatureLevel);

    /// <summary>The run's linear phase; none from fewer than 4 rows (3 for a line, one more to test its curvature).</summary>
    public static LinearPhase? Of(RunResult r, double fraction)
    {
        if (r.Rows.FirstOrDefault(row => row.Iteration == 0)?[Loss] is not double initial) return null;
        int end = ScalingQuantities.AtTarget(r, fraction)?.Iteration ?? int.MaxValue;
        (double K, double Y)[] phase = r.Rows
            .Where(row => row.Iteration <= end && row[Loss] is double l && l > 0 && l <= initial / 2)
            .Select(row => ((double)row.Iteration, Math.Log(row[Loss]!.Value))).ToArray();
        if (phase.Length < 4) return null;
        (double a, double b) = Numerics.LeastSquares.Line(phase);
        double meanY = phase.Average(p => p.Y);
        double residual = phase.Sum(p => Math.Pow(p.Y - a - b * p.K, 2)), total = phase.Sum(p => Math.Pow(p.Y - meanY, 2));
        return new LinearPhase((int)phase[0].K, (int)phase[^1].K, phase.Length, -b, total > 0 ? 1 - residual / total : 1, Curvature(phase));
    }

    /// <summary>The two-sided p-value of the quadratic term, on n − 3 degrees of freedom (1 when the fit is exact).</summary>
    private static double Curvature((double K, double Y)[] phase)
    {
        double mean = phase.Average(p => p.K), spread = Math.Max(1e-300, phase.Max(p => Math.Abs(p.K - mean)));
        double[] u = phase.Select(p => (p.K - mean) / spread).ToArray();
        // normal equations of y = a + b u + c u², solved by Cramer's rule on the 3 × 3 moment matrix
        double s0 = u.Length, s1 = u.Sum(), s2 = u.Sum(v => v * v), s3 = u.Sum(v => v * v * v), s4 = u.Sum(v => v * v * v * v);
        double t0 = phase.Sum(p => p.Y), t1 = u.Select((v, i) => v * phase[i].Y).Sum(), t2 = u.Select((v, i) => v * v * phase[i].Y).Sum();
        double det = s0 * (s2 * s4 - s3 * s3) - s1 * (s1 * s4 - s3 * s2) + s2 * (s1 * s3 - s2 * s2);
        if (!(Math.Abs(det) > 1e-12)) return 1;
        double a = (t0 * (s2 * s4 - s3 * s3) - s1 * (t1 * s4 - s3 * t2) + s2 * (t1 * s3 - s2 * t2)) / det;
        double b = (s0 * (t1 * s4 - t2 * s3) - t0 * (s1 * s4 - s3 * s2) + s2 * (s1 * t2 - t1 * s2)) / det;
        double c = (s0 * (s2 * t2 - s3 * t1) - s1 * (s1 * t2 - s3 * t0) + t0 * (s1 * s3 - s2 * s2)) / det;
        double sse = u.Select((v, i) => Math.Pow(phase[i].Y - a - b * v - c * v * v, 2)).Sum();
        int df = u.Length - 3;
        if (df < 1) return 1;
        // residuals at rounding level: the points lie exactly on a parabola, curved or (c at rounding level) straight
        double scale = Math.Max(1, phase.Max(p => Math.Abs(p.Y)));
        if (!(sse > u.Length * Math.Pow(1e-12 * scale, 2))) return Math.Abs(c) > 1e-9 * scale ? 0 : 1;
        // Var(c) = σ²·(M⁻¹)₂₂, (M⁻¹)₂₂ = (s0 s2 − s1²)/det
        double se = Math.Sqrt(sse / df * (s0 * s2 - s1 * s1) / det);
        return se > 0 ? StudentT.TwoSidedP(c / se, df) : 1;
    }
}
