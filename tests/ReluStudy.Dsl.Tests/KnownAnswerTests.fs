/// The fit-and-verdict path on real runs with a known answer: Du et al.'s two-layer model, whose exponents against width
/// are -1/2, trained at a small size; and a negative control, the same fits judged against a wrong exponent.
module ReluStudy.Dsl.Tests.KnownAnswerTests

open Xunit
open ReluStudy.Dsl
open ReluStudy.Core.Results
open ReluStudy.Core.Studies
open ReluStudy.Core.Theory.Fits

let private silent =
    { new IStudyProgress with
        member _.Started(_, _) = ()
        member _.Iteration(_, _, _, _) = ()
        member _.Finished(_, _, _) = ()
        member _.Note _ = () }

[<Fact>]
let ``Du et al.'s exponents come out consistent with -1/2 on real two-layer runs, and a wrong prediction comes out inconsistent`` () =
    let du =
        study "du-small" {
            model TwoLayer
            data (Sphere 60)
            n 60
            widths [ 250; 500; 1_000; 2_000; 4_000; 8_000 ]
            optimizer (Gd.FullBatch(step = 0.5))
            iterations 40
            seeds [ 1 .. 10 ]
            log (Every 1)
            compare [ Fit P13; Fit P15; Fit P16 ]
        }
    let root = Paths.tempFolder ()
    let plan = StudyPlanner.Plan(du.Name, ResizeArray du.Runs, root, 2, du.Declaration)
    Assert.True(StudyRunner.Run(plan, 2, silent).Succeeded)
    let runs = plan.Runs |> Seq.map (fun r -> RunResult.Read r.Folder) |> List.ofSeq
    let fits = ScalingFit.For(runs, System.Func<string, bool>(fun p -> du.Declaration.Fits p))
    for id in [ "P13"; "P15"; "P16" ] do
        let f = fits |> Seq.find (fun f -> f.Quantity.Id = id)
        Assert.True(f.VerdictName = "consistent", $"{id}: {f.Verdict} (b = {f.Fit.Exponent}, [{f.Fit.Low}, {f.Fit.High}])")
    // the negative control: the same measurements judged against -1, an exponent they do not have
    let wrong = FitVerdicts.Judge([| for f in fits -> struct (f.Fit, ([| -1.0 |] :> System.Collections.Generic.IReadOnlyList<float>)) |] |> Array.map (fun struct (a, b) -> struct (a, b)), null)
    Assert.All(wrong, fun v -> Assert.Equal(Verdict.Inconsistent, v[0].Verdict))
