using System.Globalization;
using System.Text.RegularExpressions;

namespace ReluStudy.Core.Training;

/// <summary>
/// The rules that end a deep run, and what the run then says: the loss is non-finite or above
/// <see cref="TrainingConfig.DivergenceFactor"/>·max(L_S(W(0)), 1) (diverged); some layer is dead on every example
/// (collapsed); L_S ≤ ε (target reached); every example classified (zero error); the budget ran out (completed).
/// </summary>
internal sealed class StopRules(TrainingConfig config, int depth)
{
    /// <summary>L_S(W(0)), once known.</summary>
    public double InitialLoss { get; set; } = double.NaN;

    public bool Diverged(double loss) =>
        !double.IsFinite(loss) || (double.IsFinite(InitialLoss) && loss > config.DivergenceFactor * Math.Max(InitialLoss, 1.0));

    /// <summary>The status that ends the run at iteration k with this full-batch loss and count of wrong examples, or null.</summary>
    public RunStatus? Reached(int k, double loss, int wrong)
    {
        if (config.TargetLoss is double eps && loss <= eps) return RunStatus.TargetReached;
        if (config.StopAtZeroError && wrong == 0) return RunStatus.ZeroError;
        if (k >= config.Iterations) return RunStatus.Completed;
        return null;
    }

    public string DivergenceMessage(int k, double loss) =>
        $"training diverged at iteration {k}: loss = {loss:G6} (non-finite or > {config.DivergenceFactor:G3} x max(initial loss, 1)) with step = {config.StepSize:G6}{Lower}";

    /// <summary>What to lower: the step, or the multiple of the critical step it was resolved from.</summary>
    private string Lower => config.StepMultiple is double c
        ? string.Format(CultureInfo.InvariantCulture, " = {0:G6} x 2/{1}; lower the multiple (--step-multiple)", c, config.StepCurvature.Symbol())
        : "; lower the step (--lr)";

    /// <summary>What collapsed, where, and what to change: the shape at initialisation (L/m), the step later.</summary>
    public string CollapseMessage(int k, int layer, double loss)
    {
        var inv = CultureInfo.InvariantCulture;
        string what = string.Format(inv,
            "every unit of layer {0} of {1} is dead on every training example, so the outputs are identically 0 (loss = {2:G6}) and no gradient flows",
            layer + 1, depth, loss);
        return k == 0
            ? string.Format(inv, "the network collapsed at initialisation: {0}; L/m = {1}/{2} is too large for ReLU layers to stay alive: make it wider or shallower",
                what, depth, config.MinWidth)
            : config.StepMultiple is double c
                ? string.Format(inv, "the network collapsed at iteration {0}: {1}; lower the multiple (--step-multiple; step = {2:G6} x 2/{3} = {4:G6})", k, what, c, config.StepCurvature.Symbol(), config.StepSize)
                : string.Format(inv, "the network collapsed at iteration {0}: {1}; lower the step (--lr; step = {2:G6})", k, what, config.StepSize);
    }
}

/// <summary>
/// The step a diverged or collapsed run broke down at, read back from the message <see cref="StopRules"/> wrote ("at
/// iteration k", "at initialisation"): its logged rows stop before that step. Here, beside the words it reads.
/// </summary>
public static partial class StopMessage
{
    [GeneratedRegex(@"at iteration (\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex AtIteration();

    /// <summary>The iteration the message names, 0 for "at initialisation", else null.</summary>
    public static int? Iteration(string? message) =>
        message is null ? null
        : AtIteration().Match(message) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
        : message.Contains("at initialisation", StringComparison.Ordinal) ? 0 : null;
}
