using System.Text.Json.Serialization;

namespace ReluStudy.Core.Training;

/// <summary>
/// Which regime a finished run trained in, as run.json's <c>regime</c> records it (the kebab-case member names); the
/// rules that decide it are <c>Theory.Regimes.RegimeRules</c>, stated in docs/theory.md.
/// </summary>
[JsonConverter(typeof(KebabEnumConverter<Regime>))]
public enum Regime
{
    /// <summary>The theorems' regime: the run's own tangent kernel barely moved and its outputs stayed near the linearised model's.</summary>
    Lazy,
    /// <summary>The kernel moved more than the lazy rule allows, with no instability: the network learned features.</summary>
    KernelMoving,
    /// <summary>The loss rose early to at least 1.5× its start and then converged, the curvature ending below 2/η.</summary>
    Catapult,
    /// <summary>The sharpness rose to 2/η and hovered there while the loss fell non-monotonically.</summary>
    EdgeOfStability,
    /// <summary>The loss rose early as in a catapult, but the run neither settled (converged with its curvature below 2/η)
    /// nor reached the edge of stability nor broke down: a catapult that failed, or one still under way when the run ended.</summary>
    Unstable,
    /// <summary>The loss blew up (the run's status).</summary>
    Diverged,
    /// <summary>Every unit of some layer died (the run's status).</summary>
    Collapsed,
    /// <summary>None of the above can be told from what the run recorded (no tangent kernel, no linearised prediction).</summary>
    Unmeasured,
}

public static class Regimes
{

    /// <summary>The regime as run.json and the pages write it ("edge-of-stability").</summary>
    public static string Name(this Regime regime) => KebabNames.Of(regime);
}
