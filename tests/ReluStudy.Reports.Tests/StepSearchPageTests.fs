/// The stable-step section: each run's search beside its two predictions, which prediction describes the step, fits.json's
/// record of it, and folders written before the searches recorded 2/S(W(0)).
module ReluStudy.Reports.Tests.StepSearchPageTests

open System
open System.Globalization
open System.IO
open System.Text.Json
open System.Text.Json.Nodes
open Xunit
open ReluStudy.Reports

let private inv = CultureInfo.InvariantCulture
let private g4 (v: float) = v.ToString("G4", inv)
let private f2 (v: float) = v.ToString("F2", inv)

/// A copy of the fixture's tiny-stable study (five widths, three seeds, each run a search with S(W(0)) recorded), its
/// run.json files passed through <paramref name="edit"/>, published; the copy's root and its site.
let private published (edit: JsonObject -> unit) =
    let root = Path.Combine(Path.GetTempPath(), "relustudy-step-searches", Guid.NewGuid().ToString("N"))
    let source = Path.Combine(SiteTests.here, "fixture", "results", "tiny-stable")
    for file in Directory.GetFiles(source, "*", SearchOption.AllDirectories) do
        let target = Path.Combine(root, "tiny-stable", Path.GetRelativePath(source, file))
        Directory.CreateDirectory(Path.GetDirectoryName target) |> ignore
        if Path.GetFileName file = "run.json" then
            let json = JsonNode.Parse(File.ReadAllText file).AsObject()
            edit json
            File.WriteAllText(target, json.ToJsonString())
        else File.Copy(file, target)
    let out = Path.Combine(root, "site")
    Site.publish Site.NoPdf root out |> ignore
    root, out

/// Every run folder of the copy with its label, its record's summary and its seed and width.
let private runs (root: string) =
    [ for folder in Directory.GetDirectories(Path.Combine(root, "tiny-stable")) |> Array.filter ReluStudy.Core.Results.ResultsLayout.HoldsRun ->
          let r = ReluStudy.Core.Results.RunResult.Read folder
          r, r.Record.Summary ]

[<Fact>]
let ``Each run's row holds its step, 2/S(W(0)), the kernel ceiling and the step as a multiple of each, as run.json records them`` () =
    let root, out = published ignore
    let page = File.ReadAllText(Path.Combine(out, "tiny-stable", "index.md"))
    Assert.Contains("| run | eta* | unstable | fails at k | 2/S(W(0)) | ceiling | eta* S/2 | eta*/ceiling |", page)
    for r, s in runs root do
        let eta, unstable, twoOverS, ceiling = s.StepSearch.LargestStable.Value, s.StepSearch.SmallestUnstable.Value, s.StableStepPredicted.Value, s.StepSearch.KernelCeiling.Value
        Assert.Equal(2.0 / s.SharpnessInitial.Value, twoOverS)
        let k = (s.StepSearch.Probes |> Seq.find (fun p -> p.Step = unstable)).FirstFailure.Value
        Assert.Contains($"| {Results.label r} | {g4 eta} | {g4 unstable} | {k} | {g4 twoOverS} | {g4 ceiling} | {f2 (eta / twoOverS)} | {f2 (eta / ceiling)} |", page)
    Assert.Contains("### Which prediction describes the largest stable step", page)

/// The rule's slope recomputed by hand: each seed's least-squares slope of ln(eta*/prediction) on ln m, their mean.
let private ratioSlope (root: string) (prediction: ReluStudy.Core.Results.RunSummary -> float) =
    runs root
    |> List.groupBy (fun (r, _) -> r.Seed)
    |> List.map (fun (_, seed) ->
        let points = [ for r, s in seed -> log (float r.Width), log (s.StepSearch.LargestStable.Value / prediction s) ]
        let mx, my = points |> List.averageBy fst, points |> List.averageBy snd
        (points |> List.sumBy (fun (x, y) -> (x - mx) * (y - my))) / (points |> List.sumBy (fun (x, _) -> (x - mx) ** 2.0)))
    |> List.average

[<Fact>]
let ``fits.json says which prediction describes the step, with the ratio's slope over the seeds and the documented keys`` () =
    let root, out = published ignore
    use fits = JsonDocument.Parse(File.ReadAllText(Path.Combine(out, "tiny-stable", "fits.json")))
    let entries = fits.RootElement.GetProperty("step_predictions").EnumerateArray() |> List.ofSeq
    Assert.Equal<string list>([ "sharpness"; "ceiling" ], entries |> List.map (fun e -> e.GetProperty("prediction").GetString()))
    for e in entries do
        for key in [ "axis"; "exponent"; "low"; "high"; "margin"; "p_value_equivalence"; "p_value"; "p_value_adjusted"; "verdict"; "describes"; "ratio_geometric_mean"; "values"; "seeds"; "per_seed"; "runs" ] do
            Assert.True(e.TryGetProperty(key) |> fst, $"""step_predictions entry {e.GetProperty("prediction")} lacks {key}""")
        Assert.Equal("width", e.GetProperty("axis").GetString())
        Assert.Equal(15, e.GetProperty("runs").GetArrayLength())
        Assert.Contains(e.GetProperty("verdict").GetString(), [ "consistent"; "inconsistent"; "inconclusive"; "insufficient" ])
        Assert.Equal(e.GetProperty("verdict").GetString() = "consistent", e.GetProperty("describes").GetBoolean())
    Assert.Equal(ratioSlope root (fun s -> s.StableStepPredicted.Value), entries[0].GetProperty("exponent").GetDouble(), 12)
    Assert.Equal(ratioSlope root (fun s -> s.StepSearch.KernelCeiling.Value), entries[1].GetProperty("exponent").GetDouble(), 12)
    // eta*'s predictions are fitted over the same runs as eta*
    let ids = fits.RootElement.GetProperty("fits").EnumerateArray() |> Seq.map (fun f -> f.GetProperty("id").GetString()) |> List.ofSeq
    Assert.Equal<string list>([ "P11"; "P11-sharpness"; "P11-ceiling" ], ids)

