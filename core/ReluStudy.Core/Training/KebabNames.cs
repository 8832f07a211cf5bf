using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReluStudy.Core.Training;

/// <summary>
/// How run.json, the pages and the command line write an enum: its member's kebab-case name ("edge-of-stability",
/// "target-reached", "gauss-newton"). One rule for the run's status, its regime and its step curvature.
/// </summary>
public static class KebabNames
{
    private static readonly JsonNamingPolicy Policy = JsonNamingPolicy.KebabCaseLower;

    public static string Of<T>(T value) where T : struct, Enum => Policy.ConvertName(value.ToString());
}

/// <summary>run.json's reader and writer of such an enum: by name only, never by number.</summary>
internal sealed class KebabEnumConverter<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)
    where T : struct, Enum;
