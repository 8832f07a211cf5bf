/// A checked study, and its lowering into the core's plain records: one RunSpec per point of the sweep grid.
namespace ReluStudy.Dsl

open System.Collections.Generic
open System.Globalization
open ReluStudy.Core.Data
open ReluStudy.Core.Results
open ReluStudy.Core.Studies
open ReluStudy.Core.Training
open ReluStudy.Core.Training.TwoLayer

/// A study that went through every check. Only Run makes one, so an unchecked study cannot reach the runner.
[<Sealed>]
type Study internal (name: string, problems: Problem list, runs: RunSpec list, declaration: StudyDeclaration) =
    /// The study's name: its folder under the results root.
    member _.Name = name
    member _.Summary = declaration.Summary
    /// Every problem found; a study with problems runs nothing.
    member _.Problems = problems
    /// The runs of the sweep grid (empty when there are problems).
    member _.Runs = runs
    /// What the study's pages show (tracked quantities, theory) and whether it trains the baselines, as the core keeps it.
    member _.Declaration = declaration

    /// Checks a declared study and, when it has no problems, expands its sweep grid.
    static member Check(state: StudyState) : Study =
        let problems = Checks.all state
        let runs = if List.isEmpty problems then Lowering.runs state else []
        Study(state.Name, problems, runs, Lowering.Declaration state)

