using System.Globalization;

namespace ReluStudy.Core.Results;

/// <summary>How a column's numbers are written: integers, seconds to the millisecond, or the shortest round-trip text.</summary>
public enum ColumnFormat { Integer, Seconds, Real }

/// <summary>One column of a run's CSV files: its name on disk, what it holds, and the names older folders gave it.</summary>
public sealed record MetricColumn(string Name, string Meaning, ColumnFormat Format = ColumnFormat.Real, params string[] FormerNames)
{
    /// <summary>The value as written: empty for none.</summary>
    public string Write(double? value) => value switch
    {
        null => "",
        double v when Format == ColumnFormat.Integer => ((long)v).ToString(CultureInfo.InvariantCulture),
        double v when Format == ColumnFormat.Seconds => v.ToString("F3", CultureInfo.InvariantCulture),
        double v => v.ToString("R", CultureInfo.InvariantCulture),
    };

    public override string ToString() => Name;
}

/// <summary>
/// Every column the run folder's CSV files hold (metrics.csv, layers.csv, prediction.csv, kernel.csv, sharpness.csv, and
/// the two-layer model's metrics.csv):
/// the writers, the report and the fits all name columns through these, so a name lives here only.
/// </summary>
public static class MetricColumns
{
    public static readonly MetricColumn Iteration = new("iteration", "k: the row holds W(k)'s quantities", ColumnFormat.Integer);
    public static readonly MetricColumn Layer = new("layer", "l, 1-based (layers.csv)", ColumnFormat.Integer);
    public static readonly MetricColumn Loss = new("loss", "L_S(W(k)); the two-layer model's 1/2 ||y - u(k)||^2");
    public static readonly MetricColumn TrainError = new("train_error", "fraction of training examples with y f(x) <= 0");
    public static readonly MetricColumn GradNorm = new("grad_norm", "||grad L_S(W(k))||_F, full batch (per layer in layers.csv)");
    public static readonly MetricColumn DistanceSpectralMax = new("dist_spectral_max", "max_l ||W_l(k) - W_l(0)||_2");
    public static readonly MetricColumn DistanceSpectral = new("dist_spectral", "||W_l(k) - W_l(0)||_2 (layers.csv)");
    public static readonly MetricColumn DistanceFrobenius = new("dist_frobenius", "(sum_l ||W_l(k) - W_l(0)||_F^2)^(1/2) (per layer in layers.csv)");
    public static readonly MetricColumn PatternChangeRatio = new("pattern_change_ratio",
        "share of hidden units (all layers, all training inputs) whose on/off state differs from k = 0", ColumnFormat.Real, "pattern_change_fraction");
    public static readonly MetricColumn Seconds = new("seconds", "wall-clock seconds since training started", ColumnFormat.Seconds);
    public static readonly MetricColumn TestLoss = new("test_loss", "loss on the test split");
    public static readonly MetricColumn TestError = new("test_error", "error on the test split");

    public static readonly MetricColumn ResidualSquared = new("residual_sq", "||y - u(k)||^2 (two-layer)");
    public static readonly MetricColumn Envelope = new("envelope", "(1 - eta lambda0 / 2)^k ||y - u(0)||^2, Du et al. Theorem 4.1 (two-layer)");
    public static readonly MetricColumn MaxWeightDistance = new("max_weight_distance", "max_r ||w_r(k) - w_r(0)|| (two-layer)");
    public static readonly MetricColumn RPrime = new("r_prime", "R' = 4 sqrt(n) ||y - u(0)|| / (sqrt(m) lambda0), Du et al. Corollary 4.1 (two-layer)");
    public static readonly MetricColumn LambdaMinH = new("lambda_min_h", "lambda_min(H(k)) on the Gram schedule (two-layer)");
    public static readonly MetricColumn GramChange = new("gram_change", "||H(k) - H(0)||_2 on the Gram schedule (two-layer)");

