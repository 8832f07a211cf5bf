module ReluStudy.Reports.Tests.SiteTests

open System
open System.IO
open Xunit
open ReluStudy.Reports

let here =
    let rec up (dir: string) =
        if File.Exists(Path.Combine(dir, "ReluStudy.Reports.Tests.fsproj")) then dir else up (Path.GetDirectoryName dir)
    let rec repo (dir: string) =
        if File.Exists(Path.Combine(dir, "ReluStudy.sln")) then dir else repo (Path.GetDirectoryName dir)
    Path.Combine(repo AppContext.BaseDirectory, "tests", "ReluStudy.Reports.Tests")

let private fixture = Path.Combine(here, "fixture", "results")
let private golden = Path.Combine(here, "golden")

let private publishTo () =
    let out = Path.Combine(Path.GetTempPath(), "relustudy-site-tests", Guid.NewGuid().ToString("N"))
    let pages = (Site.publish Site.NoPdf fixture out).Pages
    out, pages

let private relativeFiles (root: string) =
    Directory.GetFiles(root, "*", SearchOption.AllDirectories) |> Array.map (fun f -> Path.GetRelativePath(root, f)) |> Array.sort

[<Fact>]
let ``Pages and chart data match the golden files (UPDATE_GOLDEN=1 rewrites them)`` () =
    let out, _ = publishTo ()
    let files =
        [ "index.md"; "index.html"; "tiny/index.md"; "tiny/index.html"; "tiny/fig1-loss.csv"; "tiny/fig3-patterns.csv"
          "tiny-two-layer/index.md"; "tiny-two-layer/residual.csv"; "tiny-generalisation/index.md"; "tiny-generalisation/generalisation-1.csv"
          "tiny-kernel/index.md"; "tiny-kernel/fig1-loss.csv"; "tiny-kernel/kernel-change.csv"; "tiny-paper/index.md"; "tiny-paper/fig1-loss-a.csv"
          "tiny-stable/index.md" ]
    for file in files do
        let actual = File.ReadAllText(Path.Combine(out, file))
        let expectedPath = Path.Combine(golden, file)
        if Environment.GetEnvironmentVariable "UPDATE_GOLDEN" = "1" then
            Directory.CreateDirectory(Path.GetDirectoryName expectedPath) |> ignore
            File.WriteAllText(expectedPath, actual)
        Assert.True(File.Exists expectedPath, $"missing golden file {file}")
        Assert.True((File.ReadAllText expectedPath = actual), $"{file} differs from its golden copy in {golden}")

[<Fact>]
let ``Rebuilding from the same results gives byte-identical files`` () =
    let a, _ = publishTo ()
    let b, _ = publishTo ()
    Assert.Equal<string array>(relativeFiles a, relativeFiles b)
    for f in relativeFiles a do
        Assert.True((File.ReadAllBytes(Path.Combine(a, f)) = File.ReadAllBytes(Path.Combine(b, f))), $"{f} differs between two builds")

