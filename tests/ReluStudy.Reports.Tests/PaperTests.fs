module ReluStudy.Reports.Tests.PaperTests

open System
open System.IO
open System.Text.RegularExpressions
open Xunit
open ReluStudy.Reports

let private fixture = Path.Combine(SiteTests.here, "fixture", "results")

let private temp () = Path.Combine(Path.GetTempPath(), "relustudy-paper-tests", Guid.NewGuid().ToString("N"))

let private published = lazy (let out = temp () in out, (Site.publish Site.NoPdf fixture out).Pages)

let private count (pattern: string) (text: string) = Regex.Matches(text, pattern).Count

[<Fact>]
let ``Every chart's download button gives SVG named after the chart`` () =
    let _, pages = published.Force()
    let figures = pages |> List.collect _.Figures
    Assert.NotEmpty figures
    for f in figures do
        Assert.Contains($"Plotly.newPlot('{f.Id}', data, layout, {{toImageButtonOptions: {{format: 'svg', filename: '{f.Id}'}}}})", f.Html)

[<Fact>]
let ``Each study's LaTeX folder has report.tex inputting a pgfplots figure per chart and tables.tex`` () =
    let out, pages = published.Force()
    for page in pages |> List.filter (fun p -> not p.Figures.IsEmpty) do
        let latex = Path.Combine(out, Path.GetDirectoryName page.Path, PaperFiles.Folder)
        let report = File.ReadAllText(Path.Combine(latex, PaperFiles.Report))
        Assert.Contains("\\documentclass", report)
        // a study's report has its tables; a paper layout's is its figures only
        if page.Path <> "tiny-paper/index" then
            Assert.Contains("\\input{tables.tex}", report)
            Assert.True(File.Exists(Path.Combine(latex, "tables.tex")))
        for f in page.Figures do
            Assert.Contains($"\\input{{{PaperFiles.figure f}}}", report)
            let tex = File.ReadAllText(Path.Combine(latex, PaperFiles.figure f))
            // every file a plot reads is in the folder
            for m in Regex.Matches(tex, @"\{\\relustudydata ([^}]+)\}") do
                Assert.True(File.Exists(Path.Combine(latex, m.Groups[1].Value)), $"{f.Id} reads {m.Groups[1].Value}, which is missing")
            // the same traces as the web chart: a band is three plotly traces and four pgfplots plots (two paths, the fill,
            // the mean); every other trace is one plot
            let bands = count "fill between" tex
            Assert.Equal(f.Traces - 3 * bands + 4 * bands, count @"\\addplot" tex)
            Assert.Equal(f.Html.Contains "\"type\":\"log\"", tex.Contains "mode=log")
            Assert.Contains("\\begin{axis}", tex)

[<Fact>]
let ``A figure's per-curve files are the chart CSV's rows of that curve, and predictions stay dashed or dotted`` () =
    let out, pages = published.Force()
    let page = pages |> List.find (fun p -> p.Path = "tiny-kernel/index")
    let f = page.Figures |> List.find (fun f -> f.Id = "fig1-loss")
    let chart = File.ReadAllLines(Path.Combine(out, "tiny-kernel", "fig1-loss.csv"))
    let latex = Path.Combine(out, "tiny-kernel", PaperFiles.Folder)
    let curves = chart |> Array.skip 1 |> Array.map (fun l -> l.Split(',').[0]) |> Array.distinct
    Assert.Equal(6, curves.Length) // two widths' bands, then an infinite-width and a linearised prediction per width
    for c in curves do
        let own = File.ReadAllLines(Path.Combine(latex, $"fig1-loss.{c}.csv"))
        Assert.Equal(chart[0], own[0])
        Assert.Equal<string array>(chart |> Array.filter (fun l -> l.StartsWith(c + ",", StringComparison.Ordinal)), own[1..])
    let tex = File.ReadAllText(Path.Combine(latex, "fig-fig1-loss.tex"))
    Assert.Equal(2, count ", dashed\]" tex)
    Assert.Equal(2, count ", dotted\]" tex)
    Assert.Contains("ymode=log", tex)

