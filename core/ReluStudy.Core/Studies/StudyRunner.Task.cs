using System.Text.Json;
using ReluStudy.Core.Output;
using ReluStudy.Core.Results;

namespace ReluStudy.Core.Studies;

/// <summary>One run of a plan on its own: what a Slurm array task does.</summary>
public static partial class StudyRunner
{
    /// <summary>
    /// Runs run <paramref name="index"/> of the plan alone, as a Slurm array task does: the run list the study was
    /// submitted with (slurm/runs.json) must name the same run at that index. A previous attempt of the same task
    /// (a requeue racing its predecessor's exit) may still hold the run's lock for a moment, so the task waits up
    /// to two minutes for it. Then the study's missing baselines, by whichever task gets to them first.
    /// </summary>
    /// <returns>The run's status, or null when another process holds the run.</returns>
    public static RunStatus? RunTask(StudyPlan plan, int index, int threads, IStudyProgress progress, CancellationToken cancellation = default)
    {
        if (index < 0 || index >= plan.Runs.Count)
            throw new Cluster.ClusterException($"--task: must be a run index in 0..{plan.Runs.Count - 1} of study {plan.Name}; got {index}");
        PlannedRun run = plan.Runs[index];
        string listed = Path.Combine(plan.Folder, Cluster.SlurmSubmitter.FolderName, "runs.json");
        if (File.Exists(listed))
        {
            using JsonDocument json = JsonDocument.Parse(File.ReadAllText(listed));
            JsonElement runs = json.RootElement.GetProperty("runs");
            string? id = index < runs.GetArrayLength() ? runs[index].GetProperty("id").GetString() : null;
            if (id != run.Id)
                throw new Cluster.ClusterException(
                    $"{listed}: run {index} must be the submitted run {id ?? "(none)"}; this plan's run {index} is {run.Id} ({run.Spec.Label}): the study changed since it was submitted, submit it again");
        }
        Prepare(plan, threads);

        RunStatus? status;
        if (run.State == RunState.Done)
        {
            status = run.Status;
            progress.Finished(run, status, "already done");
        }
        else
        {
            RunEnd? end = RunExecutor.Execute(run, plan.Data[(run.Spec.Data, run.Spec.IsTwoLayer)], threads, progress, cancellation,
                lockWait: TimeSpan.FromMinutes(2));
            status = end?.Status;
            progress.Finished(run, status, end?.Message);
        }

        if (BaselineJobs(plan, progress, cancellation).Any())
        {
            try
            {
                using RunLock only = RunLock.Acquire(Path.Combine(plan.Folder, "baselines"));
                // Listed again under the lock: a task that held it before may have written some.
                foreach (Action job in BaselineJobs(plan, progress, cancellation)) job();
            }
            catch (OutputException e) when (e.IsLocked)
            {
                // another task is training them
            }
        }
        WriteIndex(plan, new Dictionary<string, RunStatus>());
        return status;
    }
}
