using System.Diagnostics;
using ReluStudy.Core.Data;
using ReluStudy.Core.LinearAlgebra;
using ReluStudy.Core.Results;

namespace ReluStudy.Core.Studies;

/// <summary>
/// Resolves a study's runs against its results folder (&lt;root&gt;/&lt;study&gt;/&lt;run id&gt;/): loads each distinct
/// data set once, computes content ids, reads what is already on disk, and estimates the cost on this
/// machine from a short timing of the kernels.
/// </summary>
public static class StudyPlanner
{
    private static readonly Dictionary<int, double> Rates = [];
    private static readonly int[] CalibrationWidths = [32, 128, 512];

    /// <param name="declaration">how the study was declared (summary, tracked quantities, theory, baselines), kept in study.json for its pages;
    /// with baselines, ML.NET's baselines are trained on each classification data set with a test split.</param>
    public static StudyPlan Plan(string name, IReadOnlyList<RunSpec> specs, string resultsRoot, int threads, StudyDeclaration? declaration = null)
    {
        if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains('/'))
            throw new ArgumentException($"study name: must be a non-empty file name; got '{name}'", nameof(name));
        string folder = Path.GetFullPath(Path.Combine(resultsRoot, name));
        var data = new Dictionary<(DataRequest, bool), LoadedData>();
        var runs = new List<PlannedRun>();
        foreach (RunSpec spec in specs)
        {
            IReadOnlyList<string> problems = spec.Problems();
            if (problems.Count > 0) throw new ArgumentException($"{spec.Label}: {string.Join("; ", problems)}", nameof(specs));
            var key = (spec.Data, spec.IsTwoLayer);
            if (RunMemory.BeforeLoading(spec, Platform.MemorySize.Available) is string early) throw new PlanException($"{spec.Label}: {early}");
            if (!data.TryGetValue(key, out LoadedData? loaded)) data[key] = loaded = LoadedData.Load(spec.Data, spec.IsTwoLayer);
            if (RunMemory.Problem(spec, loaded.Dimension, Platform.MemorySize.Available) is string tooLarge)
                throw new PlanException($"{spec.Label}: {tooLarge}");
            string id = RunIdentity.Id(spec, loaded.Checksum);
            string runFolder = Path.Combine(folder, id);
            (RunState state, RunRecord? record) = RunRecordFile.State(runFolder);
            double sharpness = spec.SharpnessFlops(loaded.Dimension);
            double flops = spec.FlopsPerIteration(loaded.Dimension) * (spec.Iterations + 1) * spec.Probes + sharpness + spec.CriticalStepFlops(loaded.Dimension);
            double? ceiling = null;
            if (spec.Deep is Training.TrainingConfig deep && deep.Predicts(loaded.Classification!.Train.Count))
            {
                double top = TangentKernel.StepCeiling.LimitLambdaMax(loaded.Classification.Train, deep.Widths, threads);
                ceiling = TangentKernel.StepCeiling.MaxStableStepTimesWidth(deep.Loss, loaded.Classification.Train.Count, top);
            }
            runs.Add(new PlannedRun(spec, id, runFolder, state, record?.Status, flops, flops / (GflopsPerSecond(threads, spec.Width) * 1e9) * 1.1)
                { MaxStableStepTimesWidth = ceiling, SharpnessFlops = sharpness });
        }
        if (runs.GroupBy(r => r.Id).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"study {name}: runs {string.Join(" and ", twice.Select(r => r.Spec.Label))} are the same run (id {twice.Key})", nameof(specs));
        return new StudyPlan(name, folder, runs, data, declaration ?? new StudyDeclaration());
    }

    /// <summary>
    /// GFLOP/s of this machine's forward product at width m: timed once per process at widths 32, 128 and
    /// 512 (1000 rows) and interpolated in log m, since small layers run far below the peak.
    /// </summary>
    public static double GflopsPerSecond(int threads, int width = 512)
    {
        lock (Rates)
        {
            if (Rates.Count == 0)
            {
                using var kernels = new SimdKernels(threads);
                foreach (int m in CalibrationWidths) Rates[m] = Measure(kernels, m);
            }
            double x = Math.Log(Math.Clamp(width, CalibrationWidths[0], CalibrationWidths[^1]));
            for (int i = 1; i < CalibrationWidths.Length; i++)
            {
                double lo = Math.Log(CalibrationWidths[i - 1]), hi = Math.Log(CalibrationWidths[i]);
                if (x <= hi)
                {
                    double t = (x - lo) / (hi - lo);
                    return Rates[CalibrationWidths[i - 1]] * (1 - t) + Rates[CalibrationWidths[i]] * t;
                }
            }
            return Rates[CalibrationWidths[^1]];
        }
    }

    private static double Measure(SimdKernels kernels, int width)
    {
        const int rows = 1000;
        var x = new float[rows * width];
        var w = new float[width * width];
        var h = new float[rows * width];
        for (int i = 0; i < x.Length; i++) x[i] = (i % 7) * 0.1f;
        for (int i = 0; i < w.Length; i++) w[i] = (i % 5) * 0.1f - 0.2f;
        double best = double.PositiveInfinity;
        for (int r = 0; r < 6; r++)
        {
            long start = Stopwatch.GetTimestamp();
            kernels.ForwardLayer(x, w, h, rows, width, width);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        return 2.0 * rows * width * width / best / 1e9;
    }
}
