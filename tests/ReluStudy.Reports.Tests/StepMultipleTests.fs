/// Runs given a multiple c of their critical step (Gd.Critical) each train at their own eta = c * 2/lambda_GN(W(0)): the page
/// shows every run's resolved step with its multiple, and the eta*m*k charts scale each seed by its own eta.
module ReluStudy.Reports.Tests.StepMultipleTests

open System
open System.Globalization
open System.IO
open System.Text.Json.Nodes
open Xunit
open ReluStudy.Reports

let private parse (s: string) = Double.Parse(s, CultureInfo.InvariantCulture)

/// lambda_GN(W(0)) of each seed's runs in the copy: c = 1.5 resolves to eta = 0.05 for seed 1 and 0.06 for seed 2.
let private curvature seed = if seed = 1 then 60.0 else 50.0

/// A copy of the tiny fixture study whose runs were given c = 1.5: each run.json's step, eta*m, multiple and curvature.
let private copyAtMultiple () =
    let root = Path.Combine(Path.GetTempPath(), "relustudy-multiple", Guid.NewGuid().ToString("N"))
    let source = Path.Combine(SiteTests.here, "fixture", "results", "tiny")
    for file in Directory.GetFiles(source, "*", SearchOption.AllDirectories) do
        let target = Path.Combine(root, "tiny", Path.GetRelativePath(source, file))
        Directory.CreateDirectory(Path.GetDirectoryName target) |> ignore
        if Path.GetFileName file = "run.json" then
            let record = JsonNode.Parse(File.ReadAllText file)
            let config = record["config"]
            let seed = config["seed"].GetValue<int>()
            let width = (config["widths"]).[0].GetValue<int>()
            let eta = 1.5 * 2.0 / curvature seed
            // schema 1 names eta "lr"; the reader renames it
            config["lr"] <- JsonValue.Create eta
            config["lr_times_width"] <- JsonValue.Create(eta * float width)
            config["step_multiple"] <- JsonValue.Create 1.5
            config["critical_curvature"] <- JsonValue.Create(curvature seed)
            File.WriteAllText(target, record.ToJsonString())
        else File.Copy(file, target)
    root

[<Fact>]
let ``The methods table shows each run's resolved step and its multiple, and eta*m*k is each run's own`` () =
    let root = copyAtMultiple ()
    let out = Path.Combine(root, "site")
    Site.publish Site.NoPdf root out |> ignore
    let page = File.ReadAllText(Path.Combine(out, "tiny", "index.md"))
    Assert.Contains("| run | id | status | step (c x 2/lambda_GN(W(0))) | regime | why | seconds |", page)
    Assert.Contains("| 0.05 = 1.5 x 2/60 |", page)
    Assert.Contains("| 0.06 = 1.5 x 2/50 |", page)
    Assert.Contains("| step_multiple | 1.5 |", page)
    // each seed's points at its own eta*m*k: the seeds share only k = 0, so past it each is drawn alone
    let csv = File.ReadAllLines(Path.Combine(out, "tiny", "collapse-loss.csv")) |> Array.skip 1 |> Array.map _.Split(',')
    for seed in [ 1; 2 ] do
        let alone = csv |> Array.filter (fun c -> c[1] = $"m = 8; seed {seed}")
        Assert.NotEmpty(alone)
        let eta = 1.5 * 2.0 / curvature seed
        Assert.Equal<float list>([ 0.0; 2.0; 4.0; 6.0 ] |> List.map (fun k -> eta * 8.0 * k), alone |> Array.map (fun c -> parse c[2]) |> List.ofArray)

/// The sharpness figure divides each seed by its own 2/eta before the seeds are averaged: with seeds at different steps a
/// mean sharpness over a mean 2/eta would belong to no run. Its few measured points are marked.
[<Fact>]
let ``The sharpness figure is each seed's S over its own 2/eta, averaged, with its measurements marked`` () =
    let root = copyAtMultiple ()
    // seed 1: 2/eta = 40, seed 2: 2/eta = 33.33...; S = 20 at k = 0 and 36 at k = 4 for both
    for folder in Directory.GetDirectories(Path.Combine(root, "tiny")) do
        let run = Path.Combine(folder, "run.json")
        if File.Exists run then
            let seed = (JsonNode.Parse(File.ReadAllText run)).["config"].["seed"].GetValue<int>()
            let twoOverStep = curvature seed / 1.5
            File.WriteAllText(Path.Combine(folder, "sharpness.csv"),
                              FormattableString.Invariant $"iteration,sharpness,gauss_newton,two_over_step\n0,20,18,{twoOverStep:R}\n4,36,30,{twoOverStep:R}\n")
    let out = Path.Combine(root, "site")
    let published = Site.publish Site.NoPdf root out
    let page = published.Pages |> List.find (fun p -> p.Path = "tiny/index")
    let figure = page.Figures |> List.find (fun f -> f.Id = "sharpness")
    let rows = File.ReadAllLines(Path.Combine(out, "tiny", "sharpness.csv")) |> Array.skip 1 |> Array.map _.Split(',')
    let mean curve k = rows |> Array.find (fun c -> c[1] = curve && parse c[2] = k) |> (fun c -> parse c[3])
    // by hand: (20/40 + 20/(100/3)) / 2 = 0.55 and (36/40 + 36/(100/3)) / 2 = 0.99; a mean over means would give 0.5455
    Assert.Equal(0.55, (mean "m = 8" 0.0), 12)
    Assert.Equal(0.99, (mean "m = 8" 4.0), 12)
    Assert.Equal(1.0, (mean "m = 8 edge (2/eta)" 4.0), 12)
    Assert.Equal((18.0 / 40.0 + 18.0 / (100.0 / 3.0)) / 2.0, (mean "m = 8 Gauss-Newton" 0.0), 12)
    Assert.Contains("lines+markers", figure.Html)
    Assert.Contains("mark=*", figure.Latex)
