using System.Globalization;

namespace ReluStudy.Core.CommandLine;

/// <summary>
/// Reads "--name value", "--name=value" and flags against an <see cref="OptionSet"/>, collecting every
/// problem as a one-line message that names the option, the rule and the value.
/// </summary>
public sealed class OptionReader
{
    private readonly Dictionary<string, List<string?>> _values = new(StringComparer.Ordinal);

    public OptionReader(IReadOnlyList<string> args, OptionSet options)
    {
        var byName = options.Options.ToDictionary(o => o.Name);
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                Positionals.Add(arg);
                continue;
            }
            string name = arg, value = "";
            bool inline = false;
            int equals = arg.IndexOf('=');
            if (equals > 0)
            {
                name = arg[..equals];
                value = arg[(equals + 1)..];
                inline = true;
            }
            if (!byName.TryGetValue(name, out OptionSpec? spec))
            {
                Errors.Add($"{name}: unknown option; valid options are {string.Join(", ", byName.Keys.Order(StringComparer.Ordinal))}");
                // its value, if it has one, is not a positional: one line per mistake
                if (!inline && i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) i++;
                continue;
            }
            if (_values.ContainsKey(name) && !spec.Repeatable)
            {
                Errors.Add($"{name}: may be given once; got it twice");
                if (!spec.IsFlag && !inline) i++;
                continue;
            }
            if (spec.IsFlag)
            {
                if (inline) Errors.Add($"{name}: is a flag and takes no value; got '{value}'");
                Add(name, null);
            }
            else
            {
                if (!inline)
                {
                    if (i + 1 >= args.Count) { Errors.Add($"{name}: needs a value; got none"); continue; }
                    value = args[++i];
                }
                if (spec.Value is "DIR" or "FILE" && string.IsNullOrWhiteSpace(value))
                {
                    Errors.Add($"{name}: must be a path; got '{value}'");
                    continue;
                }
                Add(name, value);
            }
        }
    }

    private void Add(string name, string? value)
    {
        if (!_values.TryGetValue(name, out List<string?>? values)) _values[name] = values = [];
        values.Add(value);
    }

    public List<string> Errors { get; } = [];

    /// <summary>
    /// A core rule's problem ("step: must be ...") as the command line names it ("--lr: must be ..."): the setting becomes its
    /// option, and η, which the core, the studies and run.json call "step", is the command line's --lr (docs/glossary.md).
    /// "memory:" (a whole run's need, <see cref="Studies.RunMemory"/>) is no option's and stays as it is.
    /// </summary>
    public static string AsOption(string problem) =>
        problem.StartsWith("step:", StringComparison.Ordinal) ? "--lr:" + problem["step:".Length..]
        : problem.StartsWith("memory:", StringComparison.Ordinal) ? problem
        : "--" + problem;

    /// <summary>Adds each core problem under its option's name (<see cref="AsOption"/>).</summary>
    public void AddProblems(IEnumerable<string> problems) => Errors.AddRange(problems.Select(AsOption));

    /// <summary>Prints every problem as "error: ..." and says whether there was any (the caller exits with ExitCodes.BadOption).</summary>
    public bool Failed(TextWriter stderr)
    {
        foreach (string e in Errors) stderr.WriteLine($"error: {e}");
        return Errors.Count > 0;
    }
    public List<string> Positionals { get; } = [];

    public bool Has(string name) => _values.ContainsKey(name);

    public string? String(string name) => _values.TryGetValue(name, out List<string?>? v) ? v[0] : null;

    /// <summary>Every value of a repeatable option, in order.</summary>
    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out List<string?>? v) ? v.Select(x => x ?? "").ToArray() : [];

    public int Int(string name, int fallback, int min, int max = int.MaxValue)
    {
        if (String(name) is not string text) return fallback;
        if (int.TryParse(text.Replace("_", ""), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max)
            return value;
        Errors.Add(max == int.MaxValue
            ? $"{name}: must be an integer >= {min}; got '{text}'"
            : $"{name}: must be an integer in {min}..{max}; got '{text}'");
        return fallback;
    }

    /// <summary>
    /// --threads: 1 to this machine's logical processors (the runtime's count, which honours affinity and container
    /// limits). More workers than processors only wait on each other: a 0.1 s run took 43 s with 1000 on 2 cores.
    /// </summary>
    public int Threads(string name = "--threads")
    {
        int most = Environment.ProcessorCount;
        if (String(name) is not string text) return most;
        if (int.TryParse(text.Replace("_", ""), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= 1 && value <= most)
            return value;
        Errors.Add($"{name}: must be an integer in 1..{most} (this machine's logical processors); got '{text}'");
        return most;
    }

    public ulong ULong(string name, ulong fallback)
    {
        if (String(name) is not string text) return fallback;
        if (ulong.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong value)) return value;
        Errors.Add($"{name}: must be a non-negative integer; got '{text}'");
        return fallback;
    }

    /// <summary>A finite number satisfying <paramref name="valid"/>, described by <paramref name="rule"/>.</summary>
    public double Double(string name, double fallback, Func<double, bool> valid, string rule)
    {
        if (String(name) is not string text) return fallback;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) && valid(value))
            return value;
        Errors.Add($"{name}: must be {rule}; got '{text}'");
        return fallback;
    }

    public T Choice<T>(string name, T fallback, IReadOnlyDictionary<string, T> choices)
    {
        if (String(name) is not string text) return fallback;
        if (choices.TryGetValue(text, out T? value)) return value;
        Errors.Add($"{name}: must be one of {string.Join("|", choices.Keys)}; got '{text}'");
        return fallback;
    }
}
