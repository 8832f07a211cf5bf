using System.Globalization;
using ReluStudy.Core.Data;
using ReluStudy.Core.Output;
using ReluStudy.Core.Training;
using ReluStudy.Core.Training.TwoLayer;

namespace ReluStudy.Cli;

/// <summary>relustudy train --model two-layer: DZPS's two-layer network, GD on the square loss, with its theorems' quantities.</summary>
internal static class TwoLayerCommand
{
    public const string Usage = """
        usage: relustudy train --model two-layer [options]
          --dataset sphere|sphere-separated|mnist|cifar10|csv:PATH
                                  sphere: n points uniform on the unit sphere in R^d, y ~ N(0,1) (DZPS's experiment; default)
                                  sphere-separated: two classes +-1 whose different-label points are >= --phi apart
                                  mnist, cifar10, csv: a class pair as for the deep model, labels +-1
          --n N                   examples (default 1000)
          --d D                   input dimension of the synthetic sets (default 1000)
          --phi PHI               separation of sphere-separated, in (0, 2] (default 0.1)
          --width M               hidden neurons m (default 1000)
          --lr ETA                step size (default 0.1; stable below about 2/lambda_max(H))
          --iterations K          GD steps (default 100, as in DZPS's experiment)
          --seed S                initialisation seed (default 1)
          --data-seed S           seed of the synthetic data or of the subset draw (default 0)
          --train-output-layer    train a as well as W (DZPS section 3.2)
          --log-every S           log every S-th iteration (default: dense early, sparse late)
          --gram-every S          compute lambda_min(H(k)) and ||H(k) - H(0)||_2 every S iterations (default k = 0, 2^j and last)
          --threads T             worker threads (default: all cores)
          --out DIR               output folder (default runs/two-layer-<dataset>-n<N>-m<M>-s<S>)
          --checkpoint-every N    checkpoint every N iterations (default 100) and
          --checkpoint-seconds T  every T seconds (default 60); an unfinished run in --out resumes from its checkpoint
          --force                 overwrite a folder that already holds a run
          real data also takes --classes, --data-dir, --mu and --preprocess as for the deep model
        """;

