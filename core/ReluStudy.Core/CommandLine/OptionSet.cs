using System.Text;

namespace ReluStudy.Core.CommandLine;

/// <summary>One option: its name, the placeholder of its value (null for a flag) and what it does, with its default.</summary>
public sealed record OptionSpec(string Name, string? Value, string Help, bool Repeatable = false)
{
    public bool IsFlag => Value is null;
}

/// <summary>
/// A command's options, which both its reader and its usage text come from: the usage is generated, so it cannot
/// drift from what the command accepts.
/// </summary>
public sealed class OptionSet
{
    /// <param name="synopsis">the usage line after "usage: ", e.g. "relustudy train [options]".</param>
    /// <param name="description">what the command does, printed under the options; may be empty.</param>
    public OptionSet(string synopsis, string description, IEnumerable<OptionSpec> options)
    {
        Synopsis = synopsis;
        Description = description;
        Options = options.ToArray();
        if (Options.GroupBy(o => o.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"option {twice.Key}: must be defined once; got it {twice.Count()} times", nameof(options));
    }

    public string Synopsis { get; }
    public string Description { get; }
    public IReadOnlyList<OptionSpec> Options { get; }

    public OptionReader Read(IReadOnlyList<string> args) => new(args, this);

    /// <summary>"usage: SYNOPSIS", one aligned line per option, then the description.</summary>
    public string Usage
    {
        get
        {
            var b = new StringBuilder($"usage: {Synopsis}\n");
            string Left(OptionSpec o) => o.Value is null ? o.Name : $"{o.Name} {o.Value}";
            int column = Options.Count == 0 ? 0 : Math.Min(36, Options.Max(o => Left(o).Length) + 2);
            foreach (OptionSpec o in Options)
            {
                string left = Left(o);
                b.Append("  ").Append(left.PadRight(column));
                if (left.Length > column) b.Append('\n').Append(' ', column + 2);
                b.Append(o.Help).Append('\n');
            }
            if (Description.Length > 0) b.Append(Description.TrimEnd()).Append('\n');
            return b.ToString().TrimEnd('\n');
        }
    }
}
