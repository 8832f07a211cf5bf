// What measuring sharpness adds to a run, and where its time goes. Build first (dotnet build ReluStudy.sln -c Release):
//   dotnet fsi scripts/sharpness-cost.fsx -- mnist [threads [hessian-n [every]]]   the default relustudy train run (MNIST 3v8,
//                                                   n = 1000, L = 15, m = 128, 300 iterations)
//   dotnet fsi scripts/sharpness-cost.fsx -- cifar [...]   CIFAR-10 cat/ship, n = 500, L = 3, m = 256, squared loss, 1000 iterations
// threads defaults to 1; hessian-n and every (the sharpness settings of the run with it) to the defaults.
// Trains the run without and with sharpness (with the settings given) alternately, three times each, in one
// process, and reports both the wall-clock and the process's CPU time of each. On a machine shared with other work the
// wall clock of identical runs varies by several times; the CPU time of a one-thread run (the kernels then run on the
// caller's thread, with no worker spinning while a peer is descheduled) varies far less, so the added share is read from
// it. Then, at the final weights, it times a GD iteration, the Hessian's Prepare, a Hessian and a Gauss–Newton product
// and a whole measurement (CPU time of ten each) and counts each Lanczos run's steps: where a measurement's time goes.
#load "../dsl/ReluStudy.fsx"

open System.Diagnostics
open ReluStudy.Core.Curvature
open ReluStudy.Core.Data
open ReluStudy.Core.LinearAlgebra
open ReluStudy.Core.Model
open ReluStudy.Core.Numerics
open ReluStudy.Core.Training

let args = fsi.CommandLineArgs |> Array.skip 1
let which = args |> Array.tryHead |> Option.defaultValue "mnist"
let threads = args |> Array.tryItem 1 |> Option.map int |> Option.defaultValue 1
let settings =
    SharpnessSettings(
        HessianN = (args |> Array.tryItem 2 |> Option.map int |> Option.defaultValue SharpnessSettings.DefaultHessianN),
        Every = (args |> Array.tryItem 3 |> Option.map int |> Option.defaultValue SharpnessSettings.DefaultEvery))

let request, widths, loss, iterations =
    match which with
    | "cifar" -> DataRequest(Kind = DatasetKind.Cifar10, ClassA = "cat", ClassB = "ship", TrainCount = 500), Array.create 3 256, LossKind.Squared, 1000
    | _ -> DataRequest(Kind = DatasetKind.Mnist, ClassA = "3", ClassB = "8", TrainCount = 1000), Array.create 15 128, LossKind.CrossEntropy, 300

let data = BinaryTask.Prepare(request).Train
let config (sharpness: SharpnessSettings) =
    TrainingConfig(Widths = widths, StepSize = 0.005, Iterations = iterations, Seed = 1UL, Loss = loss, Threads = threads, Sharpness = sharpness)

type Observer() =
    member val Rows = ResizeArray<SharpnessRow>()
    interface ITrainingObserver with
        member _.OnIteration(_, _, _, _) = ()
        member _.OnRow _ = ()
        member this.OnSharpness row = this.Rows.Add row

let median (xs: float list) = List.sort xs |> fun s -> s[s.Length / 2]
let cpu () = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds

let train (settings: SharpnessSettings) =
    let observer = Observer()
    let before = cpu ()
    let o = Trainer.Run(config settings, data, null, observer)
    o, cpu () - before, observer.Rows

// JIT and tiering first, so that the first timed run is not the slowest for that alone.
Trainer.Run(TrainingConfig(Widths = widths, StepSize = 0.005, Iterations = 3, Loss = loss, Threads = threads, Sharpness = settings), data, null, Observer()) |> ignore

let runs =
    [ for r in 1..3 do
          // alternate which goes first
          let pair = [ (fun () -> "without", train null); (fun () -> "with", train settings) ]
          for f in (if r % 2 = 1 then pair else List.rev pair) do f () ]

