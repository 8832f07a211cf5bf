using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReluStudy.Core.Results;

/// <summary>Where a run stands, as its run.json records it. The names on disk are the kebab-case member names.</summary>
[JsonConverter(typeof(RunStatusJsonConverter))]
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
    /// <summary>Cancelled by the user; resumes from its checkpoint.</summary>
    Interrupted,
    /// <summary>Threw an error; run again only on request.</summary>
    Failed,
}

public static class RunStatuses
{
    private static readonly JsonNamingPolicy Names = JsonNamingPolicy.KebabCaseLower;

    /// <summary>The status as run.json, the pages and the command line write it ("target-reached").</summary>
    public static string Name(this RunStatus status) => Names.ConvertName(status.ToString());

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

    /// <summary>Has its result and is never run again: the budget, the target, zero error or divergence ended it.</summary>
    public static bool IsFinished(this RunStatus status) =>
        status is RunStatus.Completed or RunStatus.TargetReached or RunStatus.ZeroError or RunStatus.Diverged;

    /// <summary>A result the curves' fits may use: finished without diverging (a diverged run's rows stop at the blow-up).</summary>
    public static bool IsUsableForFits(this RunStatus status) =>
        status is RunStatus.Completed or RunStatus.TargetReached or RunStatus.ZeroError;
}

internal sealed class RunStatusJsonConverter() : JsonStringEnumConverter<RunStatus>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false);
