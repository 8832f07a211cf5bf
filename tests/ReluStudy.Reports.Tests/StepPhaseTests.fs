/// A study whose runs train at multiples c of their critical step gets Lewkowycz et al.'s phases: per run its regime, the
/// loss's peak over L_S(W(0)) and its iteration, the last Gauss-Newton top over lambda_GN(W(0)); the thresholds measured on
/// its runs; and a figure of each run's regime against c.
module ReluStudy.Reports.Tests.StepPhaseTests

open System
open System.IO
open System.Text.Json.Nodes
open Xunit
open ReluStudy.Reports

/// lambda_GN(W(0)) of each seed's runs.
let private curvature seed = if seed = 1 then 40.0 else 50.0

/// One run of the fixture: its multiple and seed, regime and status (with the breakdown's message), its logged losses at
/// k = 0, 1, ... and its sharpness.csv rows (k, Gauss-Newton top).
type private Fixture = { C: float; Seed: int; Regime: string; Status: string; Message: string; Losses: float list; GaussNewton: (int * float) list }

let private run c seed regime losses gaussNewton =
    { C = c; Seed = seed; Regime = regime; Status = "completed"; Message = null; Losses = losses; GaussNewton = gaussNewton }

let private brokeDown c seed status message losses gaussNewton =
    { run c seed status losses gaussNewton with Status = status; Message = message }

let private fixtures =
    [ run 0.5 1 "lazy" [ 1.0; 0.9; 0.8; 0.7; 0.6 ] [ 0, 40.0; 4, 44.0 ]
      run 0.5 2 "lazy" [ 2.0; 1.8; 1.6; 1.4; 1.2 ] []
      run 2.0 1 "catapult" [ 1.0; 2.5; 4.0; 0.5; 0.25 ] [ 0, 40.0; 4, 8.0 ]
      run 2.0 2 "catapult" [ 2.0; 30.0; 6.0; 1.0; 0.5 ] [ 0, 50.0; 2, 10.0; 4, 5.0 ]
      // ends above its start: no breakdown, and not converged
      run 5.0 1 "kernel-moving" [ 1.0; 1.2; 1.3; 1.25; 1.1 ] []
      run 5.0 2 "kernel-moving" [ 2.0; 1.9; 1.7; 1.5; 1.0 ] []
      run 10.0 1 "catapult" [ 1.0; 2500.0; 12.0; 0.9; 0.8 ] [ 0, 40.0; 4, 2.0 ]
      brokeDown 10.0 2 "diverged" "training diverged at iteration 2: loss = 1e+09" [ 2.0; 40.0 ] [ 0, 50.0 ]
      brokeDown 20.0 1 "diverged" "training diverged at iteration 1: loss = 1e+09" [ 1.0 ] [ 0, 40.0 ]
      brokeDown 20.0 2 "collapsed" "the network collapsed at iteration 3: every unit of layer 1 of 2 is dead" [ 2.0; 3.0; 5.0 ] [] ]

let private id (f: Fixture) = $"phase-c{f.C}-s{f.Seed}"

