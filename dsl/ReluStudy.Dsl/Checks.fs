/// Every rule a study must satisfy, checked all at once; each problem names the keyword's line, the rule and the value.
module ReluStudy.Dsl.Checks

open System.IO

/// Defaults of the settings a study may leave out.
module Defaults =
    let n = 1000
    let depth = 15
    let seeds = [ 1 ]
    let dataSeed = 0
    let mu = 1.0 / sqrt 2.0
    let loss = CrossEntropy

let private cifarClasses = set [ "airplane"; "automobile"; "bird"; "cat"; "deer"; "dog"; "frog"; "horse"; "ship"; "truck" ]

let private isTwoLayer state =
    match state.Model with
    | Some { Value = TwoLayer | TwoLayerBothLayers } -> true
    | _ -> false

let private n state = state.N |> Option.map _.Value |> Option.defaultValue Defaults.n

let private list (g: Given<'T list> option) = g |> Option.map _.Value |> Option.defaultValue []

let private writtenTwice state =
    state.Written
    |> List.indexed
    |> List.choose (fun (i, (setting, keyword, position)) ->
        match state.Written |> List.take i |> List.tryFind (fun (s, _, _) -> s = setting) with
        | Some(_, earlier, first) when earlier = keyword -> Some(Problem.at position "RS0201" keyword $"may be given once; first given at line {first.Line}")
        | Some(_, earlier, first) -> Some(Problem.at position "RS0201" keyword $"sets what {earlier} set at line {first.Line}; give one of them")
        | None -> None)

/// Every value of a list setting against its rule, each problem naming the keyword as written ("depth" or "depths"); a
/// list checked by several rules is checked for empty and repeated values by its first (<paramref name="whole"/>).
let private everyValueOf whole code (rule: string) ok (render: 'T -> string) (g: Given<'T list> option) =
    match g with
    | None -> []
    | Some given ->
        [ if whole && List.isEmpty given.Value then
              Problem.at given.At "RS0113" given.Keyword "must list at least one value; got []"
          for v in given.Value do
              if not (ok v) then Problem.at given.At code given.Keyword $"{rule}; got {render v}"
          if whole then
              for v, count in List.countBy id given.Value do
                  if count > 1 then Problem.at given.At "RS0303" given.Keyword $"every value must be distinct; got {render v} {count} times" ]

let private everyValue code rule ok render g = everyValueOf true code rule ok render g

let private single code (rule: string) ok (render: 'T -> string) (g: Given<'T> option) =
    match g with
    | Some given when not (ok given.Value) -> [ Problem.at given.At code given.Keyword $"{rule}; got {render given.Value}" ]
    | _ -> []

let private dataProblems state (g: Given<DataSet list>) =
    [ for data in g.Value do
          match data with
          | Mnist(a, b) ->
              if a < 0 || a > 9 || b < 0 || b > 9 then Problem.at g.At "RS0112" g.Keyword $"MNIST classes are digits 0..9; got {a},{b}"
              elif a = b then Problem.at g.At "RS0112" g.Keyword $"the two classes must differ; got {a},{b}"
          | Cifar10(a, b) ->
              for c in [ a; b ] do
                  let known = cifarClasses.Contains(c.ToLowerInvariant()) || (c.Length = 1 && System.Char.IsAsciiDigit c[0])
                  if not known then Problem.at g.At "RS0112" g.Keyword $"""CIFAR-10 classes are {String.concat "," (Set.toList cifarClasses)} or 0..9; got '{c}'"""
              if a = b then Problem.at g.At "RS0112" g.Keyword $"the two classes must differ; got {a},{b}"
          | Csv(path, a, b) ->
              if not (File.Exists path) then Problem.at g.At "RS0112" g.Keyword $"the CSV file must exist; got '{path}'"
              if a = b then Problem.at g.At "RS0112" g.Keyword $"the two classes must differ; got {a},{b}"
          | Sphere d ->
              if d < 1 then Problem.at g.At "RS0112" g.Keyword $"the sphere's dimension must be >= 1; got {d}"
              if not (isTwoLayer state) then
                  Problem.at g.At "RS0302" g.Keyword "Sphere has real-valued (Gaussian) labels and suits only the two-layer model; use SeparatedSphere or model TwoLayer"
          | SeparatedSphere(d, phi) ->
              if d < 2 then Problem.at g.At "RS0112" g.Keyword $"the separated sphere's dimension must be >= 2; got {d}"
              if not (phi > 0.0 && phi <= 2.0) then Problem.at g.At "RS0112" g.Keyword $"phi must be in (0, 2]; got {phi}" ]

let private combinationProblems state =
    let two = isTwoLayer state
    let synthetic =
        list state.Data |> List.exists (function Sphere _ | SeparatedSphere _ -> true | _ -> false)
    [ if two then
          match state.Depths with
          | Some g -> Problem.at g.At "RS0302" g.Keyword "applies only to the deep model; got it with model TwoLayer"
          | None -> ()
          match state.Loss with
          | Some g -> Problem.at g.At "RS0302" "loss" "the two-layer model's loss is fixed (1/2 sum (f - y)^2); got a loss with model TwoLayer"
          | None -> ()
          for o in list state.Optimizers do
              match o, state.Optimizers with
              | MiniBatch _, Some g -> Problem.at g.At "RS0302" g.Keyword "the two-layer model trains by full-batch GD; got MiniBatch"
              | Critical _, Some g ->
                  Problem.at g.At "RS0302" g.Keyword "Critical is a multiple of the deep network's curvature at W(0); got it with model TwoLayer"
              | _ -> ()
          match state.StopAtLoss, state.StopAtZeroError with
          | Some g, _ -> Problem.at g.At "RS0302" "stop_at_loss" "applies only to the deep model"
          | _, Some g -> Problem.at g.At "RS0302" "stop_at_zero_error" "applies only to the deep model"
          | _ -> ()
      match state.Mu, state.Preprocess with
      | Some g, Some { Value = Raw } -> Problem.at g.At "RS0302" "mu" $"applies only to preprocess Paper; got {g.Value} with preprocess Raw"
      | Some g, _ when synthetic -> Problem.at g.At "RS0302" "mu" "does not apply to the synthetic spheres (their points are already unit vectors)"
      | _ -> ()
      if not two then
          for o in list state.Optimizers do
              match o, state.Optimizers with
              | MiniBatch(_, b), Some g when b > n state -> Problem.at g.At "RS0105" g.Keyword $"the batch must be <= n ({n state}); got {b}"
              | _ -> ()
          match state.Widths with
          | Some g ->
              for w in g.Value do
                  if w >= 1 && w % 2 <> 0 then
                      Problem.at g.At "RS0114" g.Keyword $"the deep model's width must be even (its output layer v is half +1, half -1); got {w}"
          | None -> () ]

/// A step search replaces the optimizer, judges the full-batch loss of the deep model, and needs a range that is one.
let private stableStepProblems state =
    match state.StableStep with
    | None -> []
    | Some g ->
        // the range's rules are the core's (the search it lowers to is full-batch GD); each problem at the keyword's line
        let prefix = ReluStudy.Core.Training.StepSearch.Setting + ": "
        let search = ReluStudy.Core.Training.StepSearch(fst g.Value, snd g.Value)
        [ for p in search.Problems(ReluStudy.Core.Training.OptimizerKind.GradientDescent) do
              Problem.at g.At "RS0117" g.Keyword (p.Substring prefix.Length)
          if isTwoLayer state then Problem.at g.At "RS0302" g.Keyword "applies only to the deep model; got it with model TwoLayer"
          match state.Optimizers with
          | Some o -> Problem.at o.At "RS0302" o.Keyword $"stable_step searches the step (full-batch GD), so leave out optimizer; stable_step is at line {g.At.Line}"
          | None -> () ]

/// Whether the study's runs measure sharpness: when it tracks Sharpness or sets the schedule or subsample (never else, so
/// that the runs of studies without it keep their ids).
let measuresSharpness state =
    state.Track |> Option.exists (fun g -> List.contains Sharpness g.Value) || state.SharpnessEvery.IsSome || state.HessianN.IsSome

/// Sharpness is the deep model's, one training's (not a step search's), and shown on the page: a study that declares
/// track and sets its schedule or subsample must list it there.
let private sharpnessProblems state =
    let tracked = state.Track |> Option.filter (fun g -> List.contains Sharpness g.Value)
    let settings = [ state.SharpnessEvery; state.HessianN ] |> List.choose id
    [ if isTwoLayer state then
          match tracked with
          | Some g -> Problem.at g.At "RS0302" g.Keyword "Sharpness is the deep model's loss Hessian; got it with model TwoLayer"
          | None -> ()
          for g in settings do Problem.at g.At "RS0302" g.Keyword "applies only to the deep model; got it with model TwoLayer"
      match state.StableStep with
      | Some s when measuresSharpness state ->
          Problem.at s.At "RS0302" s.Keyword "measures S(W(0)) once itself (sharpness_initial, at the default hessian_n) but records no sharpness.csv (a search trains many probes); leave out Sharpness, sharpness_every and hessian_n"
      | _ -> ()
      match state.Track with
      | Some t when tracked.IsNone ->
          for g in settings do Problem.at g.At "RS0302" g.Keyword $"measures the sharpness, which track (line {t.At.Line}) does not list; add Sharpness to track"
      | _ -> () ]

/// Theory that applies to one model only.
let private comparisonProblems state =
    let two = isTwoLayer state
    match state.Compare with
    | None -> []
    | Some g ->
        [ for o in g.Value do
              match o with
              | Envelope when not two -> Problem.at g.At "RS0304" "compare" "Envelope is Du et al.'s bound for the two-layer model; got it with model Deep"
              | InfiniteWidth | Linearized when two ->
                  Problem.at g.At "RS0304" "compare" $"{o} is the deep network's kernel prediction (the two-layer model has Envelope); got it with model TwoLayer"
              | Fit p ->
                  let deep = ReluStudy.Core.Theory.Fits.ScalingQuantities.DeepPredictions |> Seq.contains (string p)
                  if deep && two then Problem.at g.At "RS0304" "compare" $"Fit {p} is a prediction of the deep network; got it with model TwoLayer"
                  elif not deep && not two then Problem.at g.At "RS0304" "compare" $"Fit {p} is a prediction of the two-layer model; got it with model Deep"
              | _ -> () ]

let private missing state =
    let first = state.Written |> List.tryHead |> Option.map (fun (_, _, p) -> p) |> Option.defaultValue { File = ""; Line = 0 }
    [ if state.Data.IsNone then Problem.at first "RS0301" "data" "is required; got none"
      if state.Widths.IsNone then Problem.at first "RS0301" "widths" "is required; got none"
      if state.Optimizers.IsNone && state.StableStep.IsNone then Problem.at first "RS0301" "optimizer" "is required (or stable_step); got none"
      if state.Iterations.IsNone then Problem.at first "RS0301" "iterations" "is required; got none" ]

/// Every problem of the study, in the order of the lines they point at.
let all (state: StudyState) : Problem list =
    let f (x: float) = x.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)
    [ if System.String.IsNullOrWhiteSpace state.Name || state.Name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 then
          Problem.at { File = ""; Line = 0 } "RS0100" "study" $"the name must be a non-empty file name; got '{state.Name}'"
      yield! writtenTwice state
      yield! missing state
      yield! single "RS0101" "must be >= 2" (fun v -> v >= 2) string state.N
      yield! single "RS0109" "must be 0 or >= 2" (fun v -> v = 0 || v >= 2) string state.TestN
      yield! single "RS0108" "must be in (0, 1)" (fun v -> v > 0.0 && v < 1.0) f state.Mu
      yield! single "RS0115" "must be >= 0" (fun v -> v >= 0) string state.DataSeed
      yield! everyValue "RS0103" "every depth must be >= 1" (fun v -> v >= 1) string state.Depths
      yield! everyValue "RS0102" "every width must be >= 1" (fun v -> v >= 1) string state.Widths
      yield! everyValue "RS0104" "every step size must be a finite number > 0"
                 (function FullBatch s | MiniBatch(s, _) -> s > 0.0 && not (System.Double.IsInfinity s) | Critical _ -> true)
                 (function FullBatch s -> $"step {f s}" | MiniBatch(s, b) -> $"step {f s}, batch {b}" | Critical(c, _) -> $"multiple {f c}") state.Optimizers
      // the optimizers' other rules: their empty and repeated values are RS0104's to report, once
      yield! everyValueOf false "RS0120" "every multiple of the critical step must be a finite number > 0"
                 (function Critical(c, _) -> c > 0.0 && not (System.Double.IsInfinity c) | _ -> true)
                 (function Critical(c, _) -> $"multiple {f c}" | o -> string o) state.Optimizers
      yield! everyValueOf false "RS0105" "every batch must be >= 1"
                 (function MiniBatch(_, b) -> b >= 1 | _ -> true)
                 (function MiniBatch(_, b) -> $"batch {b}" | o -> string o) state.Optimizers
      yield! everyValue "RS0107" "every seed must be >= 0" (fun v -> v >= 0) string state.Seeds
      yield! single "RS0106" "must be >= 0" (fun v -> v >= 0) string state.Iterations
      yield! single "RS0110" "must be a number >= 0" (fun v -> v >= 0.0) f state.StopAtLoss
      yield! single "RS0121" "must be a finite number >= 1" (fun v -> v >= 1.0 && not (System.Double.IsInfinity v)) f state.DivergenceFactor
      match state.Baselines with
      | Some g when (state.TestN |> Option.map _.Value |> Option.defaultValue 0) < 2 ->
          Problem.at g.At "RS0116" "baselines" "are scored on the test split, so test_n must be >= 2; got test_n 0"
      | _ -> ()
      yield! single "RS0111" "the stride must be >= 1" (function Every s -> s >= 1 | Default -> true) string state.Log
      yield! single "RS0118" "must be >= 1" (fun v -> v >= 1) string state.SharpnessEvery
      yield! single "RS0119" "must be >= 1" (fun v -> v >= 1) string state.HessianN
      match state.Data with
      | Some g ->
          if List.isEmpty g.Value then Problem.at g.At "RS0113" g.Keyword "must list at least one data set; got []"
          yield! dataProblems state g
      | None -> ()
      yield! combinationProblems state
      yield! stableStepProblems state
      yield! sharpnessProblems state
      yield! comparisonProblems state ]
    |> List.sortBy (fun p -> p.Position.Line)
