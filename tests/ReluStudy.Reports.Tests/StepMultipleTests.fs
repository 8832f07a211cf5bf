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