[<Fact>]
let ``Each figure draws a band and a mean per width, plotly comes from the site, every chart has its CSV`` () =
    let out, pages = publishTo ()
    let study = pages |> List.find (fun p -> p.Path = "tiny/index")
    let scaling, curves = study.Figures |> List.partition (fun f -> f.Id.StartsWith "scaling-")
    Assert.Equal(7, curves.Length)
    for figure in curves do
        Assert.Equal(3 * 2 + 1, figure.Traces) // 2 widths: upper, lower (filled) and mean each; the runs' regime marks
        Assert.Contains("\"fill\":\"tonexty\"", figure.Html)
        Assert.Contains("\"name\":\"regime: unmeasured\"", figure.Html) // no tangent kernel recorded
    // Two widths and two seeds: each quantity at initialisation is fitted and charted, none judged; the quantities at the
    // target have no value, since no run reached it, and the table says so.
    Assert.Equal<string list>([ "scaling-p1"; "scaling-p1-last"; "scaling-p9" ], scaling |> List.map _.Id)
    Assert.Contains("| P1 | 1.110 | [-3.894, 6.114] | m: 8, 16 (4 runs) | insufficient (2 widths, 2 seeds) |  |", study.Markdown)
    Assert.Contains("| P3 | - | - |  | not enough widths (0 with a value among the lazy runs) | 4 run(s) without a value |", study.Markdown)
    for figure in study.Figures do Assert.True(File.Exists(Path.Combine(out, "tiny", figure.Id + ".csv")), figure.Id)
    let html = File.ReadAllText(Path.Combine(out, "tiny", "index.html"))
    Assert.Contains("<script src=\"../assets/plotly-2.35.3.min.js\"></script>", html)
    Assert.DoesNotContain("cdn.plot.ly", html)
    Assert.True(File.Exists(Path.Combine(out, "assets", "plotly-2.35.3.min.js")))
    Assert.True(File.Exists(Path.Combine(out, "assets", "plotly-LICENSE.txt")))
    Assert.DoesNotContain("{{chart:", File.ReadAllText(Path.Combine(out, "tiny", "index.md")))

[<Fact>]
let ``A two-layer study gets the residual under its envelope, movement against R', patterns and lambda_min(H(k))`` () =
    let _, pages = publishTo ()
    let page = pages |> List.find (fun p -> p.Path = "tiny-two-layer/index")
    let curves = page.Figures |> List.filter (fun f -> not (f.Id.StartsWith "scaling-"))
    Assert.Equal<string list>([ "residual"; "movement"; "patterns"; "lambda-min" ], curves |> List.map _.Id)
    // two widths; residual and movement also draw the bound of each width
    Assert.Equal<int list>([ 13; 13; 7; 7 ], curves |> List.map _.Traces) // and one trace of regime marks each
    Assert.Contains("\"name\":\"regime: lazy\"", page.Figures.Head.Html) // lambda_min(H(k)) stayed above lambda0/2
    Assert.Contains("m = 50 envelope", page.Figures.Head.Html)

[<Fact>]
let ``Test error against width: end of training, at zero training error, and each baseline as a flat line`` () =
    let out, pages = publishTo ()
    let study = pages |> List.find (fun p -> p.Path = "tiny-generalisation/index")
    let fig = study.Figures |> List.find (fun f -> f.Id = "generalisation-1")
    Assert.Equal(3 * (2 + 4), fig.Traces) // two network curves and four baselines, each band, band and mean
    let csv = File.ReadAllLines(Path.Combine(out, "tiny-generalisation", "generalisation-1.csv"))
    let rows name = csv |> Array.filter (fun l -> l.Split(',').[1] = name)
    // The network curves at widths 16 and 32 (two seeds each); each baseline flat from 16 to 32 at 1 - accuracy.
    Assert.Equal(2, (rows "networks at the end of training").Length)
    Assert.Equal(2, (rows "networks at zero training error").Length)
    let json = Text.Json.JsonDocument.Parse(File.ReadAllText(Directory.GetFiles(Path.Combine(fixture, "tiny-generalisation", "baselines")).[0]))
    for b in json.RootElement.GetProperty("baselines").EnumerateArray() do
        let line = rows (b.GetProperty("name").GetString() + " (baseline)")
        let error = 1.0 - b.GetProperty("test_accuracy").GetDouble()
        Assert.Equal(2, line.Length)
        for l in line do Assert.Equal(error, Double.Parse(l.Split(',').[3], Globalization.CultureInfo.InvariantCulture), 12)
    // The end-of-training mean at width 16 is the mean of the two seeds' last logged test errors.
    let last (run: string) =
        let lines = File.ReadAllLines(Path.Combine(fixture, "tiny-generalisation", run, "metrics.csv"))
        Double.Parse((Array.last lines).Split(',').[9], Globalization.CultureInfo.InvariantCulture)
    let width16 =
        Directory.GetDirectories(Path.Combine(fixture, "tiny-generalisation"))
        |> Array.filter (fun d -> File.Exists(Path.Combine(d, "spec.json")) && File.ReadAllText(Path.Combine(d, "spec.json")).Contains("\"width\": \"16\""))
        |> Array.map (fun d -> last (Path.GetFileName d))
    Assert.Equal(2, width16.Length)
    let first = (rows "networks at the end of training").[0].Split(',')
    Assert.Equal("16", first.[2])
    Assert.Equal(Array.average width16, Double.Parse(first.[3], Globalization.CultureInfo.InvariantCulture), 12)

