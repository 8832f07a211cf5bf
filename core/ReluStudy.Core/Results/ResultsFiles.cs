using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace ReluStudy.Core.Results;

/// <summary>
/// Reading and writing the results' JSON files with their schema: a file of the current schema reads as it is; one
/// of schema 1 (format "NAME/1", written before the schema field existed) is upgraded in memory first; anything else
/// is refused with one line naming the file and the schema expected.
/// </summary>
internal static class ResultsFiles
{
    public static string Serialize<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.Serialize(value, type) + "\n";

    /// <param name="upgradeFromSchema1">turns a schema-1 file's tree into the current schema's.</param>
    public static T Deserialize<T>(string path, JsonTypeInfo<T> type, string formatName, int currentSchema, Action<JsonObject> upgradeFromSchema1)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                   ?? throw new ResultsFormatException($"{path}: must hold a JSON object; got another JSON value");
        }
        catch (JsonException e)
        {
            throw new ResultsFormatException($"{path}: must be JSON; got a parse error ({e.Message})", e);
        }
        string? format = root["format"]?.GetValueKind() == JsonValueKind.String ? root["format"]!.GetValue<string>() : null;
        int? schema = root["schema"]?.GetValueKind() == JsonValueKind.Number ? root["schema"]!.GetValue<int>() : null;
        if (format == formatName + "/1" && schema is null)
        {
            upgradeFromSchema1(root);
            root["format"] = formatName;
            root["schema"] = currentSchema;
        }
        else if (format != formatName || schema is not int s || s < 2 || s > currentSchema)
            throw new ResultsFormatException(
                $"{path}: must be a {formatName} file of schema 1 to {currentSchema}; got format '{format ?? "(none)"}' schema {schema?.ToString() ?? "(none)"} (written by another version of ReluStudy?)");
        try
        {
            return root.Deserialize(type) ?? throw new ResultsFormatException($"{path}: must hold a {formatName} object; got null");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new ResultsFormatException($"{path}: must be a valid {formatName} file of schema {currentSchema}; got {e.Message}", e);
        }
    }

    /// <summary>Renames a key of <paramref name="o"/> in place, keeping its position (the pages list keys in file order).</summary>
    public static void Rename(JsonObject o, string from, string to)
    {
        if (!o.ContainsKey(from)) return;
        var entries = o.ToList();
        o.Clear();
        foreach ((string key, JsonNode? value) in entries) o[key == from ? to : key] = value;
    }
}
