using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReluStudy.Core.Results;

/// <summary>Source-generated (de)serialisation of the run folder's JSON files: snake_case keys, indented, readable non-ASCII.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    AllowOutOfOrderMetadataProperties = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(RunRecord))]
[JsonSerializable(typeof(SpecRecord))]
[JsonSerializable(typeof(StudyIndex))]
[JsonSerializable(typeof(DataCheckRecord))]
[JsonSerializable(typeof(BaselinesRecord))]
[JsonSerializable(typeof(SlurmRunList))]
[JsonSerializable(typeof(SlurmSubmission))]
[JsonSerializable(typeof(FitsRecord))]
[JsonSerializable(typeof(ClaimsRecord))]
[JsonSerializable(typeof(PaperLayoutRecord))]
internal sealed partial class ResultsJson : JsonSerializerContext
{
    /// <summary>The context with "->" and "+" left as they are, as people read these files.</summary>
    public static ResultsJson Files { get; } = new(new JsonSerializerOptions
    {
        WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, AllowOutOfOrderMetadataProperties = true,
        RespectRequiredConstructorParameters = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
