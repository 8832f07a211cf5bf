using ReluStudy.Core.Studies;

namespace ReluStudy.Core.Cluster;

/// <summary>
/// Default resources for a plan's array tasks: memory from the largest run's arrays, time from the plan's
/// own estimate (measured on this machine) scaled to the task's CPUs, with margins, since a task that hits
/// its limit is killed (and resumes from its checkpoint when requeued, at the cost of a requeue).
/// </summary>
public static class SlurmEstimate
{
    /// <summary>One CPU per task when every run is small (StudyRunner's own rule); four otherwise.</summary>
    public static int Cpus(StudyPlan plan) =>
        plan.Runs.All(r => r.Spec.FlopsPerIteration(plan.DimensionOf(r)) < StudyRunner.SmallRunFlops) ? 1 : 4;

    /// <summary>MB: the largest run's <see cref="RunMemory"/> estimate with its arrays counted twice for headroom, since a task
    /// that exceeds --mem is killed.</summary>
    public static int MemoryMb(StudyPlan plan)
    {
        double most = plan.Runs.Max(r => RunMemory.ArrayBytes(r.Spec, plan.DimensionOf(r)));
        double mb = (RunMemory.BaseBytes + 2 * most) / (1 << 20);
        return (int)(Math.Ceiling(mb / 256) * 256);
    }

    /// <summary>Three times the slowest run's estimate at <paramref name="cpus"/> CPUs, plus 15 minutes for start-up and data loading.</summary>
    public static TimeSpan Time(StudyPlan plan, int cpus, int plannedThreads)
    {
        double slowest = plan.Runs.Max(r => r.EstimatedSeconds) * Math.Max(1.0, (double)plannedThreads / cpus);
        double seconds = 3 * slowest + 15 * 60;
        return TimeSpan.FromMinutes(Math.Ceiling(seconds / 60));
    }
}
