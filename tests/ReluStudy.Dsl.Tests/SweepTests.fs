module ReluStudy.Dsl.Tests.SweepTests

open Xunit
open ReluStudy.Dsl
open System.IO
open ReluStudy.Core.Studies

[<Fact>]
let ``Every list is a sweep axis: datasets x depths x widths x optimizers x seeds`` () =
    let s =
        study "grid" {
            datasets [ Mnist.digits 3 8; Mnist.digits 1 7 ]
            depths [ 2; 3 ]
            widths [ 16; 32 ]
            optimizers [ Gd.FullBatch(step = 0.01); Gd.FullBatch(step = 0.02) ]
            iterations 5
            seeds [ 1; 2; 3 ]
        }
    Assert.Empty(s.Problems)
    Assert.Equal(48, s.Runs.Length)
    let first = s.Runs.Head
    Assert.Equal<string list>([ "data"; "depth"; "width"; "optimizer"; "seed" ], first.Axes.Keys |> List.ofSeq)
    Assert.Equal("data=mnist-3v8 depth=2 width=16 optimizer=gd-0.01 seed=1", first.Label)
    Assert.Equal("data=mnist-1v7 depth=3 width=32 optimizer=gd-0.02 seed=3", (List.last s.Runs).Label)
    let distinct = s.Runs |> List.map _.Label |> List.distinct
    Assert.Equal(48, distinct.Length)
    Assert.All(s.Runs, fun r -> Assert.Equal(r.Deep.Widths.Count, int r.Axes["depth"]))

[<Fact>]
let ``A single value is not an axis, except width and seed which reports always show`` () =
    let s = study "one" { data (Mnist.digits 3 8); width 64; optimizer (Gd.FullBatch(step = 0.01)); iterations 5 }
    Assert.Equal<string list>([ "width"; "seed" ], s.Runs.Head.Axes.Keys |> List.ofSeq)
    Assert.Equal(Checks.Defaults.depth, s.Runs.Head.Deep.Widths.Count)

let private tiny seedList step =
    study "ids" {
        data (Mnist.digits 3 8)
        n 100
        depth 2
        widths [ 16; 32 ]
        optimizer (Gd.FullBatch(step = step))
        iterations 3
        seeds seedList
    }

let private ids (s: Study) threads =
    let plan = StudyPlanner.Plan(s.Name, ResizeArray s.Runs, Paths.tempFolder (), threads)
    plan.Runs |> Seq.map (fun r -> r.Spec.Label, r.Id) |> Map.ofSeq

[<Fact>]
let ``Content ids are stable across plans and thread counts and differ for different configurations`` () =
    let a = ids (tiny [ 1; 2 ] 0.01) 1
    Assert.Equal<Map<string, string>>(a, ids (tiny [ 1; 2 ] 0.01) 2)
    Assert.Equal(4, a |> Map.values |> Seq.distinct |> Seq.length)
    let otherStep = ids (tiny [ 1; 2 ] 0.02) 1
    Assert.True(Set.intersect (set a.Values) (set otherStep.Values) |> Set.isEmpty)
    // Same run in a different sweep: same id.
    let moreSeeds = ids (tiny [ 1; 2; 3 ] 0.01) 1
    Assert.Equal(a["width=16 seed=1"], moreSeeds["width=16 seed=1"])
    Assert.True(a |> Map.forall (fun _ id -> id.Length = 16))

let private silent =
    { new IStudyProgress with
        member _.Started(_, _) = ()
        member _.Iteration(_, _, _, _) = ()
        member _.Finished(_, _, _) = ()
        member _.Note _ = () }

[<Fact>]
let ``A run another process is writing is left to it; the rest of the sweep goes on`` () =
    let s = tiny [ 1; 2 ] 0.01
    let root = Paths.tempFolder ()
    let plan = StudyPlanner.Plan(s.Name, ResizeArray s.Runs, root, 1)
    let held = plan.Runs[0]
    let summary =
        use _ = ReluStudy.Core.Results.RunLock.Acquire held.Folder
        StudyRunner.Run(plan, 1, silent)
    Assert.Equal((1, 3, 0), (summary.Busy, summary.Ran, summary.Failed))
    Assert.False(summary.Succeeded)
    Assert.Equal<string array>([| ReluStudy.Core.Results.ResultsLayout.Lock |], Directory.GetFiles held.Folder |> Array.map Path.GetFileName)
    let again = StudyRunner.Run(StudyPlanner.Plan(s.Name, ResizeArray s.Runs, root, 1), 1, silent)
    Assert.Equal((0, 3, 1, 0), (again.Busy, again.Reused, again.Ran, again.NotStarted))

