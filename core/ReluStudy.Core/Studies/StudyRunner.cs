using ReluStudy.Core.Output;
using ReluStudy.Core.Results;
using ReluStudy.Core.Training;

namespace ReluStudy.Core.Studies;

/// <summary>How a sweep ended: counts by outcome.</summary>
/// <param name="Busy">Runs left to another process that held their lock.</param>
/// <param name="Collapsed">Runs whose network died (<see cref="RunStatus.Collapsed"/>).</param>
public sealed record StudySummary(int Reused, int Ran, int Failed, int Diverged, int Interrupted, int NotStarted, int Busy = 0, int Collapsed = 0)
{
    /// <summary>True when every run has a result and none failed.</summary>
    public bool Succeeded => Failed == 0 && Interrupted == 0 && NotStarted == 0 && Busy == 0;
}

/// <summary>
/// Runs a plan's missing runs. Runs too small to use every core (under <see cref="SmallRunFlops"/> per
/// iteration) run side by side with one thread each; larger ones run one at a time with all threads.
/// Results do not depend on the thread count, so the split only changes the wall time.
/// </summary>
public static partial class StudyRunner
{
    public const double SmallRunFlops = 3e9;

    public static StudySummary Run(StudyPlan plan, int threads, IStudyProgress progress, bool rerunFailed = false, CancellationToken cancellation = default)
    {
        var pending = plan.Runs.Where(r => r.State is RunState.New or RunState.Unfinished || (r.State == RunState.Failed && rerunFailed)).ToList();
        int reused = plan.Runs.Count - pending.Count;
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<string, RunStatus>();
        foreach (PlannedRun r in plan.Runs.Except(pending))
            if (r.Status is RunStatus s) statuses[r.Id] = s;
        Prepare(plan, threads);
        var busy = new System.Collections.Concurrent.ConcurrentBag<string>();

        void Execute(PlannedRun run, int runThreads)
        {
            if (cancellation.IsCancellationRequested) return;
            LoadedData data = plan.Data[(run.Spec.Data, run.Spec.IsTwoLayer)];
            RunEnd? end = RunExecutor.Execute(run, data, runThreads, progress, cancellation);
            if (end is null) busy.Add(run.Id);
            else statuses[run.Id] = end.Status;
            progress.Finished(run, end?.Status, end?.Message);
        }

        bool Small(PlannedRun r) => r.Spec.FlopsPerIteration(plan.Data[(r.Spec.Data, r.Spec.IsTwoLayer)].Dimension) < SmallRunFlops;
        foreach (PlannedRun run in pending.Where(r => !Small(r))) Execute(run, threads);
        // The baselines are single-threaded, so they share the slots of the small runs; first, as the longest jobs.
        IEnumerable<Action> jobs = BaselineJobs(plan, progress, cancellation)
            .Concat(pending.Where(Small).Select(run => (Action)(() => Execute(run, 1))));
        try
        {
            Parallel.ForEach(jobs, new ParallelOptions { MaxDegreeOfParallelism = threads }, job => job());
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<OutputException>().FirstOrDefault() is { } output)
        {
            throw output; // a full or unwritable results folder stops the sweep; the other failures are per run
        }

        WriteIndex(plan, statuses);
        int Count(RunStatus s) => pending.Count(r => statuses.TryGetValue(r.Id, out RunStatus v) && v == s);
        return new StudySummary(reused, pending.Count(r => statuses.ContainsKey(r.Id)), Count(RunStatus.Failed), Count(RunStatus.Diverged),
            Count(RunStatus.Interrupted), pending.Count(r => !statuses.ContainsKey(r.Id) && !busy.Contains(r.Id)), busy.Count, Count(RunStatus.Collapsed));
    }

    /// <summary>
    /// baselines/&lt;checksum&gt;.json for each classification data set with a test split, when the plan asks for
    /// baselines and the file is not there yet. A failed baseline search is reported and skipped, not fatal.
    /// </summary>
    internal static IEnumerable<Action> BaselineJobs(StudyPlan plan, IStudyProgress progress, CancellationToken cancellation)
    {
        foreach ((LoadedData data, string path) in plan.PendingBaselines)
        {
            Data.Dataset test = data.Classification!.Test!;
            yield return () =>
            {
                if (cancellation.IsCancellationRequested) return;
                string what = $"baselines on {data.Description.Dataset} {data.Description.ClassA} vs {data.Description.ClassB}";
                progress.BaselinesStarted(what, Baselines.BaselineRunner.EstimatedSeconds(data.Classification.Train));
                IReadOnlyList<Baselines.BaselineResult> results;
                try
                {
                    results = Baselines.BaselineRunner.Run(data.Classification.Train, test, data.Description.DataSeed);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    progress.BaselinesFinished(what, $"failed ({e.GetType().Name}: {e.Message})");
                    return;
                }
                try
                {
                    BaselinesRecord.Of(results, data.Description, data.Checksum, Baselines.BaselineRunner.DefaultValidationFraction).Write(path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw OutputException.From(plan.Folder, e);
                }
                progress.BaselinesFinished(what, string.Join(", ", results.Select(r => $"{r.Name} {r.TestAccuracy:P1}")));
            };
        }
    }

    /// <summary>
    /// The study folder and the data checks of its data sets (data/&lt;checksum&gt;.json, skipped when there).
    /// A Slurm submission calls it once, so that the array's tasks do not each compute them.
    /// </summary>
    public static void Prepare(StudyPlan plan, int threads)
    {
        try
        {
            Directory.CreateDirectory(plan.Folder);
            WriteDataStatistics(plan, threads);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw OutputException.From(plan.Folder, e);
        }
    }

    /// <summary>Largest n whose data-assumption check (an n × n float64 Gram matrix) the runner computes.</summary>
    public const int DataStatisticsLimit = 5000;

    /// <summary>
    /// data/&lt;checksum&gt;.json for each classification data set of the study (n ≤ <see cref="DataStatisticsLimit"/>):
    /// the assumption check of relustudy data stats, for the report's theory section.
    /// </summary>
    private static void WriteDataStatistics(StudyPlan plan, int threads)
    {
        foreach (LoadedData data in plan.Data.Values.DistinctBy(d => d.Checksum))
        {
            if (data.Classification is null || data.Classification.Train.Count > DataStatisticsLimit) continue;
            string path = ResultsLayout.PerData(plan.Folder, ResultsLayout.DataChecks, data.Checksum);
            if (File.Exists(path)) continue;
            Theory.DataChecks.DataStatistics.Compute(data.Classification.Train, data.Description, threads, data.Checksum).Write(path);
        }
    }

    /// <summary>study.json: the declaration and every run of the study with its id, sweep values and status.</summary>
    internal static void WriteIndex(StudyPlan plan, IReadOnlyDictionary<string, RunStatus> statuses) =>
        new StudyIndex
        {
            Name = plan.Name, Declaration = plan.Declaration,
            Runs = plan.Runs.Select(r => new StudyIndexRun(r.Id, r.Spec.Label, r.Spec.IsTwoLayer ? RunConfiguration.TwoLayerModel : RunConfiguration.DeepModel,
                r.Spec.Axes, statuses.TryGetValue(r.Id, out RunStatus s) ? s : RunRecordFile.State(r.Folder).Record?.Status)).ToArray(),
        }.Write(plan.Folder);
}
