using ReluStudy.Core.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReluStudy.Core.Results;
using ReluStudy.Core.Theory.Bounds;

namespace ReluStudy.Cli;

/// <summary>relustudy bounds: every paper's required width, iterations, step and radius for given n, L, φ, λ0, δ, ε.</summary>
internal static class BoundsCommand
{
    public static readonly OptionSet Options = new("relustudy bounds [--stats FILE] [--n N] [--L L] [--phi PHI] [--lambda0 L0] [--delta D] [--epsilon E] [--json]",
        """
        Values are orders of magnitude (log10) with every constant and log factor set to 1: only the
        exponents are theorems, so never read them as exact numbers.
        """,
        [
            new("--stats", "FILE", "a 'relustudy data stats --json' file: supplies n, phi and lambda0"),
            new("--n", "N", "training examples (required without --stats)"),
            new("--L", "L", "hidden layers (default 15)"),
            new("--phi", "PHI", "ZCZG Assumption 4.2 separation (required without --stats)"),
            new("--lambda0", "L0", "lambda_min of DZPS's H-infinity (required without --stats)"),
            new("--delta", "D", "failure probability (default 0.1)"),
            new("--epsilon", "E", "target training loss (default log(2)/n: zero training error, ZCZG Remark 4.1)"),
            new("--json", null, "print the table as JSON"),
        ]);

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        if (Help.Asked(args, Options, stdout)) return ExitCodes.Ok;
        OptionReader o = Options.Read(args);
        foreach (string extra in o.Positionals) o.Errors.Add($"bounds: takes only --options; got '{extra}'");
        double? n = null, phi = null, lambda0 = null;
        if (o.String("--stats") is string path)
        {
            try
            {
                DataCheckRecord stats = DataCheckRecord.Read(path);
                (n, phi, lambda0) = (stats.N, stats.Phi, stats.Lambda0);
            }
            catch (Exception e) when (e is IOException or ResultsFormatException or UnauthorizedAccessException)
            {
                o.Errors.Add($"--stats: must be a readable 'relustudy data stats --json' file with n, phi and lambda0; got '{path}' ({e.Message})");
            }
        }
        n = o.Has("--n") ? o.Double("--n", 0, v => v >= 1, "a number >= 1") : n;
        phi = o.Has("--phi") ? o.Double("--phi", 0, v => v > 0, "a number > 0") : phi;
        lambda0 = o.Has("--lambda0") ? o.Double("--lambda0", 0, v => v > 0, "a number > 0") : lambda0;
        double l = o.Double("--L", 15, v => v >= 1, "a number >= 1");
        double delta = o.Double("--delta", 0.1, v => v > 0 && v < 1, "a number in (0, 1)");
        foreach ((string name, double? value) in new[] { ("--n", n), ("--phi", phi), ("--lambda0", lambda0) })
            if (value is null && !o.Has(name) && o.Errors.Count == 0) o.Errors.Add($"{name}: is required without --stats; got none");
        if (o.Failed(stderr)) return ExitCodes.BadOption;
        double epsilon = o.Has("--epsilon") ? o.Double("--epsilon", 0, v => v > 0, "a number > 0") : Math.Log(2) / n!.Value;
        var inputs = new BoundInputs(n!.Value, l, phi!.Value, lambda0!.Value, delta, epsilon);
        IReadOnlyList<string> problems = inputs.Problems();
        if (o.Errors.Count > 0 || problems.Count > 0)
        {
            foreach (string e in o.Errors.Concat(problems.Select(OptionReader.AsOption))) stderr.WriteLine($"error: {e}");
            return ExitCodes.BadOption;
        }

        IReadOnlyList<PaperBounds> table = TheoremBounds.For(inputs);
        if (o.Has("--json")) stdout.WriteLine(ToJson(inputs, table).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        else WriteText(inputs, table, stdout);
        return ExitCodes.Ok;
    }

    public static JsonObject ToJson(BoundInputs x, IReadOnlyList<PaperBounds> table) => new()
    {
        ["format"] = "relustudy-bounds/1",
        ["note"] = "log10 orders of magnitude with every constant and log factor set to 1; only exponents are testable",
        ["inputs"] = new JsonObject { ["n"] = x.N, ["L"] = x.L, ["phi"] = x.Phi, ["lambda0"] = x.Lambda0, ["delta"] = x.Delta, ["epsilon"] = x.Epsilon },
        ["papers"] = new JsonArray(table.Select(p => (JsonNode)new JsonObject
        {
            ["key"] = p.Key, ["citation"] = p.Citation, ["setting"] = p.Setting,
            ["width"] = Order(p.Width), ["iterations"] = Order(p.Iterations), ["step_size"] = Order(p.StepSize),
            ["radius"] = p.Radius is null ? null : Order(p.Radius),
        }).ToArray()),
    };

    private static JsonObject Order(OrderOfMagnitude o) => new()
    {
        ["log10"] = o.Log10, ["formula"] = o.Formula, ["status"] = o.Confidence.ToString().ToLowerInvariant(), ["note"] = o.Note,
    };

    private static void WriteText(BoundInputs x, IReadOnlyList<PaperBounds> table, TextWriter w)
    {
        var inv = CultureInfo.InvariantCulture;
        w.WriteLine(string.Format(inv, "bounds for n = {0:G6}, L = {1:G6}, phi = {2:G6}, lambda0 = {3:G6}, delta = {4:G3}, epsilon = {5:G3}",
            x.N, x.L, x.Phi, x.Lambda0, x.Delta, x.Epsilon));
        w.WriteLine("orders of magnitude (10^x) with constants and log factors set to 1 - exponents only, never exact numbers;");
        w.WriteLine("? = the formula is unconfirmed (docs/theory.md, section 3); unknown = no formula with known exponents");
        w.WriteLine();
        w.WriteLine(string.Format(inv, "{0,-10} {1,-12} {2,-12} {3,-12} {4,-12}", "paper", "width m", "iterations K", "step eta", "radius"));
        foreach (PaperBounds p in table)
            w.WriteLine(string.Format(inv, "{0,-10} {1,-12} {2,-12} {3,-12} {4,-12}", p.Key, Cell(p.Width), Cell(p.Iterations), Cell(p.StepSize), p.Radius is null ? "-" : Cell(p.Radius)));
        w.WriteLine();
        foreach (PaperBounds p in table)
        {
            w.WriteLine($"{p.Key}: {p.Citation}; {p.Setting}");
            foreach ((string name, OrderOfMagnitude? o) in new[] { ("width", p.Width), ("iterations", p.Iterations), ("step", p.StepSize), ("radius", p.Radius) })
                if (o is not null) w.WriteLine($"  {name}: {o.Formula} [{o.Confidence.ToString().ToLowerInvariant()}]{(o.Note is null ? "" : " - " + o.Note)}");
        }
    }

    private static string Cell(OrderOfMagnitude o) =>
        (o.Log10 is double v ? "10^" + v.ToString("F1", CultureInfo.InvariantCulture) : "unknown") + (o.Confidence == Confidence.Unconfirmed ? "?" : "");
}
