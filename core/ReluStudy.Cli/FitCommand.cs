using ReluStudy.Core.CommandLine;
using System.Globalization;
using ReluStudy.Core.Results;
using ReluStudy.Core.Theory.Fits;

namespace ReluStudy.Cli;

/// <summary>relustudy fit RUNS...: width-scaling exponents against their predictions (docs/theory.md, sections 4 and 8).</summary>
internal static class FitCommand
{
    public static readonly OptionSet Options = new("relustudy fit RUN_OR_FOLDER... [--target-fraction F] [--json]",
        """
          Reads every run folder given or found below the paths, groups runs that differ only in the fitted axis
          and seed, and for each quantity fits log Q = a + b log x per seed by least squares, over the runs lazy by
          their own kernel at the quantity's point (docs/theory.md, section 8), with a 95 % t interval over the seeds'
          slopes, then judges b against the predicted exponent, all fits together (Benjamini-Hochberg): consistent,
          inconsistent, inconclusive or insufficient (fewer than 5 axis values or 3 seeds).
        """,
        [
            new("--target-fraction", "F", "the fixed target L_S <= F * L_S(0) for runs without a stop_at_loss (default 0.1)"),
            new("--json", null, "print the fits as JSON"),
        ]);

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        if (Help.Asked(args, Options, stdout)) return ExitCodes.Ok;
        OptionReader o = Options.Read(args);
        double fraction = o.Double("--target-fraction", 0.1, v => v > 0 && v < 1, "a number in (0, 1)");
        if (o.Positionals.Count == 0) o.Errors.Add("fit: needs at least one run folder or folder of runs; got none");
        foreach (string p in o.Positionals.Where(p => !Directory.Exists(p)))
            o.Errors.Add($"fit: every path must be an existing folder; got '{p}'");
        if (o.Failed(stderr)) return ExitCodes.BadOption;

        RunResult[] runs = ResultsLayout.RunFoldersUnder(o.Positionals).Select(RunResult.Read).ToArray();
        if (runs.Length == 0)
        {
            stderr.WriteLine($"error: fit: no run folders ({ResultsLayout.Record}) under {string.Join(", ", o.Positionals)}");
            return ExitCodes.BadOption;
        }
        var all = new List<FitRecord>();
        var inv = CultureInfo.InvariantCulture;
        // One group per setting the fits share (runs that differ only in the fitted axis and seed), in setting order.
        foreach (IGrouping<string, ScalingFit> group in ScalingFit.For(runs, _ => true, fraction).GroupBy(f => f.Setting).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (!o.Has("--json")) stdout.WriteLine($"setting: {group.Key}");
            foreach (ScalingFit f in group)
            {
                ScalingQuantity q = f.Quantity;
                all.Add(f.ToRecord());
                if (o.Has("--json")) continue;
                string excluded = f.Excluded.Count == 0 ? "" : "; left out: " + string.Join("; ", f.Excluded.Select(e => $"{q.Axis.Symbol} = {e.X} ({e.Run}): {e.Reason}"));
                int withoutValue = f.ZeroRuns.Count + f.MissingRuns.Count;
                stdout.WriteLine(f.Fit is PowerLawResult fit
                    ? string.Format(inv, "  {0,-8} b = {1:F3} [{2:F3}, {3:F3}] over {10} = {4:G4}..{5:G4} ({6} points, {7} seeds{8}): {9}{11}",
                        q.Id, fit.Exponent, fit.Low, fit.High, fit.XMin, fit.XMax, fit.Points, fit.Seeds,
                        withoutValue > 0 ? $", {withoutValue} run(s) with no value or 0" : "", f.Verdict, q.Axis.Symbol, excluded)
                    : $"  {q.Id,-8} {q.Description}: {f.Verdict}{excluded}");
            }
        }
        // Runs that searched their largest stable step: which of its predictions describes it (docs/theory.md, section 8).
        IReadOnlyList<PredictionAgreement> predictions = StepPredictionRule.For(runs, _ => true);
        if (!o.Has("--json"))
            foreach (PredictionAgreement a in predictions)
                stdout.WriteLine(string.Format(inv, "{0} across {1} ({2}): {3}, slope {4:F3}, {3} {5:G3} to {6:G3}: {7} eta*",
                    a.Prediction.Symbol, a.Axis.Plural, a.Setting, a.Prediction.Ratio, a.Fit?.Exponent ?? double.NaN, a.MinRatio, a.MaxRatio, a.VerdictText));
        if (o.Has("--json"))
            stdout.Write(new FitsRecord { Fits = all, StepPredictions = predictions.Count > 0 ? predictions.Select(a => a.ToRecord()).ToArray() : null }.ToJson());
        return ExitCodes.Ok;
    }
}
