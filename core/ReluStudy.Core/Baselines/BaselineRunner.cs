using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using ReluStudy.Core.Data;
using ReluStudy.Core.Numerics;

namespace ReluStudy.Core.Baselines;

/// <summary>
/// Trains the baselines on a prepared task (the networks' own training set and test split): a seeded
/// validation split carved from the training set picks each trainer's hyperparameters, the chosen
/// setting is refitted on the whole training set, and the test split scores it.
/// </summary>
public static class BaselineRunner
{
    public const double DefaultValidationFraction = 0.2;

    /// <summary>
    /// About how many seconds the four trainers' search and refit take on n × d training inputs: 3·10⁻⁵ s per input
    /// value, from `relustudy baselines` taking 15 s (MNIST, n = 1000, d = 785: 2·10⁻⁵) and 77 s (CIFAR-10, n = 800,
    /// d = 3073: 3·10⁻⁵) on a 2-core AMD EPYC Zen 3 (AVX2). For the sweep's progress and ETA only.
    /// </summary>
    public static double EstimatedSeconds(Dataset train) => 3e-5 * train.Count * train.Dimension;

    public static IReadOnlyList<BaselineResult> Run(Dataset train, Dataset test, ulong seed, double validationFraction = DefaultValidationFraction,
        IReadOnlyList<BaselineTrainer>? trainers = null, Action<string>? progress = null)
    {
        if (!(validationFraction > 0 && validationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "must be in (0, 1)");
        (int[] fit, int[] validation) = Split(train.Count, seed, validationFraction);
        var ml = new MLContext(seed: (int)(seed % int.MaxValue));
        IDataView all = View(ml, train, null), fitView = View(ml, train, fit), validationView = View(ml, train, validation), testView = View(ml, test, null);

        var results = new List<BaselineResult>();
        foreach (BaselineTrainer trainer in trainers ?? BaselineCatalog.All)
        {
            var search = Stopwatch.StartNew();
            IReadOnlyDictionary<string, double>? best = null;
            double bestAccuracy = -1;
            foreach (IReadOnlyDictionary<string, double> point in trainer.Grid)
            {
                double accuracy = Accuracy(trainer.Build(ml, point).Fit(fitView), validationView);
                if (accuracy > bestAccuracy) (best, bestAccuracy) = (point, accuracy); // ties keep the earlier, simpler point
            }
            search.Stop();
            var final = Stopwatch.StartNew();
            ITransformer model = trainer.Build(ml, best!).Fit(all);
            final.Stop();
            var result = new BaselineResult(trainer.Name, trainer.Description, Accuracy(model, testView), bestAccuracy,
                final.Elapsed.TotalSeconds, search.Elapsed.TotalSeconds, best!);
            progress?.Invoke($"{trainer.Name}: test accuracy {result.TestAccuracy:P2} ({Describe(best!)})");
            results.Add(result);
        }
        return results;
    }

    /// <summary>A seeded permutation of 0..n-1 cut into the fitting part and the validation part (round(f·n), at least 1 each).</summary>
    public static (int[] Fit, int[] Validation) Split(int n, ulong seed, double fraction)
    {
        if (n < 2) throw new ArgumentOutOfRangeException(nameof(n), n, "a validation split needs at least 2 training examples");
        int[] order = Enumerable.Range(0, n).ToArray();
        new Rng(seed, Rng.Streams.Validation).Shuffle(order.AsSpan());
        int validation = Math.Clamp((int)Math.Round(fraction * n), 1, n - 1);
        return (order[validation..].Order().ToArray(), order[..validation].Order().ToArray());
    }

    public static string Describe(IReadOnlyDictionary<string, double> point) =>
        string.Join(", ", point.Select(p => $"{p.Key} = {p.Value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)}"));

    private static double Accuracy(ITransformer model, IDataView data)
    {
        IDataView scored = model.Transform(data);
        bool[] predicted = scored.GetColumn<bool>("PredictedLabel").ToArray();
        bool[] truth = scored.GetColumn<bool>("Label").ToArray();
        return (double)predicted.Zip(truth).Count(p => p.First == p.Second) / truth.Length;
    }

    private sealed class Example
    {
        public bool Label { get; set; }
        public float[] Features { get; set; } = [];
    }

    private static IDataView View(MLContext ml, Dataset data, int[]? rows)
    {
        SchemaDefinition schema = SchemaDefinition.Create(typeof(Example));
        schema[nameof(Example.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, data.Dimension);
        IEnumerable<Example> examples = (rows ?? Enumerable.Range(0, data.Count))
            .Select(i => new Example { Label = data.Labels[i] > 0, Features = data.Row(i).ToArray() });
        return ml.Data.Cache(ml.Data.LoadFromEnumerable(examples.ToList(), schema));
    }
}
