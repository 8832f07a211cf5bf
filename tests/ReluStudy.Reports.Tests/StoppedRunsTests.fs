/// Runs of one width that stop at different iterations (a loss target) must not make a drawn mean jump: every mean in a
/// chart's data averages every seed of its width, and past the shortest run the seeds are drawn alone.
module ReluStudy.Reports.Tests.StoppedRunsTests

open System
open System.Globalization
open System.IO
open Xunit
open ReluStudy.Reports

let private parse (s: string) = Double.Parse(s, CultureInfo.InvariantCulture)

/// A copy of a fixture study whose run <paramref name="stopped"/> stops after its first <paramref name="rows"/> logged rows.
let private copyWithStop (study: string) (stopped: string) (rows: int) =
    let root = Path.Combine(Path.GetTempPath(), "relustudy-stopped", Guid.NewGuid().ToString("N"))
    let source = Path.Combine(SiteTests.here, "fixture", "results", study)
    for file in Directory.GetFiles(source, "*", SearchOption.AllDirectories) do
        let target = Path.Combine(root, study, Path.GetRelativePath(source, file))
        Directory.CreateDirectory(Path.GetDirectoryName target) |> ignore
        File.Copy(file, target)
    let metrics = Path.Combine(root, study, stopped, "metrics.csv")
    File.WriteAllLines(metrics, File.ReadAllLines metrics |> Array.truncate (rows + 1))
    let record = Path.Combine(root, study, stopped, "run.json")
    File.WriteAllText(record, File.ReadAllText(record).Replace("\"completed\"", "\"target-reached\""))
    root

/// Each run of the study: its width and its loss by iteration, read straight from metrics.csv.
let private losses (folder: string) =
    [ for run in Directory.GetDirectories folder |> Array.filter (fun d -> File.Exists(Path.Combine(d, "spec.json"))) ->
          let spec = File.ReadAllText(Path.Combine(run, "spec.json"))
          let width = [ 8; 16 ] |> List.find (fun w -> spec.Contains $"\"width\": \"{w}\"")
          let lines = File.ReadAllLines(Path.Combine(run, "metrics.csv"))
          width, lines |> Array.skip 1 |> Array.map (fun l -> let c = l.Split(',') in parse c[0], parse c[1]) |> Map.ofArray ]

[<Fact>]
let ``A page built from runs that stop at different iterations averages every seed of a width in every drawn mean`` () =
    let root = copyWithStop "tiny" "51b0eab02554c980" 2 // width 8, seed 1: rows k = 0 and 2 only
    let out = Path.Combine(root, "site")
    Site.publish Site.NoPdf root out |> ignore
    let runs = losses (Path.Combine(root, "tiny"))
    let csv = File.ReadAllLines(Path.Combine(out, "tiny", "fig1-loss.csv")) |> Array.skip 1 |> Array.map _.Split(',')
    let means = csv |> Array.filter (fun c -> not (c[1].Contains "seed"))
    Assert.NotEmpty(means)
    for c in means do
        let width = int (c[1].Replace("m = ", ""))
        let seeds = runs |> List.filter (fun (w, _) -> w = width) |> List.map snd
        let k = parse c[2]
        Assert.True(seeds |> List.forall (Map.containsKey k), $"the mean of m = {width} at k = {k} averages only the seeds that got there")
        Assert.Equal(seeds.Length, int c[6])
        Assert.Equal(seeds |> List.averageBy (fun s -> s[k]), parse c[3], 12)
    // past the stopped run, the other seed of width 8 is drawn on its own, with its own values
    let alone = csv |> Array.filter (fun c -> c[1] = "m = 8; seed 2")
    Assert.True(alone.Length >= 2, "the remaining seed is drawn alone past the stopped run")
    let seed2 = runs |> List.filter (fun (w, _) -> w = 8) |> List.map snd |> List.maxBy _.Count
    for c in alone do
        Assert.Equal("1", c[6])
        Assert.Equal(seed2[parse c[2]], parse c[3], 12)
