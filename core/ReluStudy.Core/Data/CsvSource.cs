using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace ReluStudy.Core.Data;

/// <summary>
/// A user's own data: one example per line, the class label in the first column and numeric
/// features after it; comma-separated (tab for .tsv or tab-bearing lines), optional header.
/// Loaded through ML.NET's text loader.
/// </summary>
public static class CsvSource
{
    public static RawExamples Load(string path)
    {
        if (!File.Exists(path)) throw DataFormatException.InFile(path, "file not found");
        string? first = File.ReadLines(path).FirstOrDefault(l => l.Trim().Length > 0)
            ?? throw DataFormatException.InFile(path, "file is empty");
        char separator = path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) || first.Contains('\t') ? '\t' : ',';
        List<string> fields = Split(first, separator);
        if (fields.Count < 2)
            throw DataFormatException.InFile(path, $"each row needs a label column and at least one feature column; the first row has {fields.Count} column(s)");
        bool header = fields.Skip(1).Any(f => !float.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        int featureLength = fields.Count - 1;
        List<int> dataLines = RowLines(path, separator, fields.Count, header);
        try
        {
            return Read(path, separator, header, featureLength, dataLines);
        }
        catch (Exception e) when (e is not DataFormatException)
        {
            throw DataFormatException.InFile(path, $"must be a CSV file of a label and numbers per row; the text loader said: {e.Message}");
        }
    }

    private static RawExamples Read(string path, char separator, bool header, int featureLength, List<int> dataLines)
    {

        var ml = new MLContext(seed: 0);
        var loader = ml.Data.CreateTextLoader(new TextLoader.Options
        {
            Separators = [separator],
            HasHeader = header,
            AllowQuoting = true,
            MissingRealsAsNaNs = true,
            Columns =
            [
                new TextLoader.Column("Class", DataKind.String, 0),
                new TextLoader.Column("Features", DataKind.Single, 1, featureLength),
            ],
        });
        IDataView view = loader.Load(path);

        var classes = new List<string>();
        var features = new List<float>();
        using DataViewRowCursor cursor = view.GetRowCursor(view.Schema);
        var getClass = cursor.GetGetter<ReadOnlyMemory<char>>(view.Schema["Class"]);
        var getFeatures = cursor.GetGetter<VBuffer<float>>(view.Schema["Features"]);
        ReadOnlyMemory<char> label = default;
        VBuffer<float> row = default;
        int index = -1;
        while (cursor.MoveNext())
        {
            index++;
            int line = index < dataLines.Count ? dataLines[index] : -1;
            getClass(ref label);
            getFeatures(ref row);
            string name = label.ToString().Trim();
            if (name.Length == 0) throw DataFormatException.InFile(path, $"line {line}: the label column is empty");
            int j = 0;
            foreach (float value in row.DenseValues())
            {
                if (!float.IsFinite(value))
                    throw DataFormatException.InFile(path, $"line {line}: feature {j + 1} must be a finite number; got '{Field(path, line, separator, j + 1)}'");
                features.Add(value);
                j++;
            }
            classes.Add(name);
        }
        if (classes.Count == 0) throw DataFormatException.InFile(path, "no data rows");
        if (classes.Count != dataLines.Count)
            throw DataFormatException.InFile(path, $"the text loader must see every data row; it read {classes.Count} of {dataLines.Count}");
        return RawExamples.FromFloats(path, classes.ToArray(), featureLength, features.ToArray());
    }

    /// <summary>File line numbers (1-based) of the data rows, after checking every row has the first row's column count.</summary>
    private static List<int> RowLines(string path, char separator, int columns, bool header)
    {
        var lines = new List<int>();
        int number = 0;
        bool seenFirst = false;
        foreach (string text in File.ReadLines(path))
        {
            number++;
            if (text.Trim().Length == 0) continue;
            int fields = Split(text, separator).Count;
            if (fields != columns)
                throw DataFormatException.InFile(path, $"line {number}: every row must have the first row's {columns} columns; got {fields} (ragged rows)");
            if (seenFirst || !header) lines.Add(number);
            seenFirst = true;
        }
        return lines;
    }

    /// <summary>The text of one field, for a message; fields split as the loader does, honouring double quotes.</summary>
    private static string Field(string path, int line, char separator, int index)
    {
        string text = line > 0 ? File.ReadLines(path).ElementAt(line - 1) : "";
        List<string> fields = Split(text, separator);
        string value = index < fields.Count ? fields[index].Trim() : "";
        return value.Length > 40 ? value[..40] + "..." : value;
    }

    private static List<string> Split(string text, char separator)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        foreach (char c in text)
        {
            if (c == '"') quoted = !quoted;
            else if (c == separator && !quoted)
            {
                fields.Add(current.ToString());
                current.Clear();
                continue;
            }
            current.Append(c);
        }
        fields.Add(current.ToString());
        return fields;
    }
}
