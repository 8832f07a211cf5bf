using ReluStudy.Core.Output;
using ReluStudy.Core.Results;
using ReluStudy.Core.Studies;
using ReluStudy.Core.Training;

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
        SlurmRunList runs = SlurmRunList.Read(studyFolder) ?? throw new ClusterException(
            $"{studyFolder}: must hold a submitted study ({ResultsLayout.Slurm}/{ResultsLayout.SlurmRuns}); got none (submit it with the study script's --submit)");
        var queued = QueueByIndex(studyFolder);
        var result = new List<SubmittedRun>();
        foreach ((int index, string id, string label) in runs.Runs)
        {
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
            result.Add(new SubmittedRun(index, id, label, where, detail));
        }
        return result;
    }

    private static Dictionary<int, string> QueueByIndex(string studyFolder)
    {
        var byIndex = new Dictionary<int, string>();
        if (SlurmSubmission.Read(studyFolder) is not { } submission) return byIndex;
        var offsets = submission.Jobs.ToDictionary(j => j.JobId, j => j.Offset);
        foreach (((string job, int task), string code) in SlurmCommands.Queue(offsets.Keys))
            if (offsets.TryGetValue(job, out int offset)) byIndex[offset + task] = code;
        return byIndex;
    }
}
