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
        string[] fields = first.Split(separator);
        if (fields.Length < 2)
            throw DataFormatException.InFile(path, $"each row needs a label column and at least one feature column; the first row has {fields.Length} column(s)");
        bool header = fields.Skip(1).Any(f => !float.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        int featureLength = fields.Length - 1;

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
        int line = header ? 1 : 0;
        while (cursor.MoveNext())
        {
            line++;
            getClass(ref label);
            getFeatures(ref row);
            string name = label.ToString().Trim();
            if (name.Length == 0) throw DataFormatException.InFile(path, $"line {line}: the label column is empty");
            int j = 0;
            foreach (float value in row.DenseValues())
            {
                if (!float.IsFinite(value))
                    throw DataFormatException.InFile(path, $"line {line}: feature {j + 1} must be a finite number; got a missing, non-numeric or infinite value");
                features.Add(value);
                j++;
            }
            classes.Add(name);
        }
        if (classes.Count == 0) throw DataFormatException.InFile(path, "no data rows");
        return RawExamples.FromFloats(path, classes.ToArray(), featureLength, features.ToArray());
    }
}