[<Fact>]
let ``Folders written before the searches recorded S(W(0)) still render: dashes in its columns, the ceiling alone judged`` () =
    let old (run: JsonObject) =
        let summary = run["summary"].AsObject()
        summary.Remove "sharpness_initial" |> ignore
        summary.Remove "stable_step_predicted" |> ignore
    let root, out = published old
    let page = File.ReadAllText(Path.Combine(out, "tiny-stable", "index.md"))
    for r, s in runs root do
        Assert.False(s.StableStepPredicted.HasValue)
        let eta, ceiling = s.StepSearch.LargestStable.Value, s.StepSearch.KernelCeiling.Value
        Assert.Contains($"| - | {g4 ceiling} | - | {f2 (eta / ceiling)} |", page)
        Assert.Contains($"| {Results.label r} | {g4 eta} | {g4 s.StepSearch.SmallestUnstable.Value} |", page)
    use fits = JsonDocument.Parse(File.ReadAllText(Path.Combine(out, "tiny-stable", "fits.json")))
    let entries = fits.RootElement.GetProperty("step_predictions").EnumerateArray() |> List.ofSeq
    Assert.Equal<string list>([ "ceiling" ], entries |> List.map (fun e -> e.GetProperty("prediction").GetString()))
    Assert.DoesNotContain("| 2/S(W(0)) | widths |", page)

[<Fact>]
let ``A stable-step study run here shows each run's probes, bracket, 2/S(W(0)) and kernel ceiling, and fits P11 to the searches' own steps`` () =
    let root = Path.Combine(Path.GetTempPath(), "relustudy-site-tests", Guid.NewGuid().ToString("N"))
    let data =
        ReluStudy.Core.Data.DataRequest(Kind = ReluStudy.Core.Data.DatasetKind.SeparatedSphere, ClassA = "", ClassB = "", TrainCount = 30,
                                        Dimension = 8, Phi = 0.5)
    let specs =
        [ for width in [ 16; 32; 64 ] do
              for seed in [ 1UL; 2UL ] ->
                  let config =
                      ReluStudy.Core.Training.TrainingConfig(
                          Widths = [| width; width |], StepSize = 0.01, Iterations = 20, Seed = seed,
                          StepSearch = ReluStudy.Core.Training.StepSearch(0.01, 100.0, 5))
                  ReluStudy.Core.Studies.RunSpec(data, config, null, readOnlyDict [ "width", string width; "seed", string seed ]) ]
    let declaration =
        ReluStudy.Core.Results.StudyDeclaration(Compare = ResizeArray [ ReluStudy.Core.Results.Comparison.FitOf "P11" ])
    let plan = ReluStudy.Core.Studies.StudyPlanner.Plan("search", ResizeArray specs, root, 2, declaration)
    let silent =
        { new ReluStudy.Core.Studies.IStudyProgress with
            member _.Started(_, _) = ()
            member _.Iteration(_, _, _, _) = ()
            member _.Finished(_, _, _) = ()
            member _.Note _ = () }
    Assert.True(ReluStudy.Core.Studies.StudyRunner.Run(plan, 2, silent).Succeeded)
    let out = Path.Combine(root, "site")
    Site.publish Site.NoPdf root out |> ignore
    let page = File.ReadAllText(Path.Combine(out, "search", "index.md"))
    Assert.Contains("## The largest stable step", page)
    let summaries = [ for r in plan.Runs -> r, ReluStudy.Core.Results.RunRecordFile.Read(r.Folder).Summary ]
    let searches = [ for r, summary in summaries -> r, summary.StepSearch ]
    for (r, s), (_, summary) in List.zip searches summaries do
        Assert.True(s.Bracketed, $"{r.Spec.Label}: the range should hold the threshold")
        // every search measured S(W(0)) before its probes, and the row shows 2/S(W(0)) beside the kernel's ceiling
        Assert.True(summary.StableStepPredicted.HasValue, $"{r.Spec.Label}: a search records 2/S(W(0))")
        Assert.Contains($"| {Results.label (ReluStudy.Core.Results.RunResult.Read r.Folder)} | {g4 s.LargestStable.Value} | {g4 s.SmallestUnstable.Value} |", page)
        Assert.Contains($"| {g4 summary.StableStepPredicted.Value} | {g4 s.KernelCeiling.Value} |", page)
    // The fitted exponent is the least-squares slope of ln(largest stable step) against ln m over every run.
    let points = [ for r, s in searches -> log (float r.Spec.Width), log s.LargestStable.Value ]
    let mx, my = points |> List.averageBy fst, points |> List.averageBy snd
    let slope = (points |> List.sumBy (fun (x, y) -> (x - mx) * (y - my))) / (points |> List.sumBy (fun (x, _) -> (x - mx) ** 2.0))
    use fits = JsonDocument.Parse(File.ReadAllText(Path.Combine(out, "search", "fits.json")))
    let p11 = fits.RootElement.GetProperty("fits").EnumerateArray() |> Seq.find (fun f -> f.GetProperty("id").GetString() = "P11")
    Assert.Equal(slope, p11.GetProperty("exponent").GetDouble(), 9)
    Assert.Equal(-1.0, p11.GetProperty("predicted").GetDouble())