[<Fact>]
let ``The tangent kernel's predictions are drawn over each width's band, with the kernel, the departure and the step-size check`` () =
    let out, pages = publishTo ()
    let page = pages |> List.find (fun p -> p.Path = "tiny-kernel/index")
    let figure id = page.Figures |> List.find (fun f -> f.Id = id)
    // two widths: band, band and mean each, then a dashed infinite-width and a dotted linearised prediction each
    // and one trace marking the runs' regimes where their curves end
    Assert.Equal(3 * 2 + 2 * 2 + 1, (figure "fig1-loss").Traces)
    Assert.Contains("\"dash\":\"dash\"", (figure "fig1-loss").Html)
    Assert.Contains("\"dash\":\"dot\"", (figure "fig1-loss").Html)
    Assert.Equal(3 * 2 + 2 * 2 + 1, (figure "fig2-frobenius").Traces)
    Assert.Equal(3 * 2 + 1 + 1, (figure "collapse-loss").Traces) // one infinite-width reference curve
    Assert.Equal(3 * 2 + 1, (figure "kernel-change").Traces)
    Assert.Contains("\"name\":\"regime: kernel-moving\"", (figure "kernel-change").Html)
    Assert.Contains("## Step size against the stability ceiling", page.Markdown)
    Assert.Contains("| P19 |", page.Markdown)
    Assert.Contains("| P20 |", page.Markdown)
    // The infinite-width curve of width 16 in the chart's data is prediction.csv's column, mean over the two seeds.
    let csv = File.ReadAllLines(Path.Combine(out, "tiny-kernel", "fig1-loss.csv"))
    let row = csv |> Array.find (fun l -> l.Split(',').[1] = "m = 16 infinite-width prediction" && l.Split(',').[2] = "8")
    let folders =
        Directory.GetDirectories(Path.Combine(fixture, "tiny-kernel"))
        |> Array.filter (fun d -> File.Exists(Path.Combine(d, "spec.json")) && File.ReadAllText(Path.Combine(d, "spec.json")).Contains("\"width\": \"16\""))
    let at8 (d: string) =
        let lines = File.ReadAllLines(Path.Combine(d, "prediction.csv"))
        Double.Parse((lines |> Array.find (fun l -> l.StartsWith "8,")).Split(',').[1], Globalization.CultureInfo.InvariantCulture)
    Assert.Equal(folders |> Array.averageBy at8, Double.Parse(row.Split(',').[3], Globalization.CultureInfo.InvariantCulture), 12)

