using System.Text.Json;
using ReluStudy.Core.Output;
using ReluStudy.Core.Results;
using ReluStudy.Core.Studies;

namespace ReluStudy.Core.Cluster;

/// <summary>One run of a submitted study: its plan index, id, label and where it stands.</summary>
public sealed record SubmittedRun(int Index, string Id, string Label, string State, string? Detail);

/// <summary>
/// Where a study's runs stand, from the results folder (run.json, and run.lock held by a live task) and,
/// when Slurm's squeue answers, from the queue: done, diverged, failed, running, queued, unfinished, new.
/// </summary>
public static class SlurmStatus
{
    public static IReadOnlyList<SubmittedRun> Read(string studyFolder)
    {
        string runsPath = Path.Combine(studyFolder, SlurmSubmitter.FolderName, "runs.json");
        if (!File.Exists(runsPath))
            throw new ClusterException($"{studyFolder}: must hold a submitted study ({SlurmSubmitter.FolderName}/runs.json); got none (submit it with the study script's --submit)");
        using JsonDocument runs = JsonDocument.Parse(File.ReadAllText(runsPath));
        var queued = QueueByIndex(studyFolder);
        var result = new List<SubmittedRun>();
        foreach (JsonElement r in runs.RootElement.GetProperty("runs").EnumerateArray())
        {
            int index = r.GetProperty("index").GetInt32();
            string id = r.GetProperty("id").GetString()!;
            string folder = Path.Combine(studyFolder, id);
            (RunState state, RunRecord? record) = RunRecordFile.State(folder);
            RunStatus? status = record?.Status;
            bool brokeDown = status?.BrokeDown() == true;
            string where = state switch
            {
                RunState.Done => brokeDown ? status!.Value.Name() : "done",
                RunState.Failed => "failed",
                _ when queued.TryGetValue(index, out string? code) => code is "PD" or "CF" ? "queued" : "running",
                _ when RunLock.IsHeld(folder) => "running",
                RunState.Unfinished => "unfinished",
                _ => "new",
            };
            string? detail = state == RunState.Failed || brokeDown ? record?.Message : status?.Name();
            result.Add(new SubmittedRun(index, id, r.GetProperty("label").GetString()!, where, detail));
        }
        return result;
    }

    private static Dictionary<int, string> QueueByIndex(string studyFolder)
    {
        var byIndex = new Dictionary<int, string>();
        string submit = Path.Combine(studyFolder, SlurmSubmitter.FolderName, "submit.json");
        if (!File.Exists(submit)) return byIndex;
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(submit));
        var offsets = json.RootElement.GetProperty("jobs").EnumerateArray()
            .ToDictionary(j => j.GetProperty("job_id").GetString()!, j => j.GetProperty("offset").GetInt32());
        foreach (((string job, int task), string code) in SlurmCommands.Queue(offsets.Keys))
            if (offsets.TryGetValue(job, out int offset)) byIndex[offset + task] = code;
        return byIndex;
    }
}