[<Fact>]
let ``tables.tex holds the claims, fits and bounds as booktabs tables, the same cells as the page`` () =
    let out, pages = published.Force()
    let page = pages |> List.find (fun p -> p.Path = "tiny-kernel/index")
    let tables = File.ReadAllText(Path.Combine(out, "tiny-kernel", PaperFiles.Folder, "tables.tex"))
    Assert.True(count @"\\toprule" tables >= 2, tables)
    Assert.Equal(count @"\\toprule" tables, count @"\\bottomrule" tables)
    Assert.Contains("fig1-faster & iteration &", tables)
    Assert.Contains("| fig1-faster | iteration |", page.Markdown)
    Assert.Contains("P20 &", tables)

[<Fact>]
let ``LaTeX escaping prints every special character and the results' symbols`` () =
    Assert.Equal(@"L\_S 10\% a\&b \#1 \$x\$ \{y\} \textbackslash{}z \^{}2 \~{} \textbar{}W\textbar{} \textless{}\textgreater{}", Pgf.escape @"L_S 10% a&b #1 $x$ {y} \z ^2 ~ |W| <>")
    Assert.Equal("$\\eta$$\\cdot$m $\\le$ 2 P\u00f3czos?", Pgf.escape "η·m ≤ 2 P\u00f3czos\u4e00")

[<Fact>]
let ``A results folder without a study is refused before anything is written`` () =
    let empty = temp ()
    Directory.CreateDirectory(Path.Combine(empty, "not-a-study")) |> ignore
    let out = temp ()
    let e = Assert.Throws<ArgumentException>(fun () -> Site.publish Site.NoPdf empty out |> ignore)
    Assert.Contains(empty, e.Message)
    Assert.Contains("study.json", e.Message)
    Assert.False(Directory.Exists out)

[<Fact>]
let ``Studies without a finished run say so instead of drawing empty charts`` () =
    let results = temp ()
    let source = Path.Combine(fixture, "tiny")
    for file in Directory.GetFiles(source, "*", SearchOption.AllDirectories) do
        let target = Path.Combine(results, "tiny", Path.GetRelativePath(source, file))
        Directory.CreateDirectory(Path.GetDirectoryName target) |> ignore
        let text = File.ReadAllText file
        // every run stopped while running: a killed study before its first run finished
        File.WriteAllText(target, if Path.GetFileName file = "run.json" then text.Replace("\"status\": \"completed\"", "\"status\": \"running\"") else text)
    let out = temp ()
    let published = Site.publish Site.NoPdf results out
    Assert.False(published.AnyFinished)
    let index = published.Pages |> List.find (fun p -> p.Path = "index")
    Assert.Contains("No study here has a finished run yet", index.Markdown)
    let study = published.Pages |> List.find (fun p -> p.Path = "tiny/index")
    Assert.Empty(study.Figures)
    Assert.Contains("No run of this study has finished yet", study.Markdown)
    Assert.False(Directory.Exists(Path.Combine(out, "tiny", PaperFiles.Folder)))
    Assert.Contains("no study has a finished run yet", Site.describe published out |> String.concat "\n")

[<Fact>]
let ``The index lists every prediction with the studies that check it and their verdicts`` () =
    let _, pages = published.Force()
    let index = (pages |> List.find (fun p -> p.Path = "index")).Markdown
    Assert.Contains("## Predictions", index)
    for p in ReluStudy.Core.Theory.PredictionCatalogue.All do
        let statement = p.Statement.Replace("|", "\\|")
        Assert.Contains($"| {p.Id} | {statement} |", index)
    // the fixture's kernel study fits P20 over two widths: named with its exponent and verdict
    let p20 = index.Split('\n') |> Array.find (fun l -> l.StartsWith "| P20 |")
    Assert.Contains("[tiny-kernel](tiny-kernel/index.html)", p20)
    Assert.Contains("tiny-kernel: P20 b = ", p20)
    Assert.Contains("insufficient (2 widths", p20)
    // a fitted prediction no fixture study fits says so; one no study measures yet says what it needs
    Assert.Contains("| - | no study here fits it |", index.Split('\n') |> Array.find (fun l -> l.StartsWith "| P11b |"))
    // the fixture's step searches fit P11 on the largest stable step and on each of its two predictions
    let p11 = index.Split('\n') |> Array.find (fun l -> l.StartsWith "| P11 |")
    for fit in [ "tiny-stable: P11 b = "; "; P11-sharpness b = "; "; P11-ceiling b = " ] do Assert.Contains(fit, p11)
    Assert.Contains("not measured yet: needs a fit of the late loss against k", index.Split('\n') |> Array.find (fun l -> l.StartsWith "| P10 |"))

