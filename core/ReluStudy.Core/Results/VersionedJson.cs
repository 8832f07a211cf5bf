using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using ReluStudy.Core.Output;

namespace ReluStudy.Core.Results;

/// <summary>
/// The one reader and writer of the results folder's JSON files. Every file carries its format and schema; a file of
/// an older schema is upgraded in memory, one schema at a time, before it is read (schema 1 is "NAME/1" without a schema
/// field, or a bare array for the report's lists); anything else is refused with one line naming the file and the schema
/// expected.
/// </summary>
internal static class VersionedJson
{
    public static string Serialize<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.Serialize(value, type) + "\n";

    public static void Write<T>(string path, T value, JsonTypeInfo<T> type)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.WriteAllText(path, Serialize(value, type));
    }

    /// <param name="upgrade">turns a tree of the given older schema into the next schema's (in place).</param>
    /// <param name="arrayKey">for a file that was once a bare array: the key that holds that array from schema 2 on.</param>
    public static T Read<T>(string path, JsonTypeInfo<T> type, string formatName, int currentSchema, Action<JsonObject, int>? upgrade = null,
        string? arrayKey = null)
    {
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new ResultsFormatException($"{path}: must be JSON; got a parse error ({e.Message})", e);
        }
        JsonObject root = parsed switch
        {
            JsonObject o => o,
            JsonArray a when arrayKey is not null => new JsonObject { ["format"] = formatName + "/1", [arrayKey] = a.DeepClone() },
            _ => throw new ResultsFormatException($"{path}: must hold a JSON object; got another JSON value"),
        };
        string? format = root["format"]?.GetValueKind() == JsonValueKind.String ? root["format"]!.GetValue<string>() : null;
        int? schema = root["schema"]?.GetValueKind() == JsonValueKind.Number ? root["schema"]!.GetValue<int>() : null;
        if (format == formatName + "/1" && schema is null) schema = 1;
        else if (format != formatName || schema is not int s || s < 2 || s > currentSchema)
            throw new ResultsFormatException(
                $"{path}: must be a {formatName} file of schema 1 to {currentSchema}; got format '{format ?? "(none)"}' schema {schema?.ToString() ?? "(none)"} (written by another version of ReluStudy?)");
        for (int from = schema.Value; from < currentSchema; from++) upgrade?.Invoke(root, from);
        root["format"] = formatName;
        root["schema"] = currentSchema;
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