[<Fact>]
let ``baselines are trained on the runs' own data and cached; without a test split they are a problem`` () =
    let bad = study "no-test" { data (Mnist.digits 3 8); width 16; optimizer (Gd.FullBatch(step = 0.01)); iterations 1; baselines }
    Assert.Equal<string list>([ "RS0116" ], bad.Problems |> List.map _.Code)
    let s =
        study "with-baselines" {
            data (Mnist.digits 3 8)
            n 40
            test_n 20
            depth 2
            width 16
            optimizer (Gd.FullBatch(step = 0.01))
            iterations 2
            baselines
        }
    Assert.Empty(s.Problems)
    let root = Paths.tempFolder ()
    let plan = StudyPlanner.Plan(s.Name, ResizeArray s.Runs, root, 2, s.Declaration)
    StudyRunner.Run(plan, 2, silent) |> ignore
    let file = Directory.GetFiles(Path.Combine(plan.Folder, "baselines")) |> Array.exactlyOne
    use json = System.Text.Json.JsonDocument.Parse(File.ReadAllText file)
    use spec = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(plan.Runs[0].Folder, "spec.json")))
    Assert.Equal(spec.RootElement.GetProperty("data_checksum").GetString(), json.RootElement.GetProperty("data_checksum").GetString())
    Assert.Equal((40, 20), (json.RootElement.GetProperty("train_count").GetInt32(), json.RootElement.GetProperty("test_count").GetInt32()))
    let written = File.GetLastWriteTimeUtc file
    StudyRunner.Run(StudyPlanner.Plan(s.Name, ResizeArray s.Runs, root, 2, s.Declaration), 2, silent) |> ignore
    Assert.Equal(written, File.GetLastWriteTimeUtc file)

[<Fact>]
let ``An array task runs only its run, and refuses a plan that changed since submission`` () =
    let s = tiny [ 1; 2 ] 0.01
    let root = Paths.tempFolder ()
    let plan = StudyPlanner.Plan(s.Name, ResizeArray s.Runs, root, 1)
    ReluStudy.Core.Cluster.SlurmSubmitter.WriteRunList plan
    Assert.Equal(System.Nullable ReluStudy.Core.Training.RunStatus.Completed, ReluStudy.Core.Cluster.SlurmTask.Run(plan, 2, 1, silent))
    let ran = plan.Runs |> Seq.map (fun r -> ReluStudy.Core.Results.ResultsLayout.HoldsRun r.Folder) |> List.ofSeq
    Assert.Equal<bool list>([ false; false; true; false ], ran)
    Assert.True(File.Exists(Path.Combine(plan.Folder, "study.json")))
    // Another step size is another plan: its run 2 is not the run submitted as task 2.
    let other = tiny [ 1; 2 ] 0.02
    let changed = StudyPlanner.Plan(other.Name, ResizeArray other.Runs, root, 1)
    let e = Assert.Throws<ReluStudy.Core.Cluster.ClusterException>(fun () -> ReluStudy.Core.Cluster.SlurmTask.Run(changed, 2, 1, silent) |> ignore)
    Assert.Contains("the study changed since it was submitted", e.Message)
    Assert.Throws<ReluStudy.Core.Cluster.ClusterException>(fun () -> ReluStudy.Core.Cluster.SlurmTask.Run(plan, 4, 1, silent) |> ignore) |> ignore

[<Fact>]
let ``A stable_step study lowers to one search per run, full-batch GD from the range's start, and its id names the range`` () =
    let s =
        study "search" {
            data (Mnist.digits 3 8)
            n 100
            depth 2
            widths [ 16; 32 ]
            stable_step (0.01, 1.0)
            iterations 50
        }
    Assert.Empty(s.Problems)
    Assert.All(s.Runs, fun r ->
        Assert.Equal(ReluStudy.Core.Training.StepSearch(0.01, 1.0), r.Deep.StepSearch)
        Assert.Equal((0.01, ReluStudy.Core.Training.OptimizerKind.GradientDescent, 10), (r.Deep.StepSize, r.Deep.Optimizer, r.Probes)))
    Assert.Equal<string list>([ "width"; "seed" ], s.Runs.Head.Axes.Keys |> List.ofSeq)
    let plain = study "plain" { data (Mnist.digits 3 8); n 100; depth 2; widths [ 16; 32 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 50 }
    Assert.True(Set.intersect (set (ids s 1).Values) (set (ids plain 1).Values) |> Set.isEmpty)

[<Fact>]
let ``A study whose run cannot fit in memory is refused at its plan with one line, before anything is written`` () =
    let s = study "big" { data (Mnist.digits 3 8); n 100; depth 2; widths [ 16; 100000000 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 5 }
    Assert.Empty(s.Problems) // the DSL cannot know the data's d; the planner, which loads it, refuses
    let root = Paths.tempFolder ()
    let e = Assert.Throws<ReluStudy.Core.Studies.PlanException>(fun () -> StudyPlanner.Plan(s.Name, ResizeArray s.Runs, root, 1) |> ignore)
    // what a script prints and exits with (Study.mainWith reports every failure through ExitCodes.Of)
    let struct (code, message) = (ReluStudy.Core.CommandLine.ExitCodes.Of e).Value
    Assert.Equal(ReluStudy.Core.CommandLine.ExitCodes.BadOption, code)
    Assert.Equal("width=100000000 seed=1: width: layer 1's weights 785 x 100000000 = 7.85E+10 entries, more than one .NET array holds (2147483591); make it smaller", message)
    Assert.Empty(Directory.GetFileSystemEntries root)
