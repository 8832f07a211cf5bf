using System.Text;
using ReluStudy.Core.Output;
using ReluStudy.Core.Results;
using ReluStudy.Core.Studies;

namespace ReluStudy.Core.Cluster;

/// <summary>One sbatch call: the job id and the plan indices its tasks run.</summary>
public sealed record SubmittedArray(string JobId, int Offset, IReadOnlyList<int> PlanIndices);

/// <summary>
/// Submits a study as one Slurm job array: task i runs run i of the plan (slurm/runs.json), through the
/// command the caller gives (the study's own script in task mode), so an array task writes exactly the files
/// a local run does. Tasks are requeue-able and resume from their run's checkpoint.
/// </summary>
public static class SlurmSubmitter
{
    public const string OffsetVariable = "RELUSTUDY_TASK_OFFSET";

    /// <summary>slurm/runs.json: the plan's runs in order, with their ids, for the tasks and for relustudy status.</summary>
    public static void WriteRunList(StudyPlan plan) =>
        new SlurmRunList { Study = plan.Name, Runs = plan.Runs.Select((r, i) => new SlurmListedRun(i, r.Id, r.Spec.Label)).ToArray() }.Write(plan.Folder);

    /// <param name="taskCommand">The command that runs one run of this study; the script appends --threads and --task INDEX.</param>
    public static IReadOnlyList<SubmittedArray> Submit(StudyPlan plan, IReadOnlyList<int> planIndices, SlurmRequest request,
        IReadOnlyList<string> taskCommand, string workingDirectory)
    {
        IReadOnlyList<string> problems = request.Problems();
        if (problems.Count > 0) throw new ClusterException(string.Join("; ", problems));
        WriteRunList(plan);
        return SubmitIndices(plan.Folder, plan.Name, planIndices, request, taskCommand, workingDirectory);
    }

    /// <summary>Submits the given plan indices of a study whose runs.json exists (a first submission or a re-submission).</summary>
    public static IReadOnlyList<SubmittedArray> SubmitIndices(string studyFolder, string studyName, IReadOnlyList<int> planIndices, SlurmRequest request,
        IReadOnlyList<string> taskCommand, string workingDirectory)
    {
        if (planIndices.Count == 0) return [];
        string folder = ResultsLayout.SlurmFolder(studyFolder);
        string logs = Path.Combine(folder, ResultsLayout.SlurmLogs);
        Directory.CreateDirectory(logs);
        string script = Path.Combine(folder, ResultsLayout.SlurmScript);
        AtomicFile.WriteAllText(script, Script(studyName, request, taskCommand, workingDirectory, logs));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        int maxArraySize = request.MaxArraySize ?? SlurmCommands.MaxArraySize();
        var submitted = new List<SubmittedArray>();
        foreach ((int offset, int[] taskIds) in ArrayIndices.Split(planIndices, maxArraySize))
        {
            string array = ArrayIndices.Format(taskIds) + (request.Throttle is int t ? $"%{t}" : "");
            string output = SlurmCommands.Run("sbatch", ["--parsable", $"--array={array}", $"--export=ALL,{OffsetVariable}={offset}", script]);
            string jobId = output.Trim().Split(';')[0];
            submitted.Add(new SubmittedArray(jobId, offset, taskIds.Select(i => i + offset).ToArray()));
        }
        RecordSubmission(studyFolder, request, taskCommand, workingDirectory, submitted);
        return submitted;
    }

    /// <summary>The batch script: resources as #SBATCH lines, then the task's command with its plan index.</summary>
    public static string Script(string studyName, SlurmRequest request, IReadOnlyList<string> taskCommand, string workingDirectory, string logs)
    {
        var s = new StringBuilder("#!/bin/bash\n");
        void Line(string option) => s.Append("#SBATCH ").Append(option).Append('\n');
        Line($"--job-name=relustudy-{studyName}");
        Line($"--cpus-per-task={request.Cpus}");
        Line($"--mem={request.MemoryMb}M");
        Line($"--time={request.TimeText}");
        Line("--requeue");
        Line("--open-mode=append");
        Line($"--output={Path.Combine(logs, "%A_%a.out")}");
        if (request.Partition is string p) Line($"--partition={p}");
        if (request.Account is string a) Line($"--account={a}");
        foreach (string extra in request.ExtraLines) Line(extra.StartsWith("#SBATCH", StringComparison.Ordinal) ? extra["#SBATCH".Length..].Trim() : extra.Trim());
        s.Append("# Task i runs run i of runs.json; the offset is non-zero when the array was split at the cluster's MaxArraySize.\n");
        s.Append("# A requeued or re-submitted task resumes its run from the run's checkpoint.\n");
        s.Append("set -euo pipefail\n");
        s.Append($"cd {Quote(workingDirectory)}\n");
        s.Append($"index=$(( ${{{OffsetVariable}:-0}} + SLURM_ARRAY_TASK_ID ))\n");
        s.Append("exec ").Append(string.Join(" ", taskCommand.Select(Quote)))
            .Append(" --threads \"${SLURM_CPUS_PER_TASK:-1}\" --task \"$index\"\n");
        return s.ToString();
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''") + "'";

    /// <summary>slurm/submit.json: the command and resources (for re-submission) and every array submitted.</summary>
    private static void RecordSubmission(string studyFolder, SlurmRequest request, IReadOnlyList<string> taskCommand, string workingDirectory,
        IReadOnlyList<SubmittedArray> arrays)
    {
        string now = DateTimeOffset.UtcNow.UtcDateTime.ToString("O");
        IReadOnlyList<SlurmJob> earlier = SlurmSubmission.Read(studyFolder)?.Jobs ?? [];
        new SlurmSubmission
        {
            Command = taskCommand, WorkingDirectory = workingDirectory, Cpus = request.Cpus, MemMb = request.MemoryMb, Time = request.TimeText,
            Partition = request.Partition, Account = request.Account, ExtraLines = request.ExtraLines, Throttle = request.Throttle,
            Jobs = [.. earlier, .. arrays.Select(a => new SlurmJob(a.JobId, a.Offset, a.PlanIndices, now))],
        }.Write(studyFolder);
    }
}