    private static readonly string[] ValueOptions =
    [
        "--model", "--dataset", "--n", "--d", "--phi", "--width", "--lr", "--iterations", "--seed", "--data-seed",
        "--log-every", "--gram-every", "--threads", "--out", "--classes", "--data-dir", "--mu", "--preprocess",
        "--checkpoint-every", "--checkpoint-seconds",
    ];

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellation)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            stdout.WriteLine(Usage);
            return ExitCodes.Ok;
        }
        var o = new OptionReader(args, ValueOptions, ["--train-output-layer", "--force"]);
        foreach (string extra in o.Positionals) o.Errors.Add($"train: takes only --options; got '{extra}'");
        string dataset = o.String("--dataset") ?? "sphere";
        bool synthetic = dataset is "sphere" or "sphere-separated";
        int n = o.Int("--n", 1000, min: 2);
        int d = o.Int("--d", 1000, min: 2);
        double phi = o.Double("--phi", 0.1, v => v > 0 && v <= 2, "a number in (0, 2]");
        if (!synthetic && o.Has("--d")) o.Errors.Add($"--d: applies only to the synthetic data sets; got '{o.String("--d")}' with --dataset {dataset}");
        if (dataset != "sphere-separated" && o.Has("--phi")) o.Errors.Add($"--phi: applies only to --dataset sphere-separated; got '{o.String("--phi")}'");
        ulong dataSeed = o.ULong("--data-seed", 0);
        var config = new TwoLayerConfig
        {
            Width = o.Int("--width", 1000, min: 1),
            LearningRate = o.Double("--lr", 0.1, v => v > 0, "a finite number > 0"),
            Iterations = o.Int("--iterations", 100, min: 0),
            Seed = o.ULong("--seed", 1),
            TrainOutputLayer = o.Has("--train-output-layer"),
            Threads = o.Int("--threads", Environment.ProcessorCount, min: 1, max: 1024),
            Schedule = o.Has("--log-every") ? LogSchedule.Every(o.Int("--log-every", 1, min: 1)) : LogSchedule.Default,
            GramEvery = o.Has("--gram-every") ? o.Int("--gram-every", 1, min: 1) : null,
            CheckpointEvery = o.Int("--checkpoint-every", 100, min: 1),
            CheckpointSeconds = o.Double("--checkpoint-seconds", 60, v => v > 0, "a number of seconds > 0"),
        };
        DataRequest? request = null;
        if (!synthetic)
        {
            DataOptions data = DataOptions.Read(o);
            request = data.Request;
        }
        string outDir = o.String("--out") ?? Path.Combine("runs", $"two-layer-{(synthetic ? dataset : dataset.Replace(':', '-'))}-n{n}-m{config.Width}-s{config.Seed}");
        if (o.Failed(stderr)) return ExitCodes.BadOption;
        var outFolder = new OutFolder(outDir, o.Has("--force"));
        if (outFolder.RefusesFinished(stderr)) return ExitCodes.BadOption;

        request ??= new DataRequest
        {
            Kind = dataset == "sphere" ? DatasetKind.Sphere : DatasetKind.SeparatedSphere, ClassA = "", ClassB = "",
            TrainCount = n, Dimension = d, Phi = phi, DataSeed = dataSeed, Preprocess = Preprocessing.None,
        };
        (float[] x, double[] y, DataDescription description) = BinaryTask.PrepareRegression(request);
        stdout.WriteLine($"data: {description.Dataset}, n = {y.Length}, d = {description.Dimension} ({description.Origin}: {description.TrainSource})");
        stdout.WriteLine(string.Format(CultureInfo.InvariantCulture, "model: two-layer (DZPS), m = {0}, lr = {1:G6}, K = {2}, seed {3}, {4}",
            config.Width, config.LearningRate, config.Iterations, config.Seed, config.TrainOutputLayer ? "W and a trained" : "a fixed"));

        string folder = Path.GetFullPath(outDir);
        using RunLock runLock = RunLock.Acquire(folder);
        if (outFolder.RefusesFinished(stderr)) return ExitCodes.BadOption;
        bool unfinished = outFolder.HoldsUnfinished;
        string configurationId = Core.Studies.RunIdentity.Id(new Core.Studies.RunSpec(request, null, config, new Dictionary<string, string>()),
            Core.Studies.RunIdentity.DataChecksum(x, y));
        TwoLayerOutcome outcome;
        try
        {
            var runFolder = new TwoLayerRunDirectory(folder, description.Dimension, configurationId);
            TwoLayerCheckpoint? resume = unfinished ? runFolder.LastCheckpoint() : null;
            if (resume is not null)
            {
                runFolder.ResumeAt(resume.Iteration);
                stdout.WriteLine($"resuming from the checkpoint at iteration {resume.Iteration} ({runFolder.CheckpointPath})");
            }
            else if (unfinished) stdout.WriteLine("the run in this folder did not finish and left no usable checkpoint: starting it again");
            outcome = TrainInto(folder, config, x, y, description, runFolder, resume, cancellation);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw OutputException.From(folder, e);
        }

        if (outcome.LastRow is TwoLayerRow last)
            stdout.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "iteration {0}: ||y - u||^2 = {1:G6} (envelope {2:G6}), max_r ||w_r - w_r(0)|| = {3:G4} (R' = {4:G4}), patterns changed {5:P3}; lambda0 = {6:G6}",
                last.Iteration, last.ResidualSquared, last.Envelope, last.MaxWeightDistance, last.RPrime, last.PatternChangeFraction, outcome.Lambda0));
        stdout.WriteLine($"status: {outcome.Status.Name()}; results in {folder} ({outcome.Seconds:F1} s)");
        return outcome.Status switch
        {
            TrainingStatus.Diverged => Fail(stderr, outcome.Message, ExitCodes.Diverged),
            TrainingStatus.Interrupted => Fail(stderr, outcome.Message, ExitCodes.Interrupted),
            _ => ExitCodes.Ok,
        };
    }

    private static TwoLayerOutcome TrainInto(string folder, TwoLayerConfig config, float[] x, double[] y, DataDescription description,
        TwoLayerRunDirectory runFolder, TwoLayerCheckpoint? resume, CancellationToken cancellation)
    {
        string recordPath = Path.Combine(folder, "run.json");
        DateTimeOffset started = DateTimeOffset.UtcNow;
        AtomicFile.WriteAllText(recordPath, RunRecord.BuildTwoLayer(config, description, null, started, null));
        TwoLayerOutcome outcome;
        try
        {
            outcome = TwoLayerTrainer.Run(config, x, y, description.Dimension, runFolder, cancellation, checkpoints: runFolder, resume: resume);
        }
        finally
        {
            runFolder.Flush();
        }
        AtomicFile.WriteAllText(recordPath, RunRecord.BuildTwoLayer(config, description, outcome, started, DateTimeOffset.UtcNow));
        if (outcome.Status != TrainingStatus.Interrupted) runFolder.DropCheckpoint();
        return outcome;
    }

    private static int Fail(TextWriter stderr, string? message, int code)
    {
        stderr.WriteLine($"error: {message}");
        return code;
    }
}
