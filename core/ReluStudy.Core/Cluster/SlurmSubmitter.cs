using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReluStudy.Core.Output;
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
    public const string FolderName = "slurm";
    public const string OffsetVariable = "RELUSTUDY_TASK_OFFSET";

    /// <summary>slurm/runs.json: the plan's runs in order, with their ids, for the tasks and for relustudy status.</summary>
    public static void WriteRunList(StudyPlan plan)
    {
        var json = new JsonObject
        {
            ["format"] = "relustudy-runs/1",
            ["study"] = plan.Name,
            ["runs"] = new JsonArray(plan.Runs.Select((r, i) => (JsonNode)new JsonObject { ["index"] = i, ["id"] = r.Id, ["label"] = r.Spec.Label }).ToArray()),
        };
        string folder = Path.Combine(plan.Folder, FolderName);
        Directory.CreateDirectory(folder);
        AtomicFile.WriteAllText(Path.Combine(folder, "runs.json"), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

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
        string folder = Path.Combine(studyFolder, FolderName);
        string logs = Path.Combine(folder, "logs");
        Directory.CreateDirectory(logs);
        string script = Path.Combine(folder, "job.sh");
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
        RecordSubmission(folder, request, taskCommand, workingDirectory, submitted);
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
    private static void RecordSubmission(string folder, SlurmRequest request, IReadOnlyList<string> taskCommand, string workingDirectory, IReadOnlyList<SubmittedArray> arrays)
    {
        string path = Path.Combine(folder, "submit.json");
        JsonArray jobs = File.Exists(path) && JsonNode.Parse(File.ReadAllText(path))?["jobs"] is JsonArray previous
            ? (JsonArray)previous.DeepClone()
            : [];
        foreach (SubmittedArray a in arrays)
            jobs.Add(new JsonObject
            {
                ["job_id"] = a.JobId, ["offset"] = a.Offset,
                ["plan_indices"] = new JsonArray(a.PlanIndices.Select(i => (JsonNode)i).ToArray()),
                ["submitted_utc"] = DateTimeOffset.UtcNow.UtcDateTime.ToString("O"),
            });
        var json = new JsonObject
        {
            ["format"] = "relustudy-submit/1",
            ["command"] = new JsonArray(taskCommand.Select(c => (JsonNode)c).ToArray()),
            ["working_directory"] = workingDirectory,
            ["cpus"] = request.Cpus, ["mem_mb"] = request.MemoryMb, ["time"] = request.TimeText,
            ["partition"] = request.Partition, ["account"] = request.Account,
            ["extra_lines"] = new JsonArray(request.ExtraLines.Select(l => (JsonNode)l).ToArray()),
            ["throttle"] = request.Throttle,
            ["jobs"] = jobs,
        };
        AtomicFile.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
