using System.Globalization;

namespace ReluStudy.Core.Theory.Fits;

/// <summary>
/// Where a fitted exponent departs from the theory's: the same exponent fitted on the training the infinite-width kernel
/// predicts (a self-check: its dynamics make the prediction exact, so it must come out at b*), on the training each run's
/// own initial kernel Θ̂(0) predicts (the finite network linearised), and measured. Linearised − infinite is what finite
/// width at initialisation accounts for; measured − linearised is what training adds.
/// </summary>
public sealed record Departure(PowerLawResult? Infinite, PowerLawResult? Linearized)
{
    /// <summary>One sentence naming where the measured exponent's departure from <paramref name="predicted"/> comes from.</summary>
    public string Explain(double predicted, PowerLawResult? measured)
    {
        var c = CultureInfo.InvariantCulture;
        static string B(double b) => b.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);
        if (measured is null || Infinite is null || Linearized is null)
            return "the kernel's predicted trainings did not reach the target in enough runs to fit them";
        string check = Math.Abs(Infinite.Exponent - predicted) <= FitVerdicts.Margin
            ? $"the infinite-width kernel gives {B(Infinite.Exponent)}, as the theory's {B(predicted)} says it must"
            : $"the infinite-width kernel gives {B(Infinite.Exponent)}, not the theory's {B(predicted)}: the runs' own initial outputs u(0) differ by seed and width";
        double atInit = Linearized.Exponent - Infinite.Exponent, training = measured.Exponent - Linearized.Exponent;
        string larger = Math.Abs(atInit) >= Math.Abs(training) ? "finite width at initialisation" : "training";
        return string.Format(c, "{0}; the initial kernel already gives {1}: finite width at initialisation accounts for {2}; training adds {3}, to the measured {4} (the larger part: {5})",
            check, B(Linearized.Exponent), B(atInit), B(training), B(measured.Exponent), larger);
    }
}