[<Fact>]
let ``Run folders an earlier declaration left in a study folder are not drawn, and the page says so`` () =
    let results = temp ()
    let source = Path.Combine(fixture, "tiny")
    for file in Directory.GetFiles(source, "*", SearchOption.AllDirectories) do
        let target = Path.Combine(results, "tiny", Path.GetRelativePath(source, file))
        Directory.CreateDirectory(Path.GetDirectoryName target) |> ignore
        File.Copy(file, target)
    // a run of an earlier declaration: a run folder study.json does not list
    let first = Directory.GetDirectories(Path.Combine(results, "tiny")) |> Array.find (fun d -> File.Exists(Path.Combine(d, "run.json")))
    let stale = Path.Combine(results, "tiny", "00000000000000aa")
    Directory.CreateDirectory stale |> ignore
    for f in Directory.GetFiles first do File.Copy(f, Path.Combine(stale, Path.GetFileName f))
    let study = Results.load results |> List.exactlyOne
    Assert.Equal<string list>([ "00000000000000aa" ], study.Undeclared)
    Assert.Equal(4, study.Runs.Length)
    let page = (Site.publish Site.NoPdf results (temp ())).Pages |> List.find (fun p -> p.Path = "tiny/index")
    Assert.Contains("1 run folder(s) from an earlier declaration of this study are not shown (not in its study.json): 00000000000000aa.", page.Markdown)

[<Fact>]
let ``A paper layout sets Figures 1-3 out with a panel per paired study, on a page and as one LaTeX figure with subfigures each`` () =
    let out, pages = published.Force()
    let page = pages |> List.find (fun p -> p.Path = "tiny-paper/index")
    Assert.Equal<string list>(
        [ "fig1-loss-a"; "fig1-loss-b"; "fig2-distance-a"; "fig2-distance-b"; "fig3-patterns-a"; "fig3-patterns-b" ],
        page.Figures |> List.map _.Id)
    Assert.Equal(3, count "<div class=\"panels\">" page.Markdown)
    Assert.Contains("(a) tiny: [tiny](../tiny/index.html)", page.Markdown)
    Assert.Contains("<figcaption>(b) tiny with its kernel</figcaption>", page.Markdown)
    // each panel draws its own study's runs: the (b) loss data is tiny-kernel's loss figure without its predictions
    let own = File.ReadAllLines(Path.Combine(out, "tiny-kernel", "fig1-loss.csv")) |> Array.filter (fun l -> not (l.Contains "prediction"))
    Assert.Equal<string array>(own, File.ReadAllLines(Path.Combine(out, "tiny-paper", "fig1-loss-b.csv")))
    let tex = File.ReadAllText(Path.Combine(out, "tiny-paper", PaperFiles.Folder, PaperFiles.Report))
    Assert.Equal(3, count @"\\begin\{figure\}" tex)
    Assert.Equal(6, count @"\\begin\{subfigure\}" tex)
    Assert.Contains(@"\input{fig-fig3-patterns-b.tex}", tex)
    Assert.Contains("(Zou et al.'s Figure 2)", tex)
    Assert.True(File.Exists(Path.Combine(out, "tiny-paper", PaperFiles.Folder, "fig-fig1-loss-a.tex")))
    // the index links it
    let index = pages |> List.find (fun p -> p.Path = "index")
    Assert.Contains("[Figures 1-3 of two tiny studies](tiny-paper/index.html)", index.Markdown)
