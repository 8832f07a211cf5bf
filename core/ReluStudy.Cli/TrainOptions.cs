using System.Globalization;
using ReluStudy.Core.Data;
using ReluStudy.Core.Model;
using ReluStudy.Core.Training;

namespace ReluStudy.Cli;

/// <summary>The options of "relustudy train", parsed and checked as a whole before anything is read or written.</summary>
internal sealed record TrainOptions(DataRequest Data, TrainingConfig Training, string OutDir, bool Force)
{
    public const int DefaultN = DataOptions.DefaultN;
    public const int DefaultDepth = 15;
    public const int DefaultWidth = 128;
    public const double DefaultLearningRate = 0.005;
    public const int DefaultIterations = 300;

    public static readonly string[] ValueOptions =
    [
        .. DataOptions.ValueOptions, "--depth", "--width", "--loss", "--optimizer", "--lr", "--batch",
        "--iterations", "--seed", "--out", "--threads", "--log-every", "--target-loss", "--model",
        "--checkpoint-every", "--checkpoint-seconds",
    ];

    public static readonly string[] Flags = ["--stop-at-zero-error", "--force"];

    public const string Usage = """
        usage: relustudy train [options]        (relustudy train --model two-layer --help: the two-layer model of Du et al.)
          --model deep|two-layer              the deep network of Zou et al. (default) or Du et al.'s two-layer network
          --dataset mnist|cifar10|csv:PATH   data set (default mnist)
          --classes A,B                       class pair; A -> +1, B -> -1 (default 3,8 for mnist, cat,ship for cifar10)
          --n N                               training examples, class-balanced (default 1000)
          --depth L                           hidden layers (default 15)
          --width M | M1,...,ML               hidden widths (default 128)
          --loss ce|square-hinge|smoothed-hinge|squared   (default ce)
          --optimizer gd|sgd                  (default gd)
          --lr ETA                            step size, same on all layers (default 0.005)
          --batch B                           mini-batch size (sgd only)
          --iterations K                      iteration budget (default 300)
          --seed S                            initialisation and mini-batch seed (default 1)
          --out DIR                           output folder (default runs/<dataset>-<A>v<B>-L<L>-m<M>-s<S>)
          --data-dir DIR                      data root (else $RELUSTUDY_DATA, else the shipped subset)
          --threads T                         worker threads; results do not depend on it (default: all cores)
          --mu MU                             last input coordinate of Assumption 4.1, in (0,1) (default 1/sqrt(2))
          --test-n N                          class-balanced test examples (default 0: none)
          --preprocess paper|none             Assumption 4.1 preprocessing, or rows as given (default paper)
          --data-seed S                       seed of the subset draw (default 0, shared by all training seeds)
          --log-every S                       log every S-th iteration (default: dense early, sparse late)
          --target-loss EPS                   stop once the training loss is <= EPS
          --stop-at-zero-error                stop once every training example is classified correctly
          --checkpoint-every N                write a checkpoint every N iterations (default 100) ...
          --checkpoint-seconds S              ... and every S seconds (default 60); an unfinished run resumes from it
          --force                             overwrite a folder that already holds a run (or start an unfinished one afresh)
        """;

    public static (TrainOptions? Options, List<string> Errors) Parse(IReadOnlyList<string> args)
    {
        var o = new OptionReader(args, ValueOptions, Flags);
        foreach (string extra in o.Positionals) o.Errors.Add($"train: takes only --options; got '{extra}'");

        if (o.String("--model") is string modelName && modelName != "deep")
            o.Errors.Add($"--model: must be deep or two-layer; got '{modelName}'");
        DataOptions data = DataOptions.Read(o);
        int depth = o.Int("--depth", DefaultDepth, min: 1);
        int[] widths = ParseWidths(o, depth);
        LossKind loss = o.Choice("--loss", LossKind.CrossEntropy,
            Enum.GetValues<LossKind>().ToDictionary(MarginLoss.Name));
        OptimizerKind optimizer = o.Choice("--optimizer", OptimizerKind.GradientDescent,
            new Dictionary<string, OptimizerKind> { ["gd"] = OptimizerKind.GradientDescent, ["sgd"] = OptimizerKind.StochasticGradientDescent });
        double lr = o.Double("--lr", DefaultLearningRate, v => v > 0, "a finite number > 0");
        int batch = o.Int("--batch", 0, min: 1);
        if (optimizer == OptimizerKind.StochasticGradientDescent && !o.Has("--batch"))
            o.Errors.Add("--batch: is required with --optimizer sgd; got none");
        if (optimizer == OptimizerKind.GradientDescent && o.Has("--batch"))
            o.Errors.Add($"--batch: applies only to --optimizer sgd (gd uses all n examples); got '{o.String("--batch")}'");
        int iterations = o.Int("--iterations", DefaultIterations, min: 0);
        ulong seed = o.ULong("--seed", 1);
        int threads = o.Int("--threads", Environment.ProcessorCount, min: 1, max: 1024);
        LogSchedule schedule = o.Has("--log-every") ? LogSchedule.Every(o.Int("--log-every", 1, min: 1)) : LogSchedule.Default;
        double? target = o.Has("--target-loss") ? o.Double("--target-loss", 0, v => v >= 0, "a number >= 0") : null;

        string outDir = o.String("--out")
            ?? Path.Combine("runs", $"{data.ShortName}-{data.Request.ClassA}v{data.Request.ClassB}-L{depth}-m{string.Join("_", widths.Distinct())}-s{seed}");

        int checkpointEvery = o.Int("--checkpoint-every", 100, min: 1);
        double checkpointSeconds = o.Double("--checkpoint-seconds", 60, v => v > 0, "a number > 0");
        if (o.Errors.Count > 0) return (null, o.Errors);

        var training = new TrainingConfig
        {
            Widths = widths, Loss = loss, Optimizer = optimizer, LearningRate = lr, BatchSize = batch,
            Iterations = iterations, Seed = seed, TargetLoss = target, StopAtZeroError = o.Has("--stop-at-zero-error"),
            Threads = threads, Schedule = schedule,
            CheckpointEvery = checkpointEvery, CheckpointSeconds = checkpointSeconds,
        };
        var errors = training.Problems(data.Request.TrainCount).Select(p => "--" + p).ToList();
        return errors.Count > 0 ? (null, errors) : (new TrainOptions(data.Request, training, outDir, o.Has("--force")), errors);
    }

    private static int[] ParseWidths(OptionReader o, int depth)
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
