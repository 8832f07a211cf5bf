using System.Globalization;
using ReluStudy.Core.CommandLine;
using ReluStudy.Core.Data;
using ReluStudy.Core.Model;
using ReluStudy.Core.Studies;
using ReluStudy.Core.Training;

namespace ReluStudy.Cli;

/// <summary>A parsed relustudy train: the run to make, where, and whether to overwrite a finished one.</summary>
internal sealed record TrainRequest(RunSpec Spec, string OutDir, bool Force, int Threads);

/// <summary>The options of "relustudy train" for the deep network, parsed and checked as a whole before anything is read or written.</summary>
internal static class TrainOptions
{
    public const int DefaultDepth = 15;
    public const int DefaultWidth = 128;
    public const double DefaultStep = 0.005;
    public const int DefaultIterations = 300;

    /// <summary>Options both models take, after their data options.</summary>
    public static readonly OptionSpec[] Run =
    [
        new("--seed", "S", "initialisation seed (and the mini-batches') (default 1)"),
        new("--threads", "T", "worker threads; results do not depend on it (default: all cores)"),
        new("--log-every", "S", "log every S-th iteration (default: dense early, sparse late)"),
        new("--checkpoint-every", "N", "write a checkpoint every N iterations (default 100) ..."),
        new("--checkpoint-seconds", "S", "... and every S seconds (default 60); an unfinished run resumes from it"),
        new("--force", null, "overwrite a folder that already holds a run (or start an unfinished one afresh)"),
    ];

    public static readonly OptionSet Set = new("relustudy train [options]   (relustudy train --model two-layer --help: the two-layer model of Du et al.)", "",
        [
            new("--model", "deep|two-layer", "the deep network of Zou et al. (default) or Du et al.'s two-layer network"),
            .. DataOptions.Specs,
            new("--depth", "L", $"hidden layers (default {DefaultDepth})"),
            new("--width", "M | M1,...,ML", $"hidden widths (default {DefaultWidth})"),
            new("--loss", "ce|square-hinge|smoothed-hinge|squared", "(default ce)"),
            new("--optimizer", "gd|sgd", "(default gd)"),
            new("--lr", "ETA", $"the step size eta, the same on all layers (default {DefaultStep.ToString(CultureInfo.InvariantCulture)}; 'step' in studies and run.json)"),
            new("--step-multiple", "C", "instead of --lr: eta = C x 2/lambda_GN(W(0)), C times the run's critical step (lambda_GN(W(0)): the Gauss-Newton top eigenvalue at initialisation on every training row; with --step-curvature hessian S(W(0)); gd only)"),
            new("--step-curvature", "gauss-newton|hessian", "which top eigenvalue at W(0) --step-multiple divides: the Gauss-Newton part's (default) or the whole loss Hessian's, S(W(0)) (then 2/eta = S(W(0))/C)"),
            new("--batch", "B", "mini-batch size (sgd only)"),
            new("--iterations", "K", $"iteration budget (default {DefaultIterations})"),
            new("--out", "DIR", "output folder (default runs/<dataset>-<A>v<B>-L<L>-m<M>-s<S>)"),
            new("--target-loss", "EPS", "stop once the training loss is <= EPS"),
            new("--stop-at-zero-error", null, "stop once every training example is classified correctly"),
            new("--predict", "on|off", $"write prediction.csv: the training the tangent kernel predicts (default on for n <= {TrainingConfig.PredictionLimit})"),
            new("--kernel-n", "N", $"kernel.csv: the empirical kernel on a seeded subsample of at most N examples (default {TrainingConfig.DefaultTangentKernelSample}; 0: none)"),
            new("--gram-every", "S", "kernel.csv every S iterations (default k = 0, powers of 2 and the last)"),
            .. SharpnessOptions.Specs,
            .. Run,
        ]);

    /// <summary>Whether the arguments ask for Du et al.'s two-layer model (--model two-layer).</summary>
    public static bool WantsTwoLayer(IReadOnlyList<string> args) =>
        args.Contains("--model=two-layer") || args.Select((a, i) => a == "--model" && i + 1 < args.Count && args[i + 1] == "two-layer").Any(b => b);

