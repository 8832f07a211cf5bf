using System.Diagnostics;
using System.Globalization;
using System.Text;
using ReluStudy.Core.Output;

namespace ReluStudy.Core.Results;

/// <summary>The columns of one CSV file of a run folder, each with how a row gives its value.</summary>
public sealed class CsvTable<TRow>(params (MetricColumn Column, Func<TRow, double?> Value)[] columns)
{
    public IReadOnlyList<MetricColumn> Columns { get; } = columns.Select(c => c.Column).ToArray();

    public string Header => string.Join(',', Columns.Select(c => c.Name));

    public IEnumerable<(MetricColumn Column, double? Value)> Cells(TRow row) => columns.Select(c => (c.Column, c.Value(row)));

    public void Append(StringBuilder csv, TRow row)
    {
        for (int c = 0; c < columns.Length; c++)
        {
            if (c > 0) csv.Append(',');
            csv.Append(columns[c].Column.Write(columns[c].Value(row)));
        }
        csv.Append('\n');
    }
}

/// <summary>
/// A CSV file of a run folder being written: rows collect in memory and the whole file is replaced atomically
/// at most every <see cref="FlushInterval"/> and on <see cref="Flush"/>, so a reader never sees half a row.
/// </summary>
public sealed class CsvFile<TRow>(string path, CsvTable<TRow> table)
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(2);

    private readonly StringBuilder _rows = new StringBuilder(table.Header).Append('\n');
    private readonly Stopwatch _sinceFlush = Stopwatch.StartNew();

    public string Path => path;

    public void Add(TRow row)
    {
        table.Append(_rows, row);
        if (_sinceFlush.Elapsed >= FlushInterval) Flush();
    }

    public void Flush()
    {
        AtomicFile.WriteAllText(path, _rows.ToString());
        _sinceFlush.Restart();
    }

    /// <summary>Continues the file on disk: keeps its rows logged before <paramref name="iteration"/>, drops the rest; false when there is no file.</summary>
    public bool ResumeAt(int iteration)
    {
        if (!File.Exists(path)) return false;
        foreach (string line in File.ReadLines(path).Skip(1))
        {
            int comma = line.IndexOf(',');
            if (comma > 0 && int.TryParse(line.AsSpan(0, comma), NumberStyles.Integer, CultureInfo.InvariantCulture, out int k) && k < iteration)
                _rows.Append(line).Append('\n');
        }
        return true;
    }
}

/// <summary>One row of a run's CSV file read back: each column's value (empty cells have none).</summary>
public sealed class CsvRow(IReadOnlyDictionary<MetricColumn, double> values)
{
    public int Iteration => (int)values[MetricColumns.Iteration];

    public double? this[MetricColumn column] => values.TryGetValue(column, out double v) ? v : null;

    public bool Has(MetricColumn column) => values.ContainsKey(column);

    /// <summary>Every row of a run's CSV file, columns by their current names (older names are translated; unknown ones
    /// are skipped). Missing file: none.</summary>
    public static IReadOnlyList<CsvRow> ReadAll(string path)
    {
        if (!File.Exists(path)) return [];
        using var reader = new StreamReader(path);
        MetricColumn?[] header = (reader.ReadLine() ?? "").Split(',').Select(MetricColumns.Named).ToArray();
        var rows = new List<CsvRow>();
        while (reader.ReadLine() is string line)
        {
            if (line.Length == 0) continue;
            string[] cells = line.Split(',');
            var values = new Dictionary<MetricColumn, double>(header.Length);
            for (int c = 0; c < header.Length && c < cells.Length; c++)
                if (header[c] is { } column && double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out double v)) values[column] = v;
            rows.Add(new CsvRow(values));
        }
        return rows;
    }
}
