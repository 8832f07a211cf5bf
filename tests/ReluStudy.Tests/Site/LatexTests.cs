using ReluStudy.Core.Platform;
namespace ReluStudy.Tests.Site;

/// <summary>
/// The report tests' fixture published with its PDFs: every study's report.tex compiles with pdflatex, its page links the
/// PDF, and the same results give the same PDF bytes. Where pdflatex is absent the tests are reported skipped.
/// </summary>
public class LatexTests
{
    private static readonly string Fixture = Path.Combine(TestPaths.Repo, "tests", "ReluStudy.Reports.Tests", "fixture", "results");

    [FactNeeds(Need.Pdflatex)]
    public void EveryStudysReportCompilesAndItsPageLinksThePdf()
    {
        string site = TestPaths.TempFolder();
        var published = ReluStudy.Reports.Site.publish(ReluStudy.Reports.Site.Pdf.PdfWhenPdflatex, Fixture, site);
        var studies = published.Pages.Where(p => p.Figures.Any()).ToArray();
        Assert.NotEmpty(studies);
        Assert.Equal(studies.Length, published.Pdfs.Length);
        foreach (var page in studies)
        {
            string study = Path.GetDirectoryName(page.Path)!;
            var built = published.Pdfs.Single(p => p.Item1 == study).Item2;
            Assert.True(built.IsOk, built.IsError ? built.ErrorValue : "");
            string pdf = Path.Combine(site, study, "latex", "report.pdf");
            Assert.Equal(pdf, built.ResultValue);
            Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(pdf), 0, 4));
            Assert.Contains("[as PDF](latex/report.pdf)", page.Markdown);
            Assert.Contains("href=\"latex/report.pdf\"", File.ReadAllText(Path.Combine(site, study, "index.html")));
            // only the sources and the PDF are left in the folder
            Assert.DoesNotContain(Directory.GetFiles(Path.Combine(site, study, "latex"), "report.*"), f => !f.EndsWith(".tex") && !f.EndsWith(".pdf"));
        }
        string again = TestPaths.TempFolder();
        ReluStudy.Reports.Site.publish(ReluStudy.Reports.Site.Pdf.PdfWhenPdflatex, Fixture, again);
        foreach (var page in studies)
        {
            string study = Path.GetDirectoryName(page.Path)!;
            Assert.True(File.ReadAllBytes(Path.Combine(site, study, "latex", "report.pdf")).SequenceEqual(File.ReadAllBytes(Path.Combine(again, study, "latex", "report.pdf"))),
                $"{study}: two builds of report.pdf from the same results differ");
        }
    }

    [FactNeeds(Need.Pdflatex)]
    public void AFigureThatDoesNotCompileIsReportedWithTeXsErrorAndNoPdfIsLinked()
    {
        string site = TestPaths.TempFolder();
        ReluStudy.Reports.Site.publish(ReluStudy.Reports.Site.Pdf.NoPdf, Fixture, site);
        string latex = Path.Combine(site, "tiny", "latex");
        File.AppendAllText(Path.Combine(latex, "tables.tex"), "\\undefinedcommand\n");
        var built = ReluStudy.Reports.Paper.compile(ProgramPath.Find("pdflatex")!, latex);
        Assert.True(built.IsError);
        Assert.Contains("Undefined control sequence", built.ErrorValue);
        Assert.Contains(Path.Combine(latex, "report.tex"), built.ErrorValue);
    }
}
