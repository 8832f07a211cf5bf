using ReluStudy.Core.Results;
using ReluStudy.Core.Training;

namespace ReluStudy.Tests.Theory;

/// <summary>
/// Finished deep runs in memory with closed-form curves, for the fits and claims: one row per iteration (k, loss and the
/// columns the test gives), and, unless told otherwise, a lazy run's own measurements (kernel.csv's whole-kernel change and
/// prediction.csv's output gap, both <paramref name="kernelChange"/> at every row) so that the measured lazy rule admits it.
/// </summary>
internal static class SyntheticRun
{
    public static RunResult Deep(int width, ulong seed, double step, IEnumerable<Dictionary<MetricColumn, double>> rows, int depth = 3,
        string loss = "ce", double? targetLoss = null, double initialLoss = 0.77, double? kernelChange = 0.01, string? id = null)
    {
        CsvRow[] metrics = rows.Select(r => new CsvRow(r)).ToArray();
        var config = new DeepRunConfiguration
        {
            Dataset = "synthetic", LabelConvention = "", N = 10, D = 3, Preprocess = "none", DataOrigin = "test", TrainSource = "test",
            Depth = depth, Widths = Enumerable.Repeat(width, depth).ToArray(), Loss = loss, Optimizer = "gd", Step = step,
            StepTimesWidth = step * width, Iterations = 1_000_000, Seed = seed, Threads = 1, LogSchedule = "every 1", TargetLoss = targetLoss,
        };
        var record = new RunRecord
        {
            Status = RunStatus.Completed, StartedUtc = DateTime.UnixEpoch, Config = config,
            Summary = new RunSummary { Seconds = 0, WeightsSha256 = "", InitialLoss = initialLoss },
            Software = new SoftwareInfo("", null, "", "", ""), Machine = new MachineInfo("", 1, "", false, false, "", 0),
        };
        CsvRow[] kernel = kernelChange is double c
            ? metrics.Select(r => new CsvRow(new Dictionary<MetricColumn, double>
            {
                [MetricColumns.Iteration] = r.Iteration, [MetricColumns.Layer] = 0, [MetricColumns.TangentKernelChange] = r.Iteration == 0 ? 0 : c,
            })).ToArray()
            : [];
        CsvRow[] predictions = kernelChange is double g
            ? metrics.Where(r => r.Iteration > 0).Select(r => new CsvRow(new Dictionary<MetricColumn, double>
            {
                [MetricColumns.Iteration] = r.Iteration, [MetricColumns.OutputGapLinearized] = g,
            })).ToArray()
            : [];
        return new RunResult($"/runs/{id ?? $"{width}-{depth}-{step}-{seed}"}", record, null, metrics, [], predictions, kernel);
    }

    /// <summary>Rows k = 0, 1, ... until <paramref name="stop"/> says the row is the last: each row's columns from <paramref name="at"/>.</summary>
    public static IEnumerable<Dictionary<MetricColumn, double>> Rows(Func<int, Dictionary<MetricColumn, double>> at, Func<Dictionary<MetricColumn, double>, bool> stop, int max = 1_000_000)
    {
        for (int k = 0; k < max; k++)
        {
            Dictionary<MetricColumn, double> row = at(k);
            row[MetricColumns.Iteration] = k;
            yield return row;
            if (stop(row)) yield break;
        }
    }
}
