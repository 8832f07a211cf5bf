using ReluStudy.Core.CommandLine;
using ReluStudy.Core.Data;
using ReluStudy.Core.Studies;
using ReluStudy.Core.Training.TwoLayer;

namespace ReluStudy.Cli;

/// <summary>The options of "relustudy train --model two-layer": DZPS's two-layer network, GD on the square loss.</summary>
internal static class TwoLayerOptions
{
    public static readonly OptionSet Set = new("relustudy train --model two-layer [options]",
        "real data (mnist, cifar10, csv) takes a class pair with labels +-1, and the data options of the deep model",
        [
            new("--model", "two-layer", "Du et al.'s two-layer network"),
            new("--dataset", "sphere|sphere-separated|mnist|cifar10|csv:PATH",
                "sphere: n points uniform on the unit sphere in R^d, y ~ N(0,1) (DZPS's experiment; default); "
                + "sphere-separated: two classes +-1 whose different-label points are >= --phi apart"),
            new("--n", "N", "examples (default 1000)"),
            new("--d", "D", "input dimension of the synthetic sets (default 1000)"),
            new("--phi", "PHI", "separation of sphere-separated, in (0, 2] (default 0.1)"),
            new("--classes", "A,B", "class pair of real data; A -> +1, B -> -1"),
            new("--data-dir", "DIR", "data root of real data (else $RELUSTUDY_DATA, else the shipped subset)"),
            new("--mu", "MU", "last input coordinate of Assumption 4.1 for real data (default 1/sqrt(2))"),
            new("--preprocess", "paper|none", "preprocessing of real data (default paper)"),
            new("--data-seed", "S", "seed of the synthetic data or of the subset draw (default 0)"),
            new("--width", "M", "hidden neurons m (default 1000)"),
            new("--lr", "ETA", "the step size eta (default 0.1; stable below about 2/lambda_max(H))"),
            new("--iterations", "K", "GD steps (default 100, as in DZPS's experiment)"),
            new("--train-output-layer", null, "train a as well as W (DZPS section 3.2)"),
            new("--gram-every", "S", "compute lambda_min(H(k)) and ||H(k) - H(0)||_2 every S iterations (default k = 0, 2^j and last)"),
            new("--out", "DIR", "output folder (default runs/two-layer-<dataset>-n<N>-m<M>-s<S>)"),
            .. TrainOptions.Run,
        ]);

    public static TrainRequest? Parse(OptionReader o)
    {
        foreach (string extra in o.Positionals) o.Errors.Add($"train: takes only --options; got '{extra}'");
        string dataset = o.String("--dataset") ?? "sphere";
        bool synthetic = dataset is "sphere" or "sphere-separated";
        int n = o.Int("--n", 1000, min: 2);
        int d = o.Int("--d", 1000, min: 2);
        double phi = o.Double("--phi", 0.1, v => v > 0 && v <= 2, "a number in (0, 2]");
        if (!synthetic && o.Has("--d")) o.Errors.Add($"--d: applies only to the synthetic data sets; got '{o.String("--d")}' with --dataset {dataset}");
        if (dataset != "sphere-separated" && o.Has("--phi")) o.Errors.Add($"--phi: applies only to --dataset sphere-separated; got '{o.String("--phi")}'");
        (ulong seed, int threads, var schedule, int checkpointEvery, double checkpointSeconds) = TrainOptions.ReadRun(o);
        var config = new TwoLayerConfig
        {
            Width = o.Int("--width", 1000, min: 1),
            StepSize = o.Double("--lr", 0.1, v => v > 0, "a finite number > 0"),
            Iterations = o.Int("--iterations", 100, min: 0),
            Seed = seed, TrainOutputLayer = o.Has("--train-output-layer"), Threads = threads, Schedule = schedule,
            TangentKernelEvery = o.Has("--gram-every") ? o.Int("--gram-every", 1, min: 1) : null,
            CheckpointEvery = checkpointEvery, CheckpointSeconds = checkpointSeconds,
        };
        DataRequest request = synthetic
            ? new DataRequest
            {
                Kind = dataset == "sphere" ? DatasetKind.Sphere : DatasetKind.SeparatedSphere, ClassA = "", ClassB = "",
                TrainCount = n, Dimension = d, Phi = phi, DataSeed = o.ULong("--data-seed", 0), Preprocess = Preprocessing.None,
            }
            : DataOptions.Read(o).Request;
        string outDir = o.String("--out") ?? Path.Combine("runs", $"two-layer-{(synthetic ? dataset : dataset.Replace(':', '-'))}-n{n}-m{config.Width}-s{config.Seed}");
        return o.Errors.Count > 0 ? null : new TrainRequest(new RunSpec(request, null, config, new Dictionary<string, string>()), outDir, o.Has("--force"), threads);
    }
}
