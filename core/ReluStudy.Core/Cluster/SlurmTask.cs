using ReluStudy.Core.Output;
using ReluStudy.Core.Results;
using ReluStudy.Core.Training;
using ReluStudy.Core.Studies;

namespace ReluStudy.Core.Cluster;

/// <summary>One run of a plan on its own: what a Slurm array task does.</summary>
public static class SlurmTask
{
    /// <summary>
    /// Runs run <paramref name="index"/> of the plan alone, as a Slurm array task does: the run list the study was
    /// submitted with (slurm/runs.json) must name the same run at that index. A previous attempt of the same task
    /// (a requeue racing its predecessor's exit) may still hold the run's lock for a moment, so the task waits up
    /// to two minutes for it. Then the study's missing baselines, by whichever task gets to them first.
    /// </summary>
    /// <returns>The run's status, or null when another process holds the run.</returns>
    public static RunStatus? Run(StudyPlan plan, int index, int threads, IStudyProgress progress, CancellationToken cancellation = default)
    {
        if (index < 0 || index >= plan.Runs.Count)
            throw new ClusterException($"--task: must be a run index in 0..{plan.Runs.Count - 1} of study {plan.Name}; got {index}");
        PlannedRun run = plan.Runs[index];
        if (SlurmRunList.Read(plan.Folder) is { } listed)
        {
            string? id = index < listed.Runs.Count ? listed.Runs[index].Id : null;
            if (id != run.Id)
                throw new ClusterException(
                    $"{ResultsLayout.SlurmRunsPath(plan.Folder)}: run {index} must be the submitted run {id ?? "(none)"}; this plan's run {index} is {run.Id} ({run.Spec.Label}): the study changed since it was submitted, submit it again");
        }
        StudyRunner.Prepare(plan, threads);

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

        if (StudyRunner.BaselineJobs(plan, progress, cancellation).Any())
        {
            try
            {
                using RunLock only = RunLock.Acquire(Path.Combine(plan.Folder, ResultsLayout.Baselines));
                // Listed again under the lock: a task that held it before may have written some.
                foreach (Action job in StudyRunner.BaselineJobs(plan, progress, cancellation)) job();
            }
            catch (OutputException e) when (e.IsLocked)
            {
                // another task is training them
            }
        }
        StudyRunner.WriteIndex(plan, new Dictionary<string, RunStatus>());
        return status;
    }
}