/// The fixture as a study on disk: each run a copy of the tiny fixture's first run with its record, spec, metrics and
/// sharpness rewritten; the results root.
let private write () =
    let root = Path.Combine(Path.GetTempPath(), "relustudy-phases", Guid.NewGuid().ToString("N"))
    let source = Path.Combine(SiteTests.here, "fixture", "results", "tiny", "51b0eab02554c980")
    let study = Path.Combine(root, "phases")
    let axes (f: Fixture) = JsonObject(dict [ "width", JsonValue.Create "8" :> JsonNode; "optimizer", JsonValue.Create $"gd-c{f.C}"; "seed", JsonValue.Create(string f.Seed) ])
    for f in fixtures do
        let folder = Path.Combine(study, id f)
        Directory.CreateDirectory folder |> ignore
        let record = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "run.json")))
        let config = record["config"]
        let eta = f.C * 2.0 / curvature f.Seed
        config["seed"] <- JsonValue.Create f.Seed
        config["loss"] <- JsonValue.Create "squared"
        config["lr"] <- JsonValue.Create eta
        config["lr_times_width"] <- JsonValue.Create(eta * 8.0)
        config["step_multiple"] <- JsonValue.Create f.C
        config["critical_curvature"] <- JsonValue.Create(curvature f.Seed)
        record["status"] <- JsonValue.Create f.Status
        // a stale label, as a cached run keeps after a rule changes: the pages must judge by the rows, not by it
        record["regime"] <- JsonValue.Create "edge-of-stability"
        record["message"] <- JsonValue.Create f.Message
        File.WriteAllText(Path.Combine(folder, "run.json"), record.ToJsonString())
        let spec = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "spec.json")))
        spec["id"] <- JsonValue.Create(id f)
        spec["axes"] <- axes f
        File.WriteAllText(Path.Combine(folder, "spec.json"), spec.ToJsonString())
        // The regimes follow from the rows by the rules (the pages apply them): a run that ended below its first loss also
        // ended with fewer errors (it converged), and the lazy and kernel-moving runs recorded their kernel and prediction.
        let last = f.Losses.Length - 1
        let error k = if k = last && k > 0 && List.last f.Losses < f.Losses.Head then 0.1 else 0.5
        let metrics = f.Losses |> List.mapi (fun k loss -> FormattableString.Invariant $"{k},{loss},{error k}") |> String.concat "\n"
        File.WriteAllText(Path.Combine(folder, "metrics.csv"), "iteration,loss,train_error\n" + metrics + "\n")
        let moved = match f.Regime with "lazy" -> Some 0.05 | "kernel-moving" -> Some 0.5 | _ -> None
        for change in Option.toList moved do
            File.WriteAllText(Path.Combine(folder, "kernel.csv"), FormattableString.Invariant $"iteration,layer,kernel_change\n0,0,0\n{last},0,{change}\n")
            File.WriteAllText(Path.Combine(folder, "prediction.csv"), FormattableString.Invariant $"iteration,output_gap_linearized\n{last},0.05\n")
        if not f.GaussNewton.IsEmpty then
            let rows = f.GaussNewton |> List.map (fun (k, gn) -> FormattableString.Invariant $"{k},{gn * 1.01},{gn},{curvature f.Seed / f.C}") |> String.concat "\n"
            File.WriteAllText(Path.Combine(folder, "sharpness.csv"), "iteration,sharpness,gauss_newton,two_over_step\n" + rows + "\n")
    let runs = JsonArray()
    for f in fixtures do
        runs.Add(JsonObject(dict [ "id", JsonValue.Create(id f) :> JsonNode; "label", JsonValue.Create(id f); "model", JsonValue.Create "deep"
                                   "axes", axes f; "status", JsonValue.Create f.Status ]))
    let index = JsonObject(dict [ "format", JsonValue.Create "relustudy-study/1" :> JsonNode; "name", JsonValue.Create "phases"
                                  "declaration", JsonObject(dict [ "summary", JsonValue.Create "runs at step multiples" :> JsonNode; "track", JsonValue.Create ""; "compare", JsonValue.Create "" ])
                                  "runs", runs ])
    File.WriteAllText(Path.Combine(study, "study.json"), index.ToJsonString())
    root

let private publish () =
    let root = write ()
    let out = Path.Combine(root, "site")
    let published = Site.publish Site.NoPdf root out
    out, published.Pages |> List.find (fun p -> p.Path = "phases/index")

/// The page's row of a run: c, seed, eta, lambda_GN(W(0)), regime, peak (k), GN/lambda_GN (k), status, last k.
let private row (c: string) (seed: int) (eta: string) (curvature: int) (regime: string) (rest: string) =
    $"| {c} | {seed} | {eta} | {curvature} | {RegimeMarks.cell (Enum.Parse<ReluStudy.Core.Training.Regime>(regime, true))} | {rest} |"

[<Fact>]
let ``Each run's row gives its step, its regime, the loss's peak over its start, the last Gauss-Newton top over lambda_GN(W(0)) and its end`` () =
    let _, page = publish ()
    Assert.Contains("| c | seed | eta | lambda_GN | regime | peak (k) | GN/lambda_GN (k) | status | last k |", page.Markdown)
    // peak: the largest logged loss over the first; GN: the last sharpness.csv row's gauss_newton over critical_curvature
    for expected in
        [ row "0.5" 1 "0.025" 40 "Lazy" "none | 1.1 (4) | completed | 4"          // 44/40
          row "0.5" 2 "0.02" 50 "Lazy" "none | - | completed | 4"                 // no sharpness.csv
          row "2" 1 "0.1" 40 "Catapult" "4 (2) | 0.2 (4) | completed | 4"         // 4.0/1.0 at k = 2; 8/40
          row "2" 2 "0.08" 50 "Catapult" "15 (1) | 0.1 (4) | completed | 4"       // 30/2 at k = 1; 5/50
          row "5" 1 "0.25" 40 "KernelMoving" "1.3 (2) | - | completed | 4"
          row "5" 2 "0.2" 50 "KernelMoving" "none | - | completed | 4"
          row "10" 1 "0.5" 40 "Catapult" "2.5e3 (1) | 0.05 (4) | completed | 4"   // 2500/1; 2/40
          // a breakdown's rows stop before the step that broke down, which its message names
          row "10" 2 "0.4" 50 "Diverged" "20 (1) | 1 (0) | diverged | 2"
          row "20" 1 "1" 40 "Diverged" "none | 1 (0) | diverged | 1"
          row "20" 2 "0.8" 50 "Collapsed" "2.5 (2) | - | collapsed | 3" ] do
        Assert.Contains(expected, page.Markdown)

