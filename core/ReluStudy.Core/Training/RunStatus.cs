using System.Text.Json.Serialization;

namespace ReluStudy.Core.Training;

/// <summary>Where a run stands, as its run.json records it. The names on disk are the kebab-case member names.</summary>
[JsonConverter(typeof(KebabEnumConverter<RunStatus>))]
public enum RunStatus
{
    /// <summary>Started and not (yet) ended: running now, or killed (then it resumes from its checkpoint).</summary>
    Running,
    /// <summary>The iteration budget ran out.</summary>
    Completed,
    /// <summary>L_S ≤ ε was reached.</summary>
    TargetReached,
    /// <summary>Every training example is classified correctly.</summary>
    ZeroError,
    /// <summary>The loss became non-finite or exploded: the rows stop there.</summary>
    Diverged,
    /// <summary>Every unit of some layer is dead (its ReLUs output 0 on every example), so the outputs are identically 0
    /// and no gradient flows: the rows stop there. At initialisation when L/m is too large, later after too large a step.</summary>
    Collapsed,
    /// <summary>Cancelled by the user; resumes from its checkpoint.</summary>
    Interrupted,
    /// <summary>Threw an error; run again only on request.</summary>
    Failed,
}

public static class RunStatuses
{

    /// <summary>The status as run.json, the pages and the command line write it ("target-reached").</summary>
    public static string Name(this RunStatus status) => KebabNames.Of(status);

    public static bool TryParse(string? text, out RunStatus status)
    {
        foreach (RunStatus s in Enum.GetValues<RunStatus>())
            if (s.Name() == text)
            {
                status = s;
                return true;
            }
        status = default;
        return false;
    }

    /// <summary>Has its result and is never run again: the budget, the target, zero error, divergence or collapse ended it.</summary>
    public static bool IsFinished(this RunStatus status) =>
        status is RunStatus.Completed or RunStatus.TargetReached or RunStatus.ZeroError or RunStatus.Diverged or RunStatus.Collapsed;

    /// <summary>Training broke down: the loss blew up (diverged) or the network died (collapsed). Finished, never fitted.</summary>
    public static bool BrokeDown(this RunStatus status) => status is RunStatus.Diverged or RunStatus.Collapsed;

    /// <summary>A result the curves' fits may use: finished without breaking down (a diverged run's rows stop at the blow-up).</summary>
    public static bool IsUsableForFits(this RunStatus status) =>
        status is RunStatus.Completed or RunStatus.TargetReached or RunStatus.ZeroError;
}
