module ReluStudy.Reports.Tests.BandTests

open System
open Xunit
open ReluStudy.Core.Results
open ReluStudy.Core.Training
open ReluStudy.Reports.Bands

/// A finished deep run in memory whose loss at iteration k is losses[k] (its rows stop where the list does).
let run width seed depth (losses: float list) =
    let config =
        DeepRunConfiguration(
            Dataset = "synthetic", LabelConvention = "", N = 10, D = 3, Preprocess = "none", DataOrigin = "test", TrainSource = "test",
            Depth = depth, Widths = ResizeArray(List.replicate depth width), Loss = "ce", Optimizer = "gd", Step = 0.5,
            StepTimesWidth = 0.5 * float width, Iterations = 100, Seed = uint64 seed, Threads = 1, LogSchedule = "every 1")
    let record =
        RunRecord(
            Status = RunStatus.Completed, StartedUtc = DateTime.UnixEpoch, Config = config,
            Software = SoftwareInfo("", null, "", "", ""), Machine = MachineInfo("", 1, "", false, false, "", 0L))
    let axes = readOnlyDict [ "width", string width; "seed", string seed; "depth", string depth ]
    let spec = SpecRecord(Id = $"{width}-{seed}-{depth}", Label = "", Axes = axes, DataChecksum = "", Canonical = "")
    let rows = losses |> List.mapi (fun k v -> CsvRow(readOnlyDict [ MetricColumns.Iteration, float k; MetricColumns.Loss, v ]))
    RunResult($"/runs/{width}-{seed}-{depth}", record, spec, ResizeArray rows, [||], [||], [||])

[<Fact>]
let ``Seeds are aggregated into mean, min and max; every other sweep value is its own curve`` () =
    let runs = [ run 8 1 2 [ 1.0; 0.5 ]; run 8 2 2 [ 3.0; 1.5 ]; run 8 1 3 [ 2.0; 2.0 ] ]
    let bands = ofMetric MetricColumns.Loss Iteration runs
    Assert.Equal<string list>([ "m = 8, depth = 2"; "m = 8, depth = 3" ], bands |> List.map _.Name)
    let two = bands.Head
    Assert.Equal(2, two.Seeds)
    Assert.Equal<float list>([ 2.0; 1.0 ], two.Mean)
    Assert.Equal<float list>([ 1.0; 0.5 ], two.Low)
    Assert.Equal<float list>([ 3.0; 1.5 ], two.High)
    Assert.Empty(two.Singles)
    // eta * m * k: 0.5 * 8 * k
    Assert.Equal<float list>([ 0.0; 4.0 ], (ofMetric MetricColumns.Loss StepTimesWidthTimesIteration runs).Head.X)

[<Fact>]
let ``A mean is drawn only where every seed has a value; past the shortest run each seed goes on alone`` () =
    // seed 1 stops at k = 2 (its loss target), seed 2 at k = 4, seed 3 at k = 3: the old mean over the seeds still
    // running jumped at k = 3 and 4 although no run's loss rose
    let runs = [ run 16 1 2 [ 1.0; 0.8; 0.6 ]; run 16 2 2 [ 2.0; 1.8; 1.6; 1.4; 1.2 ]; run 16 3 2 [ 3.0; 2.8; 2.6; 2.4 ] ]
    let band = (ofMetric MetricColumns.Loss Iteration runs).Head
    Assert.Equal<float list>([ 0.0; 1.0; 2.0 ], band.X)
    Assert.Equal<float list>([ 2.0; 1.8; 1.6 ], band.Mean |> List.map (fun v -> Math.Round(v, 12)))
    Assert.Equal(3, band.Seeds)
    Assert.Equal<uint64 list>([ 2UL; 3UL ], band.Singles |> List.map _.Seed)
    let two = band.Singles.Head
    Assert.Equal<float list>([ 2.0; 3.0; 4.0 ], two.X)
    Assert.Equal<float list>([ 1.6; 1.4; 1.2 ], two.Y)
    Assert.Equal<float list>([ 2.0; 3.0 ], band.Singles[1].X)

[<Fact>]
let ``Against width, a width where some seed has no value shows each seed that has one instead of a mean`` () =
    let runs = [ run 8 1 2 [ 1.0 ]; run 8 2 2 [ 2.0 ]; run 16 1 2 [ 3.0 ]; run 16 2 2 [ 4.0; 0.0 ] ]
    // the value: the iteration of a second row, which only one run at m = 16 has
    let value (r: RunResult) = if r.Rows.Count > 1 then Some 5.0 elif r.Width = 8 then Some(float r.Seed) else None
    let band = (perWidth [ "depth" ] "v" value runs).Head
    Assert.Equal<float list>([ 8.0 ], band.X)
    Assert.Equal<float list>([ 1.5 ], band.Mean)
    Assert.Equal<uint64 list>([ 2UL ], band.Singles |> List.map _.Seed)
    Assert.Equal<float list>([ 16.0 ], band.Singles.Head.X)

[<Fact>]
let ``Thinning keeps the first and the last point and at most the given number, evenly spaced`` () =
    let xs = [ for i in 0 .. 999 -> float i ]
    let band = ofSeeds "b" 8 [ 1UL, [ for x in xs -> x, x ] ]
    let thin = thin 250 band
    Assert.Equal(250, thin.X.Length)
    Assert.Equal(0.0, thin.X.Head)
    Assert.Equal(999.0, List.last thin.X)
    let gaps = thin.X |> List.pairwise |> List.map (fun (a, b) -> b - a)
    Assert.True(List.max gaps - List.min gaps <= 1.0, $"gaps {List.min gaps} to {List.max gaps}")
    Assert.Equal<float list>(thin.X, thin.Mean)
    Assert.Equal(band, ReluStudy.Reports.Bands.thin 1000 band)
