/// Gd.Critical in a study: it lowers to the core's step multiple (resolved by each run before it trains), names its axis by
/// the multiple, sweeps in optimizers beside given steps, each bad value or combination is one problem at its keyword's line,
/// and the plan counts the measurement; divergence_factor lowers to the runs' divergence rule.
module ReluStudy.Dsl.Tests.CriticalStepTests

open Xunit
open ReluStudy.Core.Studies
open ReluStudy.Core.Training
open ReluStudy.Dsl

let private sweep () =
    study "critical" {
        data (Mnist.digits 3 8)
        n 100
        depth 2
        width 16
        loss Squared
        optimizers [ Gd.Critical(multiple = 0.5); Gd.Critical(multiple = 1.2); Gd.FullBatch(step = 0.01) ]
        iterations 10
        divergence_factor 1e6
    }

[<Fact>]
let ``Gd.Critical lowers to the step multiple, described as gd-c<multiple>, beside a given step`` () =
    let s = sweep ()
    Assert.Empty(s.Problems)
    Assert.Equal<string list>([ "width=16 optimizer=gd-c0.5 seed=1"; "width=16 optimizer=gd-c1.2 seed=1"; "width=16 optimizer=gd-0.01 seed=1" ],
                              s.Runs |> List.map _.Label)
    let configs = s.Runs |> List.map _.Deep
    Assert.Equal<System.Nullable<float> list>([ System.Nullable 0.5; System.Nullable 1.2; System.Nullable() ], configs |> List.map _.StepMultiple)
    // the step is each run's own, measured at its W(0) before it trains: none yet
    Assert.True(System.Double.IsNaN configs[0].StepSize && not configs[0].StepResolved)
    Assert.Equal(0.01, configs[2].StepSize)
    Assert.All(configs, fun c -> Assert.Equal(OptimizerKind.GradientDescent, c.Optimizer))
    Assert.All(configs, fun c -> Assert.Equal(1e6, c.DivergenceFactor))
    Assert.All(s.Runs, fun r -> Assert.Empty(r.Problems()))

[<Fact>]
let ``Gd.Critical with curvature = Hessian lowers to a multiple of 2/S(W(0)), described as gd-c<multiple>-hessian`` () =
    let s =
        study "edge" {
            data (Mnist.digits 3 8); n 100; depth 2; width 16; loss Squared; iterations 10
            optimizers [ Gd.Critical(multiple = 0.5, curvature = Hessian); Gd.Critical(multiple = 0.5) ]
        }
    Assert.Empty(s.Problems)
    Assert.Equal<string list>([ "width=16 optimizer=gd-c0.5-hessian seed=1"; "width=16 optimizer=gd-c0.5 seed=1" ], s.Runs |> List.map _.Label)
    Assert.Equal<StepCurvature list>([ StepCurvature.Hessian; StepCurvature.GaussNewton ], s.Runs |> List.map _.Deep.StepCurvature)
    // the same multiple: only the curvature tells the two runs apart
    Assert.NotEqual<string>(RunIdentity.Id(s.Runs[0], "x"), RunIdentity.Id(s.Runs[1], "x"))
    let reciprocal = study "r" { data (Mnist.digits 3 8); n 100; depth 2; width 16; iterations 10; optimizer (Gd.Critical(multiple = 1.0 / 1.1, curvature = Hessian)) }
    Assert.Equal("width=16 seed=1", reciprocal.Runs.Head.Label)
    Assert.Equal<float>(1.0 / 1.1, reciprocal.Runs.Head.Deep.StepMultiple.Value)

[<Fact>]
let ``A repeated optimizer is one problem, not one per rule the optimizers are checked by`` () =
    let s = study "twice" { data (Mnist.digits 3 8); widths [ 64 ]; optimizers [ Gd.Critical(multiple = 2.0); Gd.Critical(multiple = 2.0) ]; iterations 10 }
    Assert.Equal<string list>([ "RS0303" ], s.Problems |> List.map _.Code)

[<Fact>]
let ``Without divergence_factor the runs keep the core's default`` () =
    let s = study "d" { data (Mnist.digits 3 8); n 100; depth 2; width 16; optimizer (Gd.FullBatch(step = 0.01)); iterations 10 }
    Assert.Equal(TrainingConfig.DefaultDivergenceFactor, s.Runs.Head.Deep.DivergenceFactor)
    let twoLayer = study "t" { model TwoLayer; data (Sphere 10); n 20; width 64; optimizer (Gd.FullBatch(step = 0.1)); iterations 10; divergence_factor 50.0 }
    Assert.Empty(twoLayer.Problems)
    Assert.Equal(50.0, twoLayer.Runs.Head.TwoLayer.DivergenceFactor)

[<Fact>]
let ``Each rule fires on its own, at its keyword's line`` () =
    let start = int __LINE__
    let s =
        study "bad" {
            data (Mnist.digits 3 8)
            widths [ 64 ]
            optimizers [ Gd.Critical(multiple = 0.0); Gd.Critical(multiple = nan); Gd.Critical(multiple = infinity); Gd.Critical(multiple = 2.0) ]
            iterations 10
            divergence_factor 0.5
        }
    Assert.Equal<string list>(
        [ $"CriticalStepTests.fs({start + 5}): error RS0120: optimizers: every multiple of the critical step must be a finite number > 0; got multiple 0"
          $"CriticalStepTests.fs({start + 5}): error RS0120: optimizers: every multiple of the critical step must be a finite number > 0; got multiple NaN"
          $"CriticalStepTests.fs({start + 5}): error RS0120: optimizers: every multiple of the critical step must be a finite number > 0; got multiple Infinity"
          $"CriticalStepTests.fs({start + 7}): error RS0121: divergence_factor: must be a finite number >= 1; got 0.5" ],
        s.Problems |> List.map string)
    let twoLayer = study "t" { model TwoLayer; data (Sphere 10); widths [ 64 ]; optimizer (Gd.Critical(multiple = 1.0)); iterations 10 }
    Assert.Equal<string list>(
        [ $"CriticalStepTests.fs({int __LINE__ - 2}): error RS0302: optimizer: Critical is a multiple of the deep network's curvature at W(0); got it with model TwoLayer" ],
        twoLayer.Problems |> List.map string)
    let twice = study "t" { data (Mnist.digits 3 8); widths [ 64 ]; optimizer (Gd.Critical(multiple = 1.0)); iterations 10; divergence_factor 10.0; divergence_factor 20.0 }
    Assert.Equal<string list>([ "RS0201" ], twice.Problems |> List.map _.Code)

[<Fact>]
let ``A multiple is in the run's id, and the plan counts its measurement`` () =
    let s = sweep ()
    let plan = StudyPlanner.Plan(s.Name, ResizeArray s.Runs, Paths.tempFolder (), 1)
    Assert.Equal(3, plan.Runs |> Seq.map _.Id |> Seq.distinct |> Seq.length)
    let atMultiple, atStep = plan.Runs[1], plan.Runs[2]
    let d = plan.DimensionOf atMultiple
    let measurement = ReluStudy.Core.Curvature.SharpnessCost.MaxFlopsPerGaussNewton(100, d, atMultiple.Spec.Deep.Widths)
    Assert.Equal(measurement, atMultiple.Spec.CriticalStepFlops d)
    Assert.Equal(0.0, atStep.Spec.CriticalStepFlops d)
    Assert.Equal(atStep.Flops + measurement, atMultiple.Flops, 1e-9 * atMultiple.Flops)
    // no eta*m before the run has measured it, so no stability warning either way
    Assert.True(System.Double.IsNaN atMultiple.StepTimesWidth.Value)
