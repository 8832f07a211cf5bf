using System.Text.Json.Serialization;

namespace ReluStudy.Core.Training;

/// <summary>
/// The seeded search for the largest stable step (P11, P11b). Every probe trains the run's own W(0) (its seed) for the run's
/// iterations at one η; η is <i>stable</i> when every step lowers the full-batch loss, L_S(W(k+1)) &lt; L_S(W(k)) (or the loss
/// is 0), for the whole probe. A step that leaves the loss unchanged counts as unstable: no gradient flows, as when a too
/// large step has killed every unit (the dead network's loss, log 2, lies below the initial one). The search probes
/// <see cref="From"/> (unstable: no stable step in the range), then <see cref="To"/> (stable: the range's end is), then bisects
/// [From, To] geometrically <see cref="Bisections"/> times, so the largest stable and smallest unstable probes bracket the
/// threshold within a factor (To/From)^(2^−Bisections).
/// </summary>
public sealed record StepSearch(double From, double To, int Bisections = StepSearch.DefaultBisections)
{
    /// <summary>Eight halvings of ln(To/From): 1000^(1/256) ≈ 1.027 for a range of three decades.</summary>
    public const int DefaultBisections = 8;
    public const int MaxBisections = 30;

    /// <summary>The most probes a search trains: From, To and the bisections.</summary>
    [JsonIgnore] public int MaxProbes => Bisections + 2;

    /// <summary>The setting its problems name: the study keyword that asks for a search.</summary>
    public const string Setting = "stable_step";

    /// <summary>Every rule the search breaks, each naming the setting, the rule and the value.</summary>
    public IReadOnlyList<string> Problems(OptimizerKind optimizer)
    {
        var p = new List<string>();
        if (!(From > 0) || !double.IsFinite(From)) p.Add($"{Setting}: the range's start must be a finite number > 0; got {From}");
        if (!(To > From) || !double.IsFinite(To)) p.Add($"{Setting}: the range's end must be finite and above its start ({From}); got {To}");
        if (Bisections is < 1 or > MaxBisections) p.Add($"{Setting}: the bisections must be in 1..{MaxBisections}; got {Bisections}");
        if (optimizer != OptimizerKind.GradientDescent) p.Add($"{Setting}: judges the full-batch loss, so it needs full-batch GD; got SGD");
        return p;
    }

    /// <summary>The next step to probe after <paramref name="probes"/> (in the order taken), or null when the search is over.</summary>
    public double? Next(IReadOnlyList<StepProbe> probes)
    {
        if (probes.Count == 0) return From;
        if (!probes[0].Stable) return null;
        if (probes.Count == 1) return To;
        if (probes[1].Stable || probes.Count >= MaxProbes) return null;
        (double? low, double? high) = Bracket(probes);
        return Math.Sqrt(low!.Value * high!.Value);
    }

    /// <summary>The largest stable and the smallest unstable step probed (null when none).</summary>
    public static (double? LargestStable, double? SmallestUnstable) Bracket(IReadOnlyList<StepProbe> probes) =>
        (probes.Where(p => p.Stable).Select(p => (double?)p.Step).Max(), probes.Where(p => !p.Stable).Select(p => (double?)p.Step).Min());

    /// <summary>
    /// The first k whose step did not lower the loss, L(k+1) ≥ L(k) with L(k+1) &gt; 0, or a non-finite loss; null when
    /// every step lowered it. <paramref name="losses"/> are L_S(W(0)), L_S(W(1)), ...
    /// </summary>
    public static int? FirstFailure(IReadOnlyList<double> losses)
    {
        for (int k = 0; k < losses.Count; k++)
        {
            if (!double.IsFinite(losses[k])) return k;
            if (k > 0 && losses[k] >= losses[k - 1] && losses[k] > 0) return k - 1;
        }
        return null;
    }
}

/// <summary>One probe of a <see cref="StepSearch"/>: the step, whether it was stable, the iterations it trained, the loss at
/// its start and end, the first k whose step did not lower the loss, and how the probe's training ended.</summary>
public sealed record StepProbe(double Step, bool Stable, int Iterations, double? InitialLoss, double? LastLoss, int? FirstFailure, string Outcome);

/// <summary>What a search found: its probes in the order taken, the bracket they give, and the tangent kernel's ceiling on η
/// for the run's width and depth (<see cref="TangentKernel.StepCeiling"/>; none when n is above the kernel's limit).</summary>
public sealed record StepSearchResult(double From, double To, int Bisections, IReadOnlyList<StepProbe> Probes, double? KernelCeiling)
{
    /// <summary>The largest stable step probed (written to run.json for its readers; derived from the probes).</summary>
    public double? LargestStable => StepSearch.Bracket(Probes).LargestStable;

    /// <summary>The smallest unstable step probed.</summary>
    public double? SmallestUnstable => StepSearch.Bracket(Probes).SmallestUnstable;

    /// <summary>Both ends found: a stable step below the threshold and an unstable one above it.</summary>
    [JsonIgnore] public bool Bracketed => LargestStable is not null && SmallestUnstable is not null;
}