and internal Lowering private () =
    static member private Invariant(x: float) = x.ToString("R", CultureInfo.InvariantCulture)
    /// A multiple of the critical step is often a reciprocal (1/1.1: 2/eta = 1.1 lambda(W(0))): six digits name it without
    /// 0.9090909090909091; the id keeps every bit.
    static member private Multiple(c: float) = c.ToString("G6", CultureInfo.InvariantCulture)

    static member private Request(state: StudyState, data: DataSet) : DataRequest =
        let get (g: Given<'T> option) fallback = g |> Option.map _.Value |> Option.defaultValue fallback
        let n = get state.N Checks.Defaults.n
        let preprocess = match get state.Preprocess Paper with Paper -> Preprocessing.Paper | Raw -> Preprocessing.None
        let kind, a, b, csv, d, phi =
            match data with
            | Mnist(a, b) -> DatasetKind.Mnist, string a, string b, null, 1000, 0.1
            | Cifar10(a, b) -> DatasetKind.Cifar10, a, b, null, 1000, 0.1
            | Csv(path, a, b) -> DatasetKind.Csv, a, b, path, 1000, 0.1
            | Sphere d -> DatasetKind.Sphere, "", "", null, d, 0.1
            | SeparatedSphere(d, phi) -> DatasetKind.SeparatedSphere, "", "", null, d, phi
        let synthetic = kind = DatasetKind.Sphere || kind = DatasetKind.SeparatedSphere
        DataRequest(
            Kind = kind, ClassA = a, ClassB = b, CsvPath = csv, TrainCount = n, TestCount = get state.TestN 0,
            Mu = get state.Mu Checks.Defaults.mu,
            Preprocess = (if synthetic then Preprocessing.None else preprocess),
            DataSeed = uint64 (get state.DataSeed Checks.Defaults.dataSeed),
            Dimension = d, Phi = phi)

    static member private Name(data: DataSet) =
        match data with
        | Mnist(a, b) -> $"mnist-{a}v{b}"
        | Cifar10(a, b) -> $"cifar10-{a}v{b}"
        | Csv(path, a, b) -> $"{System.IO.Path.GetFileNameWithoutExtension path}-{a}v{b}"
        | Sphere d -> $"sphere-d{d}"
        | SeparatedSphere(d, phi) -> $"""sphere-d{d}-phi{phi.ToString("R", CultureInfo.InvariantCulture)}"""

    static member private Quantity(m: Metric) =
        match m with
        | Metric.Loss -> TrackedQuantity.Loss
        | TrainError -> TrackedQuantity.TrainError
        | TestError -> TrackedQuantity.TestError
        | GradientNorm -> TrackedQuantity.GradientNorm
        | DistanceFromInit -> TrackedQuantity.DistanceFromInit
        | PatternChangeRatio -> TrackedQuantity.PatternChangeRatio
        | TangentKernel -> TrackedQuantity.TangentKernel
        | Sharpness -> TrackedQuantity.Sharpness

    static member private Comparison(o: Overlay) =
        match o with
        | Bounds -> Comparison(ComparisonKind.Bounds)
        | Envelope -> Comparison(ComparisonKind.Envelope)
        | InfiniteWidth -> Comparison(ComparisonKind.InfiniteWidth)
        | Linearized -> Comparison(ComparisonKind.Linearized)
        | Fit p -> Comparison.FitOf(string p)

    /// What the pages show: track and compare as declared (null when left out), and the baselines' names when declared.
    static member Declaration(state: StudyState) : StudyDeclaration =
        StudyDeclaration(
            Summary = (state.Summary |> Option.map _.Value |> Option.defaultValue ""),
            Track = (state.Track |> Option.map (fun g -> ResizeArray(g.Value |> List.map Lowering.Quantity) :> IReadOnlyList<_>) |> Option.toObj),
            Compare = (state.Compare |> Option.map (fun g -> ResizeArray(g.Value |> List.map Lowering.Comparison) :> IReadOnlyList<_>) |> Option.toObj),
            Baselines = (if state.Baselines.IsSome then ResizeArray(ReluStudy.Core.Baselines.BaselineCatalog.All |> Seq.map _.Name) :> IReadOnlyList<_> else [||]))

    static member private Describe(o: Optimizer) =
        match o with
        | FullBatch s -> $"gd-{Lowering.Invariant s}"
        | MiniBatch(s, b) -> $"sgd-{Lowering.Invariant s}-b{b}"
        | Critical(c, GaussNewton) -> $"gd-c{Lowering.Multiple c}"
        | Critical(c, Hessian) -> $"gd-c{Lowering.Multiple c}-hessian"

    /// The grid datasets × depths × widths × optimizers × seeds, in that order.
    static member runs(state: StudyState) : RunSpec list =
        let get (g: Given<'T> option) fallback = g |> Option.map _.Value |> Option.defaultValue fallback
        let datasets = get state.Data []
        let two = match get state.Model Deep with TwoLayer | TwoLayerBothLayers -> true | Deep -> false
        let depths = if two then [ 1 ] else get state.Depths [ Checks.Defaults.depth ]
        let widths = get state.Widths []
        let search = state.StableStep |> Option.map (fun g -> StepSearch(fst g.Value, snd g.Value))
        // A search trains full-batch GD from the range's start (the step run.json records); its probes pick their own.
        let optimizers = match search with Some s -> [ FullBatch s.From ] | None -> get state.Optimizers []
        let seeds = get state.Seeds Checks.Defaults.seeds
        let schedule = match get state.Log Default with Default -> LogSchedule.Default | Every s -> LogSchedule.Every s
        let loss =
            match get state.Loss Checks.Defaults.loss with
            | CrossEntropy -> ReluStudy.Core.Model.LossKind.CrossEntropy
            | SquareHinge -> ReluStudy.Core.Model.LossKind.SquareHinge
            | SmoothedHinge -> ReluStudy.Core.Model.LossKind.SmoothedHinge
            | Squared -> ReluStudy.Core.Model.LossKind.Squared
        let iterations = get state.Iterations 0
        let divergence = state.DivergenceFactor |> Option.map _.Value
        let sharpness =
            if Checks.measuresSharpness state then
                SharpnessSettings(
                    Every = (state.SharpnessEvery |> Option.map _.Value |> Option.defaultValue SharpnessSettings.DefaultEvery),
                    HessianN = get state.HessianN SharpnessSettings.DefaultHessianN)
            else null
        [ for data in datasets do
              for depth in depths do
                  for width in widths do
                      for optimizer in optimizers do
                          for seed in seeds do
                              let axes =
                                  [ if datasets.Length > 1 then "data", Lowering.Name data
                                    if depths.Length > 1 then "depth", string depth
                                    "width", string width
                                    if optimizers.Length > 1 then "optimizer", Lowering.Describe optimizer
                                    "seed", string seed ]
                                  |> readOnlyDict
                              let request = Lowering.Request(state, data)
                              if two then
                                  // (Critical is refused for the two-layer model by the checks)
                                  let step = match optimizer with FullBatch s | MiniBatch(s, _) -> s | Critical _ -> nan
                                  let config =
                                      TwoLayerConfig(
                                          Width = width, StepSize = step, Iterations = iterations, Seed = uint64 seed,
                                          TrainOutputLayer = (get state.Model Deep = TwoLayerBothLayers), Schedule = schedule,
                                          DivergenceFactor = defaultArg divergence TrainingConfig.DefaultDivergenceFactor)
                                  RunSpec(request, null, config, axes)
                              else
                                  // A multiple's step is measured at each run's W(0) before it trains (CriticalStep): none until then.
                                  let step, multiple, optimizerKind, batch =
                                      match optimizer with
                                      | FullBatch s -> s, None, OptimizerKind.GradientDescent, 0
                                      | MiniBatch(s, b) -> s, None, OptimizerKind.StochasticGradientDescent, b
                                      | Critical(c, _) -> nan, Some c, OptimizerKind.GradientDescent, 0
                                  let curvature =
                                      match optimizer with
                                      | Critical(_, Hessian) -> StepCurvature.Hessian
                                      | _ -> StepCurvature.GaussNewton
                                  let config =
                                      TrainingConfig(
                                          Widths = (Array.create depth width :> IReadOnlyList<int>), StepSize = step,
                                          StepMultiple = Option.toNullable multiple, StepCurvature = curvature,
                                          DivergenceFactor = defaultArg divergence TrainingConfig.DefaultDivergenceFactor,
                                          Iterations = iterations, Seed = uint64 seed, Loss = loss, Optimizer = optimizerKind,
                                          BatchSize = batch, Schedule = schedule,
                                          TargetLoss = (state.StopAtLoss |> Option.map _.Value |> Option.toNullable),
                                          StopAtZeroError = state.StopAtZeroError.IsSome, StepSearch = Option.toObj search,
                                          Sharpness = sharpness)
                                  RunSpec(request, config, null, axes) ]