    public static readonly MetricColumn LossInfinite = new("loss_infinite", "the loss the infinite-width kernel m·Θ̄ predicts (prediction.csv)");
    public static readonly MetricColumn TrainErrorInfinite = new("train_error_infinite", "the training error it predicts");
    public static readonly MetricColumn DistanceFrobeniusInfinite = new("dist_frobenius_infinite", "the Frobenius distance it predicts");
    public static readonly MetricColumn LossLinearized = new("loss_linearized", "the loss the network's own kernel Θ̂(0) predicts");
    public static readonly MetricColumn TrainErrorLinearized = new("train_error_linearized", "the training error it predicts");
    public static readonly MetricColumn DistanceFrobeniusLinearized = new("dist_frobenius_linearized", "the Frobenius distance it predicts");
    public static readonly MetricColumn OutputGapLinearized = new("output_gap_linearized", "||u_net(k) - u_lin(k)|| / ||u_net(k) - u(0)||");
    public static readonly MetricColumn TangentKernelChange = new("kernel_change", "||K(k) - K(0)||_F / ||K(0)||_F of the empirical kernel (kernel.csv; layer 0: the whole kernel)");
    public static readonly MetricColumn LambdaMin = new("lambda_min", "lambda_min of the empirical kernel over m");
    public static readonly MetricColumn LambdaMax = new("lambda_max", "lambda_max of the empirical kernel over m");
    public static readonly MetricColumn LimitGap = new("limit_gap", "||K(0)/m - K_inf||_F / ||K_inf||_F at k = 0");

    public static readonly MetricColumn Sharpness = new("sharpness", "lambda_max of the loss Hessian at W(k) (sharpness.csv; the Hessian's rows: all, or a seeded subsample)");
    public static readonly MetricColumn SharpnessSecond = new("sharpness_2", "the loss Hessian's second largest eigenvalue");
    public static readonly MetricColumn GaussNewton = new("gauss_newton", "lambda_max of the Hessian's Gauss-Newton part (1/n) J' diag(l'') J");
    public static readonly MetricColumn TwoOverStep = new("two_over_step", "2/eta: GD on a quadratic diverges once the sharpness is above it");
    // The residual bounds say how far each value may be from an eigenvalue: a run that hit Lanczos's step limit, or the
    // second value (converged only to 1e-4 of the scale), is told apart from a converged one.
    public static readonly MetricColumn SharpnessResidual = new("sharpness_residual", "Lanczos residual bound of sharpness: an eigenvalue lies within it");
    public static readonly MetricColumn SharpnessSecondResidual = new("sharpness_2_residual", "Lanczos residual bound of sharpness_2");
    public static readonly MetricColumn GaussNewtonResidual = new("gauss_newton_residual", "Lanczos residual bound of gauss_newton");
    public static readonly MetricColumn HessianProducts = new("hessian_products", "Hessian and Gauss-Newton products the measurement took (its cost)", ColumnFormat.Integer);

    private static readonly MetricColumn[] All =
    [
        Iteration, Layer, Loss, TrainError, GradNorm, DistanceSpectralMax, DistanceSpectral, DistanceFrobenius, PatternChangeRatio,
        Seconds, TestLoss, TestError, ResidualSquared, Envelope, MaxWeightDistance, RPrime, LambdaMinH, GramChange,
        LossInfinite, TrainErrorInfinite, DistanceFrobeniusInfinite, LossLinearized, TrainErrorLinearized, DistanceFrobeniusLinearized,
        OutputGapLinearized, TangentKernelChange, LambdaMin, LambdaMax, LimitGap,
        Sharpness, SharpnessSecond, GaussNewton, TwoOverStep, SharpnessResidual, SharpnessSecondResidual, GaussNewtonResidual, HessianProducts,
    ];

    private static readonly Dictionary<string, MetricColumn> ByName =
        All.SelectMany(c => c.FormerNames.Append(c.Name).Select(n => KeyValuePair.Create(n, c))).ToDictionary();

    /// <summary>The column written under <paramref name="name"/> (its name, or a name it had before); null for none.</summary>
    public static MetricColumn? Named(string name) => ByName.GetValueOrDefault(name);
}
