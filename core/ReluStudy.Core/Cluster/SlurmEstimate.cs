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

    /// <summary>
    /// MB: the runtime and ML.NET (600 MB), the raw data set read whole (an upper bound: full CIFAR-10 is 180 MB),
    /// the prepared inputs, the activations and two copies of the weights (W, W(0)) in float32, twice for headroom.
    /// </summary>
    public static int MemoryMb(StudyPlan plan)
    {
        double most = 0;
        foreach (PlannedRun r in plan.Runs)
        {
            int d = plan.DimensionOf(r);
            long n = r.Spec.Data.TrainCount + r.Spec.Data.TestCount;
            double bytes;
            if (r.Spec.Deep is { } deep)
            {
                double units = deep.Widths.Sum(w => (double)w);
                double weights = (double)d * deep.Widths[0] + deep.Widths.Zip(deep.Widths.Skip(1)).Sum(p => (double)p.First * p.Second);
                bytes = 4 * (n * d + 3 * n * units + 3 * weights);
            }
            else
            {
                int m = r.Spec.TwoLayer!.Width;
                bytes = 4 * (n * d + 3.0 * n * m + 2.0 * m * d) + 8 * 3.0 * n * n;
            }
            most = Math.Max(most, bytes);
        }
        double mb = 600 + 200 + 2 * most / (1 << 20);
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
