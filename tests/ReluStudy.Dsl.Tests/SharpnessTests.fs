/// Sharpness in a study: tracking it (or setting its schedule or subsample) turns it on for the deep model's runs and
/// nothing else does, each bad value or combination is one problem at its keyword's line, and the plan counts its cost.
module ReluStudy.Dsl.Tests.SharpnessTests

open Xunit
open ReluStudy.Core.Studies
open ReluStudy.Core.Training
open ReluStudy.Dsl

let private codes (s: Study) = s.Problems |> List.map _.Code

[<Fact>]
let ``Each sharpness rule fires on its own, at its keyword's line`` () =
    let start = int __LINE__
    let s =
        study "bad" {
            data (Mnist.digits 3 8)
            widths [ 64 ]
            optimizer (Gd.FullBatch(step = 0.01))
            iterations 10
            sharpness_every 0
            hessian_n -5
            sharpness_every 10
        }
    Assert.Equal<string list>(
        [ $"SharpnessTests.fs({start + 7}): error RS0118: sharpness_every: must be >= 1; got 0"
          $"SharpnessTests.fs({start + 8}): error RS0119: hessian_n: must be >= 1; got -5"
          $"SharpnessTests.fs({start + 9}): error RS0201: sharpness_every: may be given once; first given at line {start + 7}" ],
        s.Problems |> List.map string)
    let cases: (Study * string list) list =
        [ study "a" { model TwoLayer; data (Sphere 10); widths [ 64 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 10; track [ Sharpness ] }, [ "RS0302" ]
          study "a" { model TwoLayer; data (Sphere 10); widths [ 64 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 10; hessian_n 100 }, [ "RS0302" ]
          study "a" { data (Mnist.digits 3 8); widths [ 64 ]; stable_step (0.01, 1.0); iterations 10; track [ Loss; Sharpness ] }, [ "RS0302" ]
          study "a" { data (Mnist.digits 3 8); widths [ 64 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 10; track [ Loss ]; sharpness_every 5 }, [ "RS0302" ]
          study "a" { data (Mnist.digits 3 8); widths [ 64 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 10; track [ Sharpness ]; sharpness_every 5; hessian_n 100 }, [] ]
    for s, expected in cases do
        Assert.True(codes s = expected, $"expected {expected}; got {s.Problems |> List.map string}")
    let notListed = study "a" { data (Mnist.digits 3 8); widths [ 64 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 10; track [ Loss ]; hessian_n 100 }
    Assert.EndsWith("error RS0302: hessian_n: measures the sharpness, which track (line " + string (int __LINE__ - 1) + ") does not list; add Sharpness to track",
                    string notListed.Problems.Head)

let private deep name (track: Metric list option) (every: int option) (rows: int option) =
    let s = study name { data (Mnist.digits 3 8); n 100; depth 2; widths [ 16; 32 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 40 }
    // the same study, with the sharpness keywords as given (a builder cannot take a keyword conditionally)
    match track, every, rows with
    | None, None, None -> s
    | Some t, None, None -> study name { data (Mnist.digits 3 8); n 100; depth 2; widths [ 16; 32 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 40; track t }
    | None, Some e, Some r ->
        study name { data (Mnist.digits 3 8); n 100; depth 2; widths [ 16; 32 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 40; sharpness_every e; hessian_n r }
    | _ -> failwith "not a case of these tests"

[<Fact>]
let ``Tracking Sharpness or setting it turns it on; nothing else does, and then the runs keep their ids`` () =
    let off = deep "s" None None None
    let loss = deep "s" (Some [ Loss ]) None None
    let tracked = deep "s" (Some [ Loss; Sharpness ]) None None
    let given = deep "s" None (Some 10) (Some 60)
    for s in [ off; loss; tracked; given ] do Assert.Empty(s.Problems)
    Assert.All(off.Runs @ loss.Runs, fun r -> Assert.Null(r.Deep.Sharpness))
    Assert.All(tracked.Runs, fun r -> Assert.Equal(SharpnessSettings(), r.Deep.Sharpness))
    Assert.All(given.Runs, fun r -> Assert.Equal(SharpnessSettings(Every = 10, HessianN = 60), r.Deep.Sharpness))
    Assert.Contains(ReluStudy.Core.Results.TrackedQuantity.Sharpness, tracked.Declaration.Track)
    let plan (s: Study) = StudyPlanner.Plan(s.Name, ResizeArray s.Runs, Paths.tempFolder (), 1)
    let ids (s: Study) = (plan s).Runs |> Seq.map _.Id |> List.ofSeq
    Assert.Equal<string list>(ids off, ids loss)
    Assert.True(Set.intersect (set (ids off)) (set (ids tracked)) |> Set.isEmpty)

[<Fact>]
let ``The plan counts the sharpness's time and says so`` () =
    let off, on = deep "s" None None None, deep "s" (Some [ Sharpness ]) None None
    let planOf (s: Study) = StudyPlanner.Plan(s.Name, ResizeArray s.Runs, Paths.tempFolder (), 1)
    let without, with' = planOf off, planOf on
    for a, b in Seq.zip without.Runs with'.Runs do
        Assert.Equal(0.0, a.SharpnessFlops)
        // 40 iterations at the default spacing (500): k = 0 and 40, each at most 40 + 40 products and the reorthogonalisation
        Assert.Equal(2, b.Spec.SharpnessMeasurements)
        let d = with'.DimensionOf b
        let each = ReluStudy.Core.Curvature.SharpnessCost.MaxFlopsPerMeasure(100, d, b.Spec.Deep.Widths)
        Assert.Equal(2.0 * each, b.SharpnessFlops, 1e-6 * b.SharpnessFlops)
        Assert.Equal(a.Flops + b.SharpnessFlops, b.Flops, 1e-9 * b.Flops)
        Assert.True(b.EstimatedSeconds > a.EstimatedSeconds)
        let bytes = ReluStudy.Core.Curvature.SharpnessCost.Bytes(100, d, b.Spec.Deep.Widths)
        Assert.Equal(RunMemory.ArrayBytes(a.Spec, d) + bytes, RunMemory.ArrayBytes(b.Spec, d), 1e-9 * bytes)
