using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ReluStudy.Tests.Site;

/// <summary>
/// The site built from the report tests' fixture, loaded in Debian's headless Chromium from a loopback
/// server: no console errors, every chart drawn with its traces, and a screenshot of Figure 1 kept in
/// TestResults/site/ for CI. .ci/run installs Chromium; where it is absent the tests are reported skipped.
/// </summary>
public class BrowserTests
{
    private const string Chromium = FactNeedsAttribute.Chromium;

    [FactNeeds(Need.Chromium)]
    public void TheConsoleCheckSeesConsoleErrors()
    {
        string folder = TestPaths.TempFolder();
        File.WriteAllText(Path.Combine(folder, "index.html"), "<html><body><script>undefinedFunction();</script></body></html>");
        using var server = new LoopbackFileServer(folder);
        (_, string log) = Chrome("--dump-dom", server.BaseUrl + "index.html");
        Assert.Contains(log.Split('\n'), l => l.Contains(":CONSOLE") && l.Contains("Uncaught ReferenceError"));
    }

    [FactNeeds(Need.Chromium)]
    public void EveryPageLoadsWithoutConsoleErrorsAndDrawsEveryTrace()
    {
        string fixture = Path.Combine(TestPaths.Repo, "tests", "ReluStudy.Reports.Tests", "fixture", "results");
        string site = TestPaths.TempFolder();
        var pages = ReluStudy.Reports.Site.publish(ReluStudy.Reports.Site.Pdf.NoPdf, fixture, site).Pages;
        using var server = new LoopbackFileServer(site);

        foreach (ReluStudy.Reports.Page.Page page in pages)
        {
            (string dom, string log) = Chrome($"--dump-dom", server.BaseUrl + page.Path + ".html");
            // Chromium logs every console message as "...:INFO:CONSOLE:line] "text", source: ..." whatever its level, so a
            // clean page logs nothing at all (errors, uncaught exceptions and failed loads all show up here).
            var consoleErrors = log.Split('\n').Where(l => l.Contains(":CONSOLE")).ToArray();
            Assert.True(consoleErrors.Length == 0, $"{page.Path}: {string.Join("\n", consoleErrors)}");
            foreach (var figure in page.Figures)
            {
                int start = dom.IndexOf($"<div id=\"{figure.Id}\"", StringComparison.Ordinal);
                Assert.True(start >= 0, $"{page.Path}: chart {figure.Id} missing from the rendered page");
                int next = dom.IndexOf("<div class=\"chart\">", start, StringComparison.Ordinal);
                string chart = dom[start..(next < 0 ? dom.Length : next)];
                int drawn = Regex.Matches(chart, "class=\"trace scatter").Count;
                Assert.True(drawn == figure.Traces, $"{page.Path}: chart {figure.Id} drew {drawn} traces, expected {figure.Traces}");
            }
        }

        // Opened from disk too: plotly.js and the stylesheet are relative paths inside the site.
        (string fromDisk, _) = Chrome("--dump-dom", new Uri(Path.Combine(site, "tiny", "index.html")).AbsoluteUri);
        Assert.True(Regex.Matches(fromDisk, "class=\"trace scatter").Count > 0, "no chart drawn when the page is opened via file://");

        string artifacts = Path.Combine(TestPaths.Repo, "TestResults", "site");
        Directory.CreateDirectory(artifacts);
        string screenshot = Path.Combine(artifacts, "figure1.png");
        File.Delete(screenshot);
        Chrome($"--screenshot={screenshot}", server.BaseUrl + "tiny/index.html");
        Assert.True(File.Exists(screenshot) && new FileInfo(screenshot).Length > 10_000, "no screenshot of Figure 1");
    }

    private static (string Stdout, string Stderr) Chrome(string action, string url)
    {
        var start = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", $"--user-data-dir={TestPaths.TempFolder()}", "--window-size=1000,900",
                     "--virtual-time-budget=10000", "--enable-logging=stderr", "--v=0", action, url,
                 })
            start.ArgumentList.Add(a);
        using Process p = Process.Start(start)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) p.Kill(true);
        return (stdout.Result, stderr.Result);
    }
}
