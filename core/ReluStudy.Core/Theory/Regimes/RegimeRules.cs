using System.Globalization;
using ReluStudy.Core.Model;
using ReluStudy.Core.Results;
using ReluStudy.Core.Theory.Fits;
using ReluStudy.Core.Training;
using static ReluStudy.Core.Results.MetricColumns;

namespace ReluStudy.Core.Theory.Regimes;

/// <summary>
/// The regime of a finished run, from what it recorded (docs/theory.md, section 10), tried in this order:
/// diverged or collapsed (its status); <b>catapult</b>: within the first <see cref="EarlyWindow"/> iterations the loss
/// rises to at least <see cref="CatapultRise"/>·L(0), and it converges (<see cref="Converged"/>) with its curvature (the sharpness or the
/// Gauss–Newton top, the kernel's) below 2/η; <b>edge of stability</b>: the sharpness reaches <see cref="EdgeReached"/>·2/η
/// and the loss rises after that (any logged rise of more than <see cref="NoiseRise"/> of it; after an early catapult-like
/// rise, only rises past the early window) — for cross-entropy, whose
/// sharpness falls again as ℓ″ shrinks, that is all; for the other losses, at least <see cref="EdgeShare"/> of the
/// measurements from then on also lie within the band [1 − <see cref="EdgeBand"/>, 1 + <see cref="EdgeBand"/>]·2/η;
/// <b>unstable</b>: the early rise of a catapult without its settling (not converged, or the curvature not below 2/η);
/// <b>lazy</b> or <b>kernel-moving</b>: the fits' lazy rule (<see cref="LazyRange"/>) at the run's last iteration;
/// <b>unmeasured</b> when that rule lacks what it needs. Each regime comes with the measurements that decided it.
/// </summary>
public static class RegimeRules
{
    /// <summary>Lewkowycz et al.'s catapults peak within a few steps (1–10 on this network, c = η·λ0/2 from 1.2 to 8); 50
    /// leaves room for the slower growth near c = 1, where the top mode grows by |1 − 2c| per step.</summary>
    public const int EarlyWindow = 50;

    /// <summary>A rise to 1.5× the start is far beyond a stable run's (a step below 2/λ never raises the linearised loss).</summary>
    public const double CatapultRise = 1.5;

    /// <summary>Cohen et al.: the sharpness rises to 2/η and hovers there; 0.9 marks "reached", as in their figures.</summary>
    public const double EdgeReached = 0.9;

    /// <summary>Half-width of the band around 2/η the sharpness stays in (eos.fsx's runs end at 0.954–0.995 of 2/η).</summary>
    public const double EdgeBand = 0.1;

    /// <summary>The share of later measurements inside the band: a transient spike above it does not end the edge.</summary>
    public const double EdgeShare = 0.75;