[<Fact>]
let ``One sentence gives the thresholds read off the runs and names the multiples where seeds disagree`` () =
    let out, page = publish ()
    let sentence =
        "The largest c at which every run was lazy is 0.5; the smallest c at which a run catapulted is 2; the largest c at which every run converged is 2; "
        + "the smallest c at which a run diverged or collapsed is 10 (diverged); at c = 5, between them, no run diverged or collapsed but not every run converged. "
        + "Seeds disagree at c = 5 (seed 1: kernel-moving, did not converge; seed 2: kernel-moving, converged), c = 10 (seed 1: catapult; seed 2: diverged) "
        + "and c = 20 (seed 1: diverged; seed 2: collapsed)."
    Assert.Contains($"**{sentence}**", page.Markdown)
    // the paper says the same, and its tables hold the runs' rows with the regime's name
    let latex = Path.Combine(out, "phases", PaperFiles.Folder)
    Assert.Contains("diverged or collapsed is 10 (diverged)", File.ReadAllText(Path.Combine(latex, PaperFiles.Report)))
    Assert.Contains("10 & 1 & 0.5 & 40 & catapult & 2.5e3 (1) & 0.05 (4) & completed & 4 \\\\", File.ReadAllText(Path.Combine(latex, PaperFiles.Tables)))

[<Fact>]
let ``The phase figure has one point per run at its multiple in its regime's row`` () =
    let out, page = publish ()
    let figure = page.Figures |> List.find (fun f -> f.Id = PhaseFigure.Id)
    Assert.Contains($"{{{{chart:{PhaseFigure.Id}}}}}", page.Markdown)
    let rows = File.ReadAllLines(Path.Combine(out, "phases", PhaseFigure.Id + ".csv"))
    Assert.Equal("c,row,y,regime,seed,run", rows[0])
    let cells = rows[1..] |> Array.map _.Split(',')
    let points = cells |> Array.map (fun c -> c[0], c[1], c[3], c[4]) |> Set.ofArray
    let expected =
        [ for f in fixtures ->
              let regime = Enum.Parse<ReluStudy.Core.Training.Regime>(f.Regime.Replace("-", ""), true)
              FormattableString.Invariant $"{f.C}", string (List.findIndex ((=) regime) RegimeMarks.all), f.Regime, string f.Seed ]
    Assert.Equal<Set<string * string * string * string>>(Set.ofList expected, points)
    Assert.Equal(fixtures.Length, rows.Length - 1)
    // the two lazy seeds at c = 0.5 share a place, so they are drawn a little apart in their row; a run alone sits on it
    let y (c: string) seed = cells |> Array.find (fun r -> r[0] = c && r[4] = seed) |> fun r -> r[2]
    Assert.Equal<string list>([ "-0.06"; "0.06"; "2" ], [ y "0.5" "1"; y "0.5" "2"; y "10" "1" ])
    // one trace per regime present, each marked in its regime's colour; the LaTeX figure reads the same CSV, one plot each
    Assert.Equal(5, figure.Traces)
    Assert.Contains("\"name\":\"regime: kernel-moving\"", figure.Html)
    Assert.Contains("\"type\":\"log\"", figure.Html)
    Assert.Contains("yticklabels={lazy,kernel-moving,catapult,edge-of-stability,unstable,diverged,collapsed,unmeasured}", figure.Latex)
    Assert.Equal(5, figure.Latex.Split("\\addlegendentry").Length - 1)
    Assert.True(File.Exists(Path.Combine(out, "phases", PaperFiles.Folder, PhaseFigure.Id + ".csv")))
