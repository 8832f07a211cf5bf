using ReluStudy.Core.CommandLine;
using ReluStudy.Core.Training;

namespace ReluStudy.Cli;

/// <summary>
/// The sharpness options of relustudy train (the deep network): off unless asked for, by --sharpness on or by either
/// of its settings, so that a run without them records, and is named, as before.
/// </summary>
internal static class SharpnessOptions
{
    public static readonly OptionSpec[] Specs =
    [
        new("--sharpness", "on|off", "write sharpness.csv: the loss Hessian's top eigenvalues during training (default off; on with either option below)"),
        new("--sharpness-every", "S", $"sharpness.csv at k = 0, every S iterations and the last (default {SharpnessSettings.DefaultEvery})"),
        new("--hessian-n", "N", $"the Hessian on a seeded subsample of at most N examples (default {SharpnessSettings.DefaultHessianN})"),
    ];

    /// <summary>The settings asked for, or null for none; every problem goes to <paramref name="o"/>'s errors.</summary>
    public static SharpnessSettings? Read(OptionReader o)
    {
        bool? asked = o.Has("--sharpness") ? o.Choice("--sharpness", false, new Dictionary<string, bool> { ["on"] = true, ["off"] = false }) : null;
        int? every = o.Has("--sharpness-every") ? o.Int("--sharpness-every", 1, min: 1) : null;
        int? rows = o.Has("--hessian-n") ? o.Int("--hessian-n", SharpnessSettings.DefaultHessianN, min: 1) : null;
        if (asked == false)
            foreach (string setting in new[] { "--sharpness-every", "--hessian-n" }.Where(o.Has))
                o.Errors.Add($"{setting}: applies only with sharpness on; got '{o.String(setting)}' with --sharpness off");
        if (asked == false || (asked is null && every is null && rows is null)) return null;
        return new SharpnessSettings { Every = every ?? SharpnessSettings.DefaultEvery, HessianN = rows ?? SharpnessSettings.DefaultHessianN };
    }
}