    public static TrainRequest? Parse(OptionReader o)
    {
        foreach (string extra in o.Positionals) o.Errors.Add($"train: takes only --options; got '{extra}'");
        if (o.String("--model") is string modelName && modelName != "deep")
            o.Errors.Add($"--model: must be deep or two-layer; got '{modelName}'");
        DataOptions data = DataOptions.Read(o);
        int depth = o.Int("--depth", DefaultDepth, min: 1);
        int[] widths = ParseWidths(o, depth);
        LossKind loss = o.Choice("--loss", LossKind.CrossEntropy, Enum.GetValues<LossKind>().ToDictionary(MarginLoss.Name));
        OptimizerKind optimizer = o.Choice("--optimizer", OptimizerKind.GradientDescent,
            new Dictionary<string, OptimizerKind> { ["gd"] = OptimizerKind.GradientDescent, ["sgd"] = OptimizerKind.StochasticGradientDescent });
        double step = o.Double("--lr", DefaultStep, v => v > 0, "a finite number > 0");
        double? multiple = o.Has("--step-multiple") ? o.Double("--step-multiple", 1, v => v > 0, "a finite number > 0") : null;
        StepCurvature curvature = o.Choice("--step-curvature", StepCurvature.GaussNewton, Enum.GetValues<StepCurvature>().ToDictionary(c => c.Name()));
        if (multiple is not null && o.Has("--lr"))
            o.Errors.Add($"--step-multiple: replaces --lr (the step is C x 2/{curvature.Symbol()}), so give one of them; got both ('{o.String("--step-multiple")}' and --lr '{o.String("--lr")}')");
        if (o.Has("--step-curvature") && multiple is null)
            o.Errors.Add($"--step-curvature: applies only with --step-multiple (it names the curvature C divides); got '{o.String("--step-curvature")}' without it");
        int batch = o.Int("--batch", 0, min: 1);
        if (optimizer == OptimizerKind.StochasticGradientDescent && !o.Has("--batch"))
            o.Errors.Add("--batch: is required with --optimizer sgd; got none");
        if (optimizer == OptimizerKind.GradientDescent && o.Has("--batch"))
            o.Errors.Add($"--batch: applies only to --optimizer sgd (gd uses all n examples); got '{o.String("--batch")}'");
        int iterations = o.Int("--iterations", DefaultIterations, min: 0);
        (ulong seed, int threads, LogSchedule schedule, int checkpointEvery, double checkpointSeconds) = ReadRun(o);
        double? target = o.Has("--target-loss") ? o.Double("--target-loss", 0, v => v >= 0, "a number >= 0") : null;
        bool? predict = o.Has("--predict") ? o.Choice("--predict", false, new Dictionary<string, bool> { ["on"] = true, ["off"] = false }) : null;
        int kernelSample = o.Int("--kernel-n", TrainingConfig.DefaultTangentKernelSample, min: 0);
        int? gramEvery = o.Has("--gram-every") ? o.Int("--gram-every", 1, min: 1) : null;
        SharpnessSettings? sharpness = SharpnessOptions.Read(o);
        string outDir = o.String("--out")
            ?? Path.Combine("runs", $"{data.ShortName}-{data.Request.ClassA}v{data.Request.ClassB}-L{depth}-m{string.Join("_", widths.Distinct())}-s{seed}");
        if (o.Errors.Count > 0) return null;

        var training = new TrainingConfig
        {
            // A multiple's step is measured at W(0) before training (CriticalStep); until then there is none.
            Widths = widths, Loss = loss, Optimizer = optimizer, StepSize = multiple is null ? step : double.NaN, StepMultiple = multiple, StepCurvature = curvature, BatchSize = batch,
            Iterations = iterations, Seed = seed, TargetLoss = target, StopAtZeroError = o.Has("--stop-at-zero-error"),
            Threads = threads, Schedule = schedule, CheckpointEvery = checkpointEvery, CheckpointSeconds = checkpointSeconds,
            Predict = predict, TangentKernelSample = kernelSample, TangentKernelEvery = gramEvery, Sharpness = sharpness,
        };
        o.AddProblems(training.Problems(data.Request.TrainCount));
        return o.Errors.Count > 0 ? null : new TrainRequest(new RunSpec(data.Request, training, null, new Dictionary<string, string>()), outDir, o.Has("--force"), threads);
    }

    /// <summary>The options of <see cref="Run"/> but --force.</summary>
    public static (ulong Seed, int Threads, LogSchedule Schedule, int CheckpointEvery, double CheckpointSeconds) ReadRun(OptionReader o) =>
        (o.ULong("--seed", 1), o.Threads(),
            o.Has("--log-every") ? LogSchedule.Every(o.Int("--log-every", 1, min: 1)) : LogSchedule.Default,
            o.Int("--checkpoint-every", 100, min: 1), o.Double("--checkpoint-seconds", 60, v => v > 0, "a number > 0"));

    /// <summary>--width M (every layer) or M1,...,ML (one per layer of --depth).</summary>
    public static int[] ParseWidths(OptionReader o, int depth)
    {
        string text = o.String("--width") ?? DefaultWidth.ToString(CultureInfo.InvariantCulture);
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var widths = new List<int>();
        foreach (string part in parts)
        {
            if (int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int w) && w >= 1) widths.Add(w);
            else
            {
                o.Errors.Add($"--width: every width must be an integer >= 1; got '{part}'");
                return Enumerable.Repeat(DefaultWidth, depth).ToArray();
            }
        }
        if (widths.Count == 1) return Enumerable.Repeat(widths[0], depth).ToArray();
        if (widths.Count != depth)
        {
            o.Errors.Add($"--width: must be one width or exactly --depth ({depth}) widths; got {widths.Count} ('{text}')");
            return Enumerable.Repeat(widths[0], depth).ToArray();
        }
        return widths.ToArray();
    }
}