    /// <summary>A loss rise smaller than this fraction of the loss is float32 rounding, not instability.</summary>
    public const double NoiseRise = 1e-5;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The regime and the measurements that decided it, or null for a run that has not finished (running,
    /// interrupted, failed).</summary>
    public static (Regime Regime, string Reason)? Of(RunResult r)
    {
        if (!r.Status.IsFinished()) return null;
        if (r.Status == RunStatus.Diverged) return (Regime.Diverged, r.Record.Message ?? "the loss blew up");
        if (r.Status == RunStatus.Collapsed) return (Regime.Collapsed, r.Record.Message ?? "every unit of a layer died");
        CsvRow[] losses = r.Rows.Where(row => row.Has(Loss)).ToArray();
        if (losses.Length == 0) return (Regime.Unmeasured, "no loss was logged");
        if (Catapult(r, losses) is string catapult) return (Regime.Catapult, catapult);
        if (Edge(r, losses) is string edge) return (Regime.EdgeOfStability, edge);
        // The lazy rule's two labels are for runs without an instability: a rise that did not settle is its own regime.
        if (Unsettled(r, losses) is string unsettled) return (Regime.Unstable, unsettled);
        (bool? lazy, string reason) = LazyRange.Judge(r, losses[^1].Iteration);
        return lazy switch
        {
            true => (Regime.Lazy, reason),
            false => (Regime.KernelMoving, reason),
            null => (Regime.Unmeasured, reason),
        };
    }

    /// <summary>
    /// Whether a finished run converged: it stopped at its loss target or at zero training error, or it ran its budget and
    /// ended with its loss below its start and, where the training error was logged, its error below its start. Judged on
    /// the trajectory, not on the stop settings: a catapult that leaves most units dead ends with a lower loss but as many
    /// examples wrong as at W(0) (c = 10 on catapult.fsx: 0.2·L_S(W(0)), error 0.51 against 0.5).
    /// </summary>
    public static bool Converged(RunResult r)
    {
        if (r.Status is RunStatus.TargetReached or RunStatus.ZeroError) return true;
        if (r.Status != RunStatus.Completed) return false;
        CsvRow[] losses = r.Rows.Where(row => row.Has(Loss)).ToArray();
        CsvRow[] errors = r.Rows.Where(row => row.Has(TrainError)).ToArray();
        return losses.Length > 0 && losses[^1][Loss] < losses[0][Loss] && (errors.Length == 0 || errors[^1][TrainError] < errors[0][TrainError]);
    }

    /// <summary>The largest logged loss within the first <see cref="EarlyWindow"/> iterations when it is at least
    /// <see cref="CatapultRise"/> times the start, else null.</summary>
    private static CsvRow? EarlyRise(CsvRow[] losses)
    {
        CsvRow? peak = losses.Where(row => row.Iteration <= EarlyWindow).MaxBy(row => row[Loss]);
        return peak is not null && peak[Loss] >= CatapultRise * losses[0][Loss] ? peak : null;
    }

    private static string? Unsettled(RunResult r, CsvRow[] losses)
    {
        if (EarlyRise(losses) is not { } peak) return null;
        double start = losses[0][Loss]!.Value;
        string rise = string.Format(Inv, "the loss rose to {0:G3}x its start by k = {1}", peak[Loss]!.Value / start, peak.Iteration);
        if (!Converged(r))
        {
            CsvRow[] errors = r.Rows.Where(row => row.Has(TrainError)).ToArray();
            string error = errors.Length == 0 ? "" : string.Format(Inv, ", training error {0:G3} against {1:G3} at W(0)", errors[^1][TrainError], errors[0][TrainError]);
            return rise + string.Format(Inv, " and the run did not converge (loss {0:G3}x its start at k = {1}{2})", losses[^1][Loss]!.Value / start, losses[^1].Iteration, error);
        }
        // (Catapult has already called a converged rise with no curvature measured a catapult.)
        if (r.SharpnessRows.Count == 0 || r.SharpnessRows[^1] is not { } last || last[TwoOverStep] is null) return null;
        return rise + string.Format(Inv, " and its curvature had not settled below 2/eta: Gauss-Newton top {0:G3}, sharpness {1:G3} against 2/eta = {2:G3} at k = {3}",
            last[GaussNewton], last[Sharpness], last[TwoOverStep], last.Iteration);
    }

    private static string? Catapult(RunResult r, CsvRow[] losses)
    {
        double start = losses[0][Loss]!.Value, end = losses[^1][Loss]!.Value;
        if (EarlyRise(losses) is not { } peak || !Converged(r)) return null;
        string rise = string.Format(Inv, "the loss rose to {0:G3}x its start by k = {1} and fell to {2:G3}x by k = {3}",
            peak[Loss]!.Value / start, peak.Iteration, end / start, losses[^1].Iteration);
        if (r.SharpnessRows.Count == 0) return rise + " (its curvature was not measured: track Sharpness to see it end below 2/eta)";
        CsvRow last = r.SharpnessRows[^1];
        if (last[TwoOverStep] is not double twoOverStep) return rise + " (2/eta was not recorded beside its curvature)";
        double? curvature = new[] { last[GaussNewton], last[Sharpness] }.Where(v => v is not null).Min();
        if (!(curvature < twoOverStep)) return null;
        return rise + string.Format(Inv, "; its curvature ended at {0:G3} of 2/eta (Gauss-Newton top {1:G3}, sharpness {2:G3}, at k = {3})",
            curvature / twoOverStep, last[GaussNewton], last[Sharpness], last.Iteration);
    }

    private static string? Edge(RunResult r, CsvRow[] losses)
    {
        CsvRow[] measured = r.SharpnessRows.Where(row => row[Sharpness] is not null && row[TwoOverStep] is not null).ToArray();
        int first = Array.FindIndex(measured, row => row[Sharpness] >= EdgeReached * row[TwoOverStep]);
        if (first < 0) return null;
        int reached = measured[first].Iteration;
        // A catapult's own early rise is not the edge's oscillation: after one, only the rises past the early window count.
        int from = EarlyRise(losses) is null ? reached : Math.Max(reached, EarlyWindow);
        int rises = Rises(losses.Where(row => row.Iteration >= from).Select(row => row[Loss]!.Value).ToArray());
        if (rises == 0) return null;
        string start = string.Format(Inv, "the sharpness reached {0} of 2/eta at k = {1} and the loss rose {2} times after it",
            EdgeReached, reached, rises);
        if (r.Config is DeepRunConfiguration { Loss: var loss } && loss == MarginLoss.Name(LossKind.CrossEntropy)) return start;
        double[] ratios = measured[first..].Select(row => row[Sharpness]!.Value / row[TwoOverStep]!.Value).ToArray();
        int inside = ratios.Count(x => Math.Abs(x - 1) <= EdgeBand);
        if (ratios.Length < 2 || inside < EdgeShare * ratios.Length) return null;
        return start + string.Format(Inv, "; {0} of its {1} measurements from then on lie within [{2}, {3}] x 2/eta (median {4:G3})",
            inside, ratios.Length, 1 - EdgeBand, 1 + EdgeBand, Statistics.Median.Of(ratios));
    }

    /// <summary>How many logged steps raise the loss by more than <see cref="NoiseRise"/> of it.</summary>
    private static int Rises(double[] loss) =>
        Enumerable.Range(1, Math.Max(0, loss.Length - 1)).Count(i => loss[i] > loss[i - 1] * (1 + NoiseRise));
}
