using ReluStudy.Core.Platform;
using System.Globalization;

namespace ReluStudy.Core.Studies;

/// <summary>
/// The memory a run needs, estimated from its shape before anything is allocated. The one estimate behind three
/// decisions: relustudy train refuses a run that cannot fit before it writes anything, the planner refuses it before a
/// study starts, and a Slurm submission asks for the largest run's need as its --mem default.
/// </summary>
public static class RunMemory
{
    /// <summary>The runtime, ML.NET and the raw data set read whole (an upper bound: full CIFAR-10 is 180 MB).</summary>
    public const double BaseBytes = 800.0 * (1 << 20);

    /// <summary>
    /// Bytes of a run's arrays (float32 unless said). Deep: the inputs n·d, the activations and two δ buffers 3·n·Σm_l,
    /// the weights three times (W, W(0) and a checkpoint's copy), the test set's inputs and two activation buffers; with
    /// predictions two n × n float64 kernels and the limit kernel's workspace; with sharpness (a step search's one S(W(0))
    /// too) the Hessian's buffers and its Lanczos basis (<see cref="Curvature.SharpnessCost.Bytes"/>); with a step multiple at
    /// least its measurement's, on every row. Two-layer: the inputs, four n·m buffers
    /// (activations, δ, the pattern sums), four m·d (W, W(0), the gradient, a checkpoint's copy), and the Gram matrices
    /// (four n × n float64 and one float32).
    /// </summary>
    public static double ArrayBytes(RunSpec spec, int d)
    {
        double n = spec.Data.TrainCount, test = spec.Data.TestCount;
        if (spec.TwoLayer is { } t)
            return 4 * (n * d + 4 * n * t.Width + 4.0 * t.Width * d) + 8 * 4 * n * n + 4 * n * n;
        Training.TrainingConfig c = spec.Deep!;
        double units = c.Widths.Sum(w => (double)w);
        double bytes = 4 * (n * d + 3 * n * units + 3 * Model.DeepReluNet.ParameterCount(d, c.Widths) + test * d + 2 * test * c.Widths.Max());
        if (c.Predicts(spec.Data.TrainCount)) bytes += 2 * 8 * n * n + TangentKernel.TangentKernelLimit.BytesFor(spec.Data.TrainCount, d);
        if (c.SharpnessMeasured is { } s) bytes += Curvature.SharpnessCost.Bytes(s.RowsFor(spec.Data.TrainCount), d, c.Widths);
        // A step multiple's measurement at W(0) is over, and its buffers free, before training allocates anything (its count
        // of the rows is the inputs, which it reads in place).
        if (c.StepMultiple is not null) bytes = Math.Max(bytes, Curvature.SharpnessCost.Bytes(spec.Data.TrainCount, d, c.Widths));
        return bytes;
    }

    /// <summary>The run's need: its arrays and <see cref="BaseBytes"/>.</summary>
    public static double Bytes(RunSpec spec, int d) => BaseBytes + ArrayBytes(spec, d);

    /// <summary>
    /// <see cref="Problem"/> before the data is loaded, for the synthetic sets, whose d is the request's and whose n·d inputs
    /// are generated in memory (d = 10⁸ took 22.4 GiB and two minutes before it failed); null for data read from files, whose
    /// size the files bound, and checked once loaded.
    /// </summary>
    public static string? BeforeLoading(RunSpec spec, long available) =>
        spec.Data.IsSynthetic ? Problem(spec, spec.Data.Dimension, available) : null;

    /// <summary>
    /// Why the run cannot be allocated, as one line naming the setting, the rule and the value: an array longer than .NET
    /// allows, or more memory than <paramref name="available"/>; null when it fits.
    /// </summary>
    public static string? Problem(RunSpec spec, int d, long available)
    {
        var inv = CultureInfo.InvariantCulture;
        foreach ((string setting, string what, double entries) in Arrays(spec, d))
            if (entries > Array.MaxLength)
                return string.Format(inv, "{0}: {1} = {2:G4} entries, more than one .NET array holds ({3}); make it smaller", setting, what, entries, Array.MaxLength);
        double need = Bytes(spec, d);
        if (need <= available) return null;
        string shape = spec.TwoLayer is { } t
            ? $"n = {spec.Data.TrainCount}, d = {d}, m = {t.Width}"
            : $"n = {spec.Data.TrainCount}, d = {d}, L = {spec.Deep!.Widths.Count}, m = {string.Join(",", spec.Deep.Widths.Distinct())}";
        string predictions = spec.Deep is { } deep && deep.Predicts(spec.Data.TrainCount) ? "; --predict off drops the two n x n kernels" : "";
        if (spec.Deep?.Sharpness is not null) predictions += $"; --sharpness off drops the Hessian's Lanczos basis ({Curvature.Sharpness.DefaultMaxSteps} x P doubles)";
        string lower = spec.TwoLayer is null ? "the width, depth or n" : "the width, n or d";
        return $"memory: the run needs about {MemorySize.Format(need)} ({shape}) and this machine has {MemorySize.Format(available)}; lower {lower}{predictions}";
    }

    /// <summary>Each array's length by the setting that sets it: the weights per layer and the activations.</summary>
    private static IEnumerable<(string Setting, string What, double Entries)> Arrays(RunSpec spec, int d)
    {
        double n = spec.Data.TrainCount;
        yield return (spec.Data.IsSynthetic ? "d" : "n", $"the inputs n x d = {n} x {d}", n * d);
        if (spec.TwoLayer is { } t)
        {
            yield return ("width", $"the weights d x m = {d} x {t.Width}", (double)d * t.Width);
            yield return ("width", $"the activations n x m = {n} x {t.Width}", n * t.Width);
            yield return ("n", $"the Gram matrix n x n = {n} x {n}", n * n);
            yield break;
        }
        IReadOnlyList<int> w = spec.Deep!.Widths;
        for (int l = 0; l < w.Count; l++)
        {
            double fanIn = l == 0 ? d : w[l - 1];
            yield return ("width", $"layer {l + 1}'s weights {fanIn} x {w[l]}", fanIn * w[l]);
            yield return ("width", $"layer {l + 1}'s activations n x m = {n} x {w[l]}", n * w[l]);
        }
        if (spec.Deep.Predicts(spec.Data.TrainCount)) yield return ("n", $"the tangent kernel n x n = {n} x {n}", n * n);
        if (spec.Deep.SharpnessMeasured is not null || spec.Deep.StepMultiple is not null)
            yield return ("width", $"the Hessian's vectors of all P weights = {Model.DeepReluNet.ParameterCount(d, w):G4}", Model.DeepReluNet.ParameterCount(d, w));
    }
}
