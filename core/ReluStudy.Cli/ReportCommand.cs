using ReluStudy.Core.CommandLine;
using ReluStudy.Core.Results;
namespace ReluStudy.Cli;

/// <summary>relustudy report RESULTS [--out DIR]: the static site of a results folder (reads, never trains).</summary>
internal static class ReportCommand
{
    public static readonly OptionSet Options = new("relustudy report RESULTS_DIR [--out DIR]",
        """
          Reads every study under RESULTS_DIR (folders with study.json, as Study.run writes them) and writes
          the static site to DIR (default site): index.html, one page per study with Figures 1-3 of Zou et al.,
          each page also as Markdown and each chart's data as CSV, plotly.js from the site itself; per study a
          latex/ folder (a pgfplots figure per chart, tables.tex, report.tex) and, when pdflatex is installed,
          report.pdf built from it. A RESULTS_DIR without a study is refused.
        """,
        [new("--out", "DIR", "where the site goes (default site)")]);

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        if (Help.Asked(args, Options, stdout)) return ExitCodes.Ok;
        OptionReader o = Options.Read(args);
        if (o.Positionals.Count != 1) o.Errors.Add($"report: needs exactly one results folder; got {o.Positionals.Count}");
        else if (!Directory.Exists(o.Positionals[0])) o.Errors.Add($"report: the results folder must exist; got '{o.Positionals[0]}'");
        else if (ResultsLayout.WhyNoStudy(o.Positionals[0]) is string why) o.Errors.Add(why);
        if (o.Failed(stderr)) return ExitCodes.BadOption;
        string output = Path.GetFullPath(o.String("--out") ?? "site");
        var published = ReluStudy.Reports.Site.publish(ReluStudy.Reports.Site.Pdf.PdfWhenPdflatex, o.Positionals[0], output);
        foreach (string line in ReluStudy.Reports.Site.describe(published, output)) stdout.WriteLine(line);
        return ExitCodes.Ok;
    }
}
