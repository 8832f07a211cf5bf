using ReluStudy.Core.Results;
using ReluStudy.Core.CommandLine;
using System.Globalization;
using System.Text.Json;
using ReluStudy.Core.Baselines;
using ReluStudy.Core.Data;

namespace ReluStudy.Cli;

/// <summary>relustudy baselines: ML.NET's classic classifiers on the networks' training set and test split.</summary>
internal static class BaselinesCommand
{
    public static readonly OptionSet Options = new("relustudy baselines [data options] --test-n N [--validation-fraction F] [--json]",
        """
        Trains L-BFGS and SDCA logistic regression, FastTree and LightGBM on the same preprocessed class pair
        and train/test split as relustudy train with the same data options. Each trainer's hyperparameters are
        chosen on a validation split (fraction F of the training set, default 0.2, drawn with --data-seed),
        then refitted on the whole training set and scored on the test split.
        """,
        [
            .. DataOptions.Specs,
            new("--validation-fraction", "F", "share of the training set the hyperparameters are chosen on (default 0.2)"),
            new("--json", null, "print the results as JSON"),
        ]);

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        if (Help.Asked(args, Options, stdout)) return ExitCodes.Ok;
        OptionReader o = Options.Read(args);
        foreach (string extra in o.Positionals) o.Errors.Add($"baselines: takes only --options; got '{extra}'");
        DataOptions data = DataOptions.Read(o);
        double fraction = o.Double("--validation-fraction", BaselineRunner.DefaultValidationFraction, v => v > 0 && v < 1, "a number in (0, 1)");
        if (data.Request.TestCount == 0)
            o.Errors.Add("--test-n: baselines are scored on a test split; got none (give --test-n N, as to train, to compare with the networks)");
        if (o.Failed(stderr)) return ExitCodes.BadOption;

        PreparedData prepared = BinaryTask.Prepare(data.Request);
        DataDescription d = prepared.Description;
        bool json = o.Has("--json");
        TextWriter log = json ? stderr : stdout;
        log.WriteLine($"data: {d.Dataset} {d.ClassA} vs {d.ClassB}, train n = {d.TrainCount}, test n = {d.TestCount}, d = {d.Dimension}, "
                      + $"preprocess {d.Preprocess}; validation {fraction.ToString("G3", CultureInfo.InvariantCulture)} of the training set (data seed {d.DataSeed})");
        IReadOnlyList<BaselineResult> results = BaselineRunner.Run(prepared.Train, prepared.Test!, d.DataSeed, fraction, progress: log.WriteLine);
        if (json)
        {
            string checksum = Core.Studies.RunIdentity.DataChecksum(prepared.Train.Features, prepared.Train.Labels.Select(v => (double)v).ToArray());
            stdout.Write(BaselinesRecord.Of(results, d, checksum, fraction).ToJson());
            return ExitCodes.Ok;
        }
        stdout.WriteLine();
        stdout.WriteLine($"{"baseline",-16} {"test acc.",9} {"test err.",9} {"valid. acc.",11} {"fit s",7} {"search s",9}  hyperparameters");
        foreach (BaselineResult r in results)
            stdout.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-16} {1,9:P2} {2,9:P2} {3,11:P2} {4,7:F2} {5,9:F2}  {6}",
                r.Name, r.TestAccuracy, 1 - r.TestAccuracy, r.ValidationAccuracy, r.Seconds, r.SearchSeconds, BaselineRunner.Describe(r.Hyperparameters)));
        return ExitCodes.Ok;
    }
}
