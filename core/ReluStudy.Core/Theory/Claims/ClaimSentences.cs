using System.Globalization;

namespace ReluStudy.Core.Theory.Claims;

/// <summary>The claims in words: how each stands across its comparisons, and why they differ.</summary>
public static class ClaimSentences
{
    private static string Word(ClaimVerdict v) => v switch
    {
        ClaimVerdict.Holds => "holds",
        ClaimVerdict.Fails => "fails",
        ClaimVerdict.NoTrend => "shows no trend",
        ClaimVerdict.Collapses => "collapses as the lazy regime predicts",
        ClaimVerdict.DoesNotCollapse => "does not collapse as the lazy regime predicts",
        ClaimVerdict.Inconclusive => "is inconclusive (neither shown nor refuted)",
        _ => "cannot be judged",
    };

    private static string Where(string comparison) => comparison switch { "iteration" => "at a fixed iteration", "target" => "at a fixed loss", _ => "at a fixed eta*m*k" };

    /// <summary>"that wider networks ... holds at a fixed iteration, holds at a fixed loss and collapses as the lazy regime predicts at a fixed eta*m*k".</summary>
    public static string Summarise(IReadOnlyList<ClaimCheck> checks, FigureClaims.Claim claim)
    {
        ClaimCheck[] three = checks.Where(c => c.Id == claim.Id).ToArray();
        string[] parts = three.Select(c => $"{Word(c.Verdict)} {Where(c.Comparison)}").ToArray();
        return parts.Length == 0 ? $"that {claim.Statement} was not checked"
            : $"that {claim.Statement} {string.Join(", ", parts[..^1])}{(parts.Length > 1 ? " and " : "")}{parts[^1]}";
    }

    /// <summary>One sentence on how the comparisons of a claim stand and, where they differ, why (the η·m confound).</summary>
    public static string Explain(IReadOnlyList<ClaimCheck> checks, FigureClaims.Claim claim)
    {
        var inv = CultureInfo.InvariantCulture;
        ClaimCheck[] three = checks.Where(c => c.Id == claim.Id).ToArray();
        string said = Summarise(checks, claim);
        string sentence = char.ToUpperInvariant(said[0]) + said[1..] + ".";
        if (three.FirstOrDefault(c => c.Comparison == "eta-m-k") is { Slope: double slope, PredictedExponent: double b } fixedTime)
            sentence += string.Format(inv, " At a fixed eta*m*k the seed-clustered slope against log m is {0:F2}, where the lazy regime predicts {1:+0.0#;-0.0#;0} (equivalence within +-{2}, p = {3:G2}).",
                slope, b, FigureClaims.CollapseMargin, fixedTime.PValue);
        ClaimVerdict? atIteration = three.FirstOrDefault(c => c.Comparison == "iteration")?.Verdict, atLoss = three.FirstOrDefault(c => c.Comparison == "target")?.Verdict;
        if (atIteration is ClaimVerdict.Fails or ClaimVerdict.NoTrend && atLoss == ClaimVerdict.Holds)
            sentence += " The difference is the eta*m confound: at one step size a wider network takes larger steps in function space (its tangent kernel grows like m), so by a fixed iteration it has both fitted more and moved more than a narrow one; the lazy regime predicts it has moved less only when the widths are compared at the same loss or the same eta*m*k.";
        return sentence;
    }
}
