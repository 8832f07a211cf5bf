using ReluStudy.Core.Results;

namespace ReluStudy.Core.Theory.Claims;

/// <summary>How one of the paper's figure claims stands in one comparison (docs/theory.md, section 9).</summary>
public enum ClaimVerdict
{
    /// <summary>The quantity falls with width: the ordered test rejects "no trend" in the claim's direction at <see cref="FigureClaims.Significance"/>.</summary>
    Holds,
    /// <summary>It rises with width: the same test rejects in the other direction.</summary>
    Fails,
    /// <summary>Neither direction is significant.</summary>
    NoTrend,
    /// <summary>At a fixed η·m·k: the slope against log m is equivalent to the lazy regime's (within the margin).</summary>
    Collapses,
    /// <summary>At a fixed η·m·k: the slope differs from the lazy regime's (two-sided t test).</summary>
    DoesNotCollapse,
    /// <summary>Neither the claim nor its negation is shown (the equivalence tests: a collapse, the edge of stability).</summary>
    Inconclusive,
    /// <summary>Too few widths or seeds for the test to reach significance, or a run without a value (say which).</summary>
    Insufficient,
}

/// <summary>
/// One claim in one comparison: where the runs were compared, the test and its one-sided p-values (in the claim's
/// direction and the other way; for the equivalence test, its TOST p-value), every value the test used, and the
/// seed means per width for the tables.
/// </summary>
public sealed record ClaimCheck(string Id, string Comparison, ClaimVerdict Verdict, string At, string? Test, string? Method, double? Statistic,
    double? PValue, double? PValueOtherWay, IReadOnlyList<ClaimValue> Values, IReadOnlyList<int> Widths, IReadOnlyList<double> Means, string? Missing,
    double? PredictedExponent = null, double? Slope = null, double? Margin = null)
{
    public string VerdictName => Verdict switch
    {
        ClaimVerdict.NoTrend => "no trend",
        ClaimVerdict.DoesNotCollapse => "does not collapse",
        _ => Verdict.ToString().ToLowerInvariant(),
    };
}
