using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReluStudy.Core.CommandLine;
using ReluStudy.Core.Data;
using ReluStudy.Core.Model;
using ReluStudy.Core.Numerics;
using ReluStudy.Core.Output;
using ReluStudy.Core.TangentKernel;

namespace ReluStudy.Cli;

/// <summary>relustudy tangent-kernel: the deep network's limit tangent kernel Θ̄ on the prepared training set, its extremes and the steps it allows.</summary>
internal static class TangentKernelCommand
{
    public static readonly OptionSet Options = new("relustudy tangent-kernel [data options] --depth L [--width M | --width M1,...,ML] [--json] [--matrix FILE]",
        """
          Θ̄ = Θ/m (m = min_l m_l) is the tangent kernel of the network of Zou et al. as its widths grow (docs/theory.md):
          float64 throughout. Prints n, L, lambda_min and lambda_max of Θ̄ (Lanczos, with their error bounds), its trace,
          and the largest stable eta*m per loss, 2n/(max l'' lambda_max).
        """,
        [
            .. DataOptions.Specs,
            new("--depth", "L", $"hidden layers (default {TrainOptions.DefaultDepth})"),
            new("--width", "M | M1,...,ML", "hidden widths: only their ratios matter (default: all equal)"),
            new("--threads", "T", "worker threads (default: all cores)"),
            new("--json", null, "print the figures as JSON"),
            new("--matrix", "FILE", "also write Θ̄ as CSV: n rows of n numbers, no header, in the prepared training set's order"),
        ]);

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        if (Help.Asked(args, Options, stdout)) return ExitCodes.Ok;
        OptionReader o = Options.Read(args);
        foreach (string extra in o.Positionals) o.Errors.Add($"tangent-kernel: takes only --options; got '{extra}'");
        DataOptions data = DataOptions.Read(o);
        int depth = o.Int("--depth", TrainOptions.DefaultDepth, min: 1);
        int[] widths = o.Has("--width") ? TrainOptions.ParseWidths(o, depth) : Enumerable.Repeat(1, depth).ToArray();
        int threads = o.Threads();
        string? matrix = o.String("--matrix");
        if (o.Failed(stderr)) return ExitCodes.BadOption;

        PreparedData prepared = BinaryTask.Prepare(data.Request);
        int n = prepared.Train.Count, d = prepared.Train.Dimension;
        if (TangentKernelLimit.TooLarge(n, d, Core.Platform.MemorySize.Available) is string tooLarge)
        {
            stderr.WriteLine($"error: {tooLarge}");
            return ExitCodes.BadOption;
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        double[] kernel = TangentKernelLimit.Of(prepared.Train.Features, n, d, widths, threads);
        Lanczos.Extremes e = Lanczos.OfDense(kernel, n, threads);
        double trace = 0;
        for (int i = 0; i < n; i++) trace += kernel[(long)i * n + i];
        double seconds = clock.Elapsed.TotalSeconds;
        var ceilings = Enum.GetValues<LossKind>().ToDictionary(MarginLoss.Name, loss => StepCeiling.MaxStableStepTimesWidth(loss, n, e.Max));

        if (matrix is not null) WriteMatrix(matrix, kernel, n);
        var inv = CultureInfo.InvariantCulture;
        if (o.Has("--json"))
        {
            var json = new JsonObject
            {
                ["n"] = n, ["depth"] = depth, ["widths"] = new JsonArray(widths.Select(w => (JsonNode)w).ToArray()),
                ["lambda_min"] = e.Min, ["lambda_min_error_bound"] = e.MinResidual, ["lambda_max"] = e.Max, ["lambda_max_error_bound"] = e.MaxResidual,
                ["trace"] = trace,
                ["max_stable_eta_m"] = new JsonObject(ceilings.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value))),
                ["seconds"] = seconds, ["bytes"] = TangentKernelLimit.BytesFor(n, d),
            };
            stdout.WriteLine(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return ExitCodes.Ok;
        }
        DataDescription dd = prepared.Description;
        stdout.WriteLine($"data: {dd.Dataset} {dd.ClassA} vs {dd.ClassB}, n = {n}, d = {d} ({dd.Origin}: {dd.TrainSource})");
        stdout.WriteLine(string.Format(inv, "limit kernel (Theta / m, m = min_l m_l): L = {0}, widths {1}", depth,
            widths.Distinct().Count() == 1 ? "equal" : string.Join(",", widths)));
        stdout.WriteLine(string.Format(inv, "lambda_min = {0:G6} (+-{1:G2}), lambda_max = {2:G6} (+-{3:G2}), trace = {4:G6} (L n / 2 = {5:G6} for unit inputs)",
            e.Min, e.MinResidual, e.Max, e.MaxResidual, trace, depth * n / 2.0));
        stdout.WriteLine("largest stable eta*m (2n / (max l'' * lambda_max)): "
                         + string.Join(", ", ceilings.Select(c => string.Format(inv, "{0} {1:G4}", c.Key, c.Value))));
        stdout.WriteLine(string.Format(inv, "{0:F1} s; the n x n matrix took {1:F0} MB{2}", seconds, 8.0 * n * n / 1e6, matrix is null ? "" : $"; written to {Path.GetFullPath(matrix)}"));
        return ExitCodes.Ok;
    }

    private static void WriteMatrix(string path, double[] kernel, int n)
    {
        try
        {
            AtomicFile.Write(Path.GetFullPath(path), stream =>
            {
                using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 20, leaveOpen: true);
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        if (j > 0) writer.Write(',');
                        writer.Write(kernel[(long)i * n + j].ToString("R", CultureInfo.InvariantCulture));
                    }
                    writer.Write('\n');
                }
            });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw OutputException.From(Path.GetDirectoryName(Path.GetFullPath(path))!, ex);
        }
    }
}