[<Fact>]
let ``Each study's claims.json and fits.json hold every check with the documented keys; no page points outside the site`` () =
    let out, _ = publishTo ()
    use claims = Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(out, "tiny-kernel", "claims.json")))
    let items = claims.RootElement.GetProperty("claims").EnumerateArray() |> List.ofSeq
    Assert.Equal(9, items.Length) // three claims, three comparisons
    Assert.Equal<string list>(
        [ "fig1-faster"; "fig2-closer"; "fig3-fewer-flips" ],
        items |> List.map (fun i -> i.GetProperty("id").GetString()) |> List.distinct)
    Assert.Equal<string list>([ "iteration"; "target"; "eta-m-k" ], items |> List.map (fun i -> i.GetProperty("comparison").GetString()) |> List.distinct)
    for i in items do
        Assert.Contains(i.GetProperty("verdict").GetString(), [ "holds"; "fails"; "no trend"; "collapses"; "does not collapse"; "inconclusive"; "insufficient" ])
        for key in [ "test"; "p_value"; "p_value_other_way"; "values"; "explanation" ] do
            Assert.True(i.TryGetProperty(key) |> fst, $"""claims.json entry {i.GetProperty("id")} lacks {key}""")
    use fits = Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(out, "tiny-kernel", "fits.json")))
    let fitted = fits.RootElement.GetProperty("fits").EnumerateArray() |> List.ofSeq
    Assert.Contains(fitted, fun f -> f.GetProperty("id").GetString() = "P20")
    for f in fitted do
        for key in [ "id"; "exponent"; "low"; "high"; "predicted"; "values"; "seeds"; "verdict"; "verdicts"; "runs"; "excluded"; "zero_values"; "missing_values"; "per_seed" ] do
            Assert.True(f.TryGetProperty(key) |> fst, $"""fits.json entry {f.GetProperty("id")} lacks {key}""")
    // The theory and the glossary are pages of the site; no page sends a reader to a file it does not have.
    Assert.True(File.Exists(Path.Combine(out, "theory.html")))
    Assert.True(File.Exists(Path.Combine(out, "glossary.html")))
    for file in Directory.GetFiles(out, "*.*", SearchOption.AllDirectories) |> Array.filter (fun f -> f.EndsWith ".html" || f.EndsWith ".md") do
        let text = File.ReadAllText file
        for outside in [ "../shared"; "theory.md section"; "theory.md §" ] do
            Assert.False(text.Contains outside, $"{Path.GetRelativePath(out, file)} mentions {outside}")

[<Fact>]
let ``Where the runs measured S(W(0)), the step-size check sets each width's step against its own 2/S(W(0)) over its seeds`` () =
    // tiny-kernel's runs (eta = 0.05, widths 16 and 32, seeds 1 and 2) as if each had recorded 2/S(W(0)): width 16 both
    // seeds the same, width 32 two values, one of them below the step
    let root = Path.Combine(Path.GetTempPath(), "relustudy-site-tests", Guid.NewGuid().ToString("N"))
    let source = Path.Combine(fixture, "tiny-kernel")
    let limits = Map [ (16, 1UL), 0.2; (16, 2UL), 0.2; (32, 1UL), 0.125; (32, 2UL), 0.04 ]
    for file in Directory.GetFiles(source, "*", SearchOption.AllDirectories) do
        let target = Path.Combine(root, "tiny-kernel", Path.GetRelativePath(source, file))
        Directory.CreateDirectory(Path.GetDirectoryName target) |> ignore
        if Path.GetFileName file = "run.json" then
            let json = Text.Json.Nodes.JsonNode.Parse(File.ReadAllText file)
            let config = json.["config"]
            let width = (config.["widths"].AsArray().[0]).GetValue<int>()
            let seed = (config.["seed"]).GetValue<uint64>()
            json.["summary"].["stable_step_predicted"] <- Text.Json.Nodes.JsonValue.Create(limits[(width, seed)])
            File.WriteAllText(target, json.ToJsonString())
        else File.Copy(file, target)
    let out = Path.Combine(root, "site")
    Site.publish Site.NoPdf root out |> ignore
    let page = File.ReadAllText(Path.Combine(out, "tiny-kernel", "index.md"))
    Assert.Contains("| width m | eta*m | largest stable eta*m | | eta | 2/S(W(0)) | eta S(W(0))/2 | |", page)
    Assert.Contains("| 16 | 0.8 | 14.38 | below | 0.05 | 0.2 | 0.25 | below |", page)
    Assert.Contains("| 32 | 1.6 | 14.38 | below | 0.05 | 0.04 to 0.125 (2 seeds) | 0.4 to 1.25 (2 seeds) | **above for seed 2: starts past its quadratic model's limit** |", page)
    // without the measurement (the fixture as it is) the table keeps its four columns
    Assert.Contains("| width m | eta*m | largest stable eta*m | |\n|---|---|---|---|\n| 16 |", File.ReadAllText(Path.Combine(golden, "tiny-kernel", "index.md")))