let of' name f = runs |> List.filter (fst >> (=) name) |> List.map (snd >> f)
let wall name = of' name (fun (o, _, _) -> o.Seconds)
let cpuOf name = of' name (fun (_, c, _) -> c)
let outcome, _, rows = runs |> List.find (fst >> (=) "with") |> snd
let added (xs: string -> float list) = 100.0 * (median (xs "with") - median (xs "without")) / median (xs "without")
printfn "%s: n = %d, d = %d, L = %d, m = %d, %A, %d iterations, %d thread(s); sharpness on %d rows, %s"
    which data.Count data.Dimension widths.Length widths[0] loss iterations threads (settings.RowsFor data.Count) (MeasurementSchedule.Describe settings.Every)
printfn "  wall s without %A, with %A: medians +%.1f %%, fastest +%.1f %%" (wall "without") (wall "with") (added wall)
    (100.0 * (List.min (wall "with") - List.min (wall "without")) / List.min (wall "without"))
printfn "  CPU s without %A, with %A: medians +%.1f %%" (cpuOf "without") (cpuOf "with") (added cpuOf)
printfn "  %d measurements at k = %s; products per measurement (Hessian + Gauss-Newton): %s"
    rows.Count (rows |> Seq.map (fun r -> string r.Iteration) |> String.concat ",") (rows |> Seq.map (fun r -> string r.Measure.Steps) |> String.concat ",")

// Where a measurement's time goes, at the final weights.
let net = outcome.Network
let kernels = new SimdKernels(threads)
// CPU seconds of one call, from ten in a row (the process clock ticks every 10 ms), the least of three such batches.
let fastest (f: unit -> unit) =
    f ()
    [ for _ in 1..3 -> let t = cpu () in (for _ in 1..10 do f ()); (cpu () - t) / 10.0 ] |> List.min
let pass = Backprop(net, kernels, data.Count)
let squares = Array.zeroCreate<float> widths.Length
let gd = fastest (fun () -> pass.Forward(data.Features, data.Count); pass.Evaluate(data.Labels, loss, 1.0 / float data.Count) |> ignore; pass.Backward(data.Features, data.Count, 0.0f, false, squares))
let sample = data.Subset(SeededSample.Rows(data.Count, settings.RowsFor data.Count, Rng.Streams.HessianSample))
let sharpness = Sharpness(net, kernels, sample.Features, sample.Labels, sample.Count, loss)
let prepare = fastest (fun () -> sharpness.Hessian.Prepare())
let p = int sharpness.Hessian.Dimension
let v, hv = Array.init p (fun i -> sin (float i)), Array.zeroCreate<float> p
let hessian = fastest (fun () -> sharpness.Hessian.Multiply(System.ReadOnlySpan v, System.Span hv))
let gaussNewton = fastest (fun () -> sharpness.Hessian.MultiplyGaussNewton(System.ReadOnlySpan v, System.Span hv))
let whole = fastest (fun () -> sharpness.Measure() |> ignore)
let lanczos = LanczosWorkspace(p, Sharpness.DefaultMaxSteps, System.Action<_>(kernels.ForEachWorker))
let stepsOf (multiply: float[] -> float[] -> unit) count second =
    (lanczos.Top(System.Action<_, _>(multiply), count, Sharpness.DefaultTolerance, 0x5AA9UL, second)).Steps
let h = fun (x: float[]) (y: float[]) -> sharpness.Hessian.Multiply(System.ReadOnlySpan x, System.Span y)
let g = fun (x: float[]) (y: float[]) -> sharpness.Hessian.MultiplyGaussNewton(System.ReadOnlySpan x, System.Span y)
printfn "  at the final weights (P = %d): GD iteration %.1f ms; Prepare %.1f ms; Hessian product %.1f ms (%.2f GD), Gauss-Newton %.1f ms (%.2f GD); a whole measurement %.0f ms = %.1f GD iterations"
    p (1e3 * gd) (1e3 * prepare) (1e3 * hessian) (hessian / gd) (1e3 * gaussNewton) (gaussNewton / gd) (1e3 * whole) (whole / gd)
printfn "  Lanczos steps: Hessian top two %d (top alone %d; the second to 1e-3 of the scale %d, to 1e-2 %d), Gauss-Newton top %d"
    (stepsOf h 2 (System.Nullable Sharpness.DefaultSecondTolerance)) (stepsOf h 1 (System.Nullable()))
    (stepsOf h 2 (System.Nullable 1e-3)) (stepsOf h 2 (System.Nullable 1e-2)) (stepsOf g 1 (System.Nullable()))
