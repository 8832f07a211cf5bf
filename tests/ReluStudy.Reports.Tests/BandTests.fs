module ReluStudy.Reports.Tests.BandTests

open Xunit
open ReluStudy.Reports.Results
open ReluStudy.Reports.Bands

let private run width seed depth (losses: float list) =
    { Id = $"{width}-{seed}-{depth}"; Folder = ""; Label = ""; IsTwoLayer = false; Status = ReluStudy.Core.Results.RunStatus.Completed; Message = None
      Axes = Map.ofList [ "width", string width; "seed", string seed; "depth", string depth ]; DataChecksum = None
      Width = width; Seed = uint64 seed; Step = 0.5; Config = []; Summary = []; Software = []; Machine = []
      Rows = losses |> List.mapi (fun k v -> { Iteration = k; Values = Map.ofList [ "loss", v ] })
      Predictions = []; Kernel = []
      Result = Unchecked.defaultof<_> }

[<Fact>]
let ``Seeds are aggregated into mean, min and max; every other sweep value is its own curve`` () =
    let runs = [ run 8 1 2 [ 1.0; 0.5 ]; run 8 2 2 [ 3.0; 1.5 ]; run 8 1 3 [ 2.0; 2.0 ] ]
    let bands = ofMetric "loss" Iteration runs
    Assert.Equal<string list>([ "m = 8, depth = 2"; "m = 8, depth = 3" ], bands |> List.map _.Name)
    let two = bands.Head
    Assert.Equal(2, two.Seeds)
    Assert.Equal<float list>([ 2.0; 1.0 ], two.Mean)
    Assert.Equal<float list>([ 1.0; 0.5 ], two.Low)
    Assert.Equal<float list>([ 3.0; 1.5 ], two.High)
    // eta * m * k: 0.5 * 8 * k
    Assert.Equal<float list>([ 0.0; 4.0 ], (ofMetric "loss" StepTimesWidthTimesIteration runs).Head.X)
