using ReluStudy.Core.CommandLine;
using System.Globalization;
using ReluStudy.Core.Results;
using ReluStudy.Core.Cluster;

namespace ReluStudy.Cli;

/// <summary>relustudy status and relustudy submit: a submitted study's runs, and re-submitting those without a result.</summary>
internal static class ClusterCommands
{
    public static readonly OptionSet StatusOptions = new("relustudy status RESULTS/STUDY",
        """
        The runs of a study submitted with its script's --submit: done, diverged, failed, running, queued,
        unfinished (killed or pre-empted, will resume from its checkpoint) or new, from the results folder and
        from squeue when Slurm answers.
        """, []);

    public static readonly OptionSet SubmitOptions = new("relustudy submit RESULTS/STUDY [--failed] [--cpus N] [--mem MB] [--time T] [--throttle N]",
        """
        Submits again, as one job array with the resources of the first submission unless given, the runs of a
        submitted study that have no result and are neither queued nor running (unfinished or new ones), or with
        --failed only the failed ones. Each task resumes its run from the run's checkpoint.
        """,
        [
            new("--failed", null, "submit the failed runs (instead of the unfinished and new ones)"),
            new("--cpus", "N", "CPUs per task (default: the first submission's)"),
            new("--mem", "MB", "memory per task (default: the first submission's)"),
            new("--time", "T", "time limit per task: minutes, MM:SS, HH:MM:SS or D-HH:MM:SS (default: the first submission's)"),
            new("--throttle", "N", "at most N tasks at once"),
        ]);

    public static int Status(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        if (Help.Asked(args, StatusOptions, stdout)) return ExitCodes.Ok;
        OptionReader o = StatusOptions.Read(args);
        if (o.Positionals.Count != 1) o.Errors.Add($"status: takes one study folder (RESULTS/STUDY); got {o.Positionals.Count} argument(s)");
        if (o.Failed(stderr)) return ExitCodes.BadOption;
        IReadOnlyList<SubmittedRun> runs = SlurmStatus.Read(o.Positionals[0]);
        foreach (SubmittedRun r in runs)
            stdout.WriteLine($"{r.Index,5}  {r.Id}  {r.State,-10}  {r.Label}{(r.Detail is null || r.State is "done" ? "" : "  " + r.Detail)}");
        stdout.WriteLine(string.Join(", ", runs.GroupBy(r => r.State).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"))
                         + $" of {runs.Count} runs");
        return ExitCodes.Ok;
    }

    public static int Submit(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        if (Help.Asked(args, SubmitOptions, stdout)) return ExitCodes.Ok;
        OptionReader o = SubmitOptions.Read(args);
        if (o.Positionals.Count != 1) o.Errors.Add($"submit: takes one study folder (RESULTS/STUDY); got {o.Positionals.Count}");
        string folder = o.Positionals.FirstOrDefault() ?? "";
        SlurmSubmission? first = o.Positionals.Count == 1 ? SlurmSubmission.Read(folder) : null;
        if (o.Positionals.Count == 1 && first is null)
            o.Errors.Add($"submit: '{folder}' must hold a study submitted once with its script's --submit ({ResultsLayout.Slurm}/{ResultsLayout.SlurmSubmissions}); got none");
        int? cpus = o.Has("--cpus") ? o.Int("--cpus", 1, min: 1) : null;
        int? mem = o.Has("--mem") ? o.Int("--mem", 1, min: 1) : null;
        int? throttle = o.Has("--throttle") ? o.Int("--throttle", 1, min: 1) : null;
        TimeSpan? time = null;
        if (o.String("--time") is string t && (time = SlurmRequest.ParseTime(t)) is null)
            o.Errors.Add($"--time: must be minutes, MM:SS, HH:MM:SS or D-HH:MM:SS; got '{t}'");
        if (o.Failed(stderr)) return ExitCodes.BadOption;

        var request = new SlurmRequest
        {
            Cpus = cpus ?? first!.Cpus,
            MemoryMb = mem ?? first!.MemMb,
            TimeLimit = time ?? SlurmRequest.ParseTime(first!.Time)!.Value,
            Partition = first!.Partition,
            Account = first.Account,
            ExtraLines = first.ExtraLines.ToList(),
            Throttle = throttle ?? first.Throttle,
        };
        IReadOnlyList<SubmittedRun> runs = SlurmStatus.Read(folder);
        int[] indices = runs.Where(r => o.Has("--failed") ? r.State == "failed" : r.State is "unfinished" or "new").Select(r => r.Index).ToArray();
        if (indices.Length == 0)
        {
            stdout.WriteLine($"nothing to submit: no {(o.Has("--failed") ? "failed" : "unfinished or new")} run in {Path.GetFullPath(folder)}");
            return ExitCodes.Ok;
        }
        string study = Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar));
        foreach (SubmittedArray a in SlurmSubmitter.SubmitIndices(Path.GetFullPath(folder), study, indices, request, first.Command, first.WorkingDirectory))
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"submitted job array {a.JobId}: runs {ArrayIndices.Format(a.PlanIndices)} ({request.Cpus} CPU(s), {request.MemoryMb} MB, {request.TimeText} each)"));
        return ExitCodes.Ok;
    }
}
