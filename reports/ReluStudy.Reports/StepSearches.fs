/// The searches for the largest stable step (P11, P11b): per run the probes taken, the bracket they give and the two
/// predictions beside it — 2/S(W(0)), the run's own curvature at initialisation, and the tangent kernel's ceiling — with
/// the step found as a multiple of each; then which prediction describes the step across the swept axis
/// (StepPredictionRule). One table each for the page and the paper.
module ReluStudy.Reports.StepSearches

open System.Globalization
open System.Text
open ReluStudy.Core.Results
open ReluStudy.Core.Training
open ReluStudy.Core.Theory.Fits
open ReluStudy.Reports.Results

let private inv = CultureInfo.InvariantCulture
let private g4 (v: float) = v.ToString("G4", inv)
let private f2 (v: float) = v.ToString("F2", inv)
let private f3 (v: float) = v.ToString("F3", inv)
let private orDash (v: System.Nullable<float>) = if v.HasValue then g4 v.Value else "-"

/// The runs that searched, with their searches, by depth, width and seed.
let private searches (runs: RunResult list) =
    runs
    |> List.choose (fun r ->
        match r.Record.Summary with
        | null -> None
        | s when isNull s.StepSearch -> None
        | s -> Some(r, s.StepSearch))
    |> List.sortBy (fun (r, _) -> (deep r |> Option.map _.Depth |> Option.defaultValue 0), r.Width, r.Seed)

/// "0.001 stable, 1 unstable (k = 0), ...": the probes in the order taken.
let private probes (s: StepSearchResult) =
    s.Probes
    |> Seq.map (fun p ->
        if p.Stable then $"{g4 p.Step} stable"
        elif p.Outcome = "diverged" then $"{g4 p.Step} diverged"
        else
            let at = if p.FirstFailure.HasValue then $" (k = {p.FirstFailure.Value})" else ""
            $"{g4 p.Step} unstable{at}")
    |> String.concat ", "

/// A prediction's value on the run ("-" when the run did not record it: a folder written before 2/S(W(0)) was) and the
/// step found as a multiple of it.
let private predicted (r: RunResult) (p: StepPrediction) =
    let value = p.Of.Invoke r |> Option.ofNullable
    let ratio = StepPredictions.RatioOf(r, p) |> Option.ofNullable
    (value |> Option.map g4 |> Option.defaultValue "-"), (ratio |> Option.map f2 |> Option.defaultValue "-")

/// The first step of the smallest unstable probe that did not lower the loss ("-" when it has none: it diverged at once,
/// say, or the search found no unstable step).
let private failsAt (s: StepSearchResult) =
    s.Probes
    |> Seq.tryFind (fun p -> not p.Stable && System.Nullable p.Step = s.SmallestUnstable)
    |> Option.bind (fun p -> Option.ofNullable p.FirstFailure)
    |> Option.map string
    |> Option.defaultValue "-"

/// One row per run that searched: its label, the largest stable step and the smallest unstable one with the first of its
/// steps that did not lower the loss, each prediction and the step found as a multiple of it. Short headers, so that the
/// paper's table fits the text width; the caption and the page say what they are.
let table (runs: RunResult list) : Tables.Table option =
    match searches runs with
    | [] -> None
    | found ->
        let rows =
            [ for r, s in found ->
                  let onSharpness, bySharpness = predicted r StepPredictions.Sharpness
                  let onCeiling, byCeiling = predicted r StepPredictions.KernelCeiling
                  [ label r; orDash s.LargestStable; orDash s.SmallestUnstable; failsAt s; onSharpness; onCeiling; bySharpness; byCeiling ] ]
        Some(Tables.table "The largest stable step eta* of each run's search, the smallest unstable step and the first of its steps k that did not lower the loss, beside 2/S(W(0)) and the limit kernel's ceiling, and eta* as a multiple of each (eta* S/2 = eta* S(W(0))/2)"
                 [ "run"; "eta*"; "unstable"; "fails at k"; "2/S(W(0))"; "ceiling"; "eta* S/2"; "eta*/ceiling" ] rows)

/// Each run's probes in the order taken, apart from the table above so that both fit a page.
let probeTable (runs: RunResult list) : Tables.Table option =
    match searches runs with
    | [] -> None
    | found -> Some(Tables.table "The probes of each run's search, in the order taken" [ "run"; "probes (in order)" ] [ for r, s in found -> [ label r; probes s ] ])

/// Which prediction describes the step across each swept axis, for the fits the study declares (StepPredictionRule).
let agreements (declaration: StudyDeclaration) (runs: RunResult list) =
    StepPredictionRule.For(runs, System.Func<string, bool>(fun p -> declaration.Fits p)) |> List.ofSeq

/// "widths", or "widths (n=200, ...)" when the study fits more than one group of runs along the axis.
let private against (all: PredictionAgreement list) (a: PredictionAgreement) =
    let settings = all |> List.filter (fun x -> x.Axis = a.Axis) |> List.map _.Setting |> List.distinct
    if settings.Length <= 1 then a.Axis.Plural else $"{a.Axis.Plural} ({a.Setting})"

/// Where a run's search met instability: the smallest unstable probe's first step that did not lower the loss. At k = 0
/// or 1 the step is unstable at W(0) itself, where 2/S(W(0)) speaks; later, it became unstable as training changed the
/// curvature, which neither prediction sees. One sentence with each group's η*·S(W(0))/2.
let private whereUnstable (runs: RunResult list) =
    let found =
        [ for r, s in searches runs do
              match Option.ofNullable s.SmallestUnstable, Option.ofNullable (StepPredictions.RatioOf(r, StepPredictions.Sharpness)) with
              | Some step, Some ratio ->
                  let probe = s.Probes |> Seq.find (fun p -> not p.Stable && p.Step = step)
                  if probe.FirstFailure.HasValue then probe.FirstFailure.Value, ratio
              | _ -> () ]
    let early, late = found |> List.partition (fun (k, _) -> k <= 1)
    let span (xs: (int * float) list) = $"{f2 (xs |> List.map snd |> List.min)} to {f2 (xs |> List.map snd |> List.max)}"
    if found.IsEmpty then ""
    else
        let first = if early.IsEmpty then "" else $"In {early.Length} of {found.Length} runs the smallest unstable step failed at k = 0 or 1, unstable at W(0) itself, where 2/S(W(0)) applies: eta* S(W(0))/2 from {span early} there. "
        let later =
            if late.IsEmpty then ""
            else
                let ks = late |> List.map fst
                $"In {late.Length} it failed later (k = {List.min ks} to {List.max ks}): the step became unstable as training changed the curvature, which neither prediction sees; eta* S(W(0))/2 from {span late} there."
        (first + later).Trim() + "\n\n"

/// The rule's verdicts as a table: per prediction and axis the ratio's level and range, its slope with the 90 % interval
/// the equivalence test reads, the tests' p-values and the verdict.
let ruleTable (agreements: PredictionAgreement list) : Tables.Table option =
    if agreements.IsEmpty then None
    else
        let rows =
            [ for a in agreements ->
                  let slope, interval =
                      match a.Fit with
                      | null -> "-", "-"
                      | fit ->
                          let struct (low, high) = a.Interval
                          f3 fit.Exponent, (if fit.Slope.HasInterval then $"[{f3 low}, {f3 high}]" else "-")
                  let p (v: float) = if System.Double.IsNaN v then "-" else v.ToString("G2", inv)
                  let tost = a.Equivalence |> Option.ofObj |> Option.map (fun e -> p e.P) |> Option.defaultValue "-"
                  [ a.Prediction.Symbol; against agreements a; $"{f2 a.GeometricMean} ({f2 a.MinRatio}-{f2 a.MaxRatio})"; slope; interval; tost
                    p a.AdjustedPValue; a.VerdictText ] ]
        let margin = StepPredictionRule.Margin.ToString(inv)
        let t =
            Tables.table ("Which prediction describes the largest stable step: eta*/prediction (geometric mean and range), its log-log slope against the axis with the 90 % t interval over the seeds' slopes, TOST's p-value of |slope| < " + margin + ", and the p-value of slope 0 adjusted by Benjamini-Hochberg")
                [ "prediction"; "across"; "eta*/prediction"; "slope"; "90 % interval"; "TOST p"; "p (slope 0)"; "verdict" ] rows
        Some { t with Bold = [ 7 ] }

/// One sentence per axis: which predictions describe the step, with the numbers.
let summary (agreements: PredictionAgreement list) =
    [ for _, found in agreements |> List.groupBy (fun a -> a.Axis.Plural, a.Setting) do
          let one (a: PredictionAgreement) =
              let slope =
                  match a.Fit with
                  | null -> ""
                  | fit when fit.Slope.HasInterval ->
                      let struct (low, high) = a.Interval
                      $", the ratio's slope {f3 fit.Exponent} [{f3 low}, {f3 high}]"
                  | fit -> $", the ratio's slope {f3 fit.Exponent}"
              $"{a.Prediction.Symbol}: {a.VerdictText} (eta*/prediction {f2 a.MinRatio} to {f2 a.MaxRatio}{slope})"
          let which =
              match found |> List.filter _.Describes with
              | [] when found |> List.forall (fun a -> a.Verdict = Verdict.Inconsistent) -> "neither prediction describes eta*"
              | [] -> "neither prediction is shown to describe eta*"
              | [ a ] -> $"{a.Prediction.Symbol} describes eta*"
              | _ -> "both predictions describe eta*"
          $"Across {against agreements found.Head}: {which}: " + (found |> List.map one |> String.concat "; ") + "." ]
    |> String.concat " "

/// The kernel ceiling's own log-log slope against each axis the searches sweep (width, depth): what the tangent kernel
/// predicts for the fitted exponent, to read beside it.
let ceilingSlopes (runs: RunResult list) =
    let found = searches runs |> List.filter (fun (_, s) -> s.KernelCeiling.HasValue)
    [ for axis in [ SweepAxis.Width; SweepAxis.Depth ] do
          let points =
              [ for r, s in found do
                    match Option.ofNullable (axis.Of.Invoke r) with
                    | Some x when x > 0.0 -> struct (log x, log s.KernelCeiling.Value)
                    | _ -> () ]
              |> List.distinct
          if (points |> List.map (fun struct (x, _) -> x) |> List.distinct |> List.length) >= 2 then
              let struct (_, slope) = ReluStudy.Core.Numerics.LeastSquares.Line(ResizeArray points)
              axis, slope ]

/// The page's section: the rule, the table, then which prediction describes the step.
let section (b: StringBuilder) (found: PredictionAgreement list) (runs: RunResult list) =
    match table runs with
    | None -> ()
    | Some t ->
        b.Append("## The largest stable step\n\n") |> ignore
        b.Append("Each run searched for its largest stable step eta*: every probe trains the run's own initialisation for the run's iterations at one step, and a step is stable when every one of its steps lowers the training loss (a step that leaves it unchanged means no gradient flows: a dead network). The search probes the range's start, then its end, then bisects geometrically; the largest stable and smallest unstable probes bracket the threshold, and the run's curves above are its largest stable probe. A run whose whole range was stable (or unstable) gives no value to the fits.\n\n") |> ignore
        b.Append("Beside it, two predictions ([theory](../theory.html), section 8): `2/S(W(0))`, where gradient descent on the loss's quadratic model at the run's own initialisation stops being stable (S(W(0)) the loss Hessian's top eigenvalue there, measured once before the probes), and the step at which gradient descent with the infinite-width tangent kernel stops being stable, `8 n / (m lambda_max(K_inf))` for cross-entropy (section 6). In the table, `unstable` is the smallest unstable step probed and `fails at k` the first of its steps that did not lower the loss; `eta* S/2` = eta* S(W(0))/2 and `eta*/ceiling` are the step found as a multiple of each prediction; the probes are listed after it.\n\n") |> ignore
        b.Append(Tables.markdown t).Append("\n") |> ignore
        for axis, slope in ceilingSlopes runs do
            b.Append(System.String.Format(inv, "The kernel ceiling against {0}: slope {1:F2} on log-log axes (the exponent the tangent kernel predicts for the fit below).\n\n", axis.Label, slope)) |> ignore
        b.Append(whereUnstable runs) |> ignore
        probeTable runs |> Option.iter (fun p -> b.Append(Tables.markdown p).Append("\n") |> ignore)
        match ruleTable found with
        | None -> ()
        | Some rule ->
            b.Append("### Which prediction describes the largest stable step\n\n") |> ignore
            b.Append(System.String.Format(inv, "A prediction describes eta* across an axis when eta*/prediction has no trend along it: the ratio's log-log slope, fitted seed by seed, lies within ±{0} by the two one-sided t tests at {1} (its 90 % interval inside ±{0}; TOST p ≤ {1}). It does not describe it when the t test of slope 0, adjusted by Benjamini-Hochberg across this study's predictions, rejects at {1}; otherwise the page cannot tell. A constant factor (the ratio's level) is allowed; a trend is not. The rule's error rates are measured by simulation (section 8).\n\n",
                                          StepPredictionRule.Margin, StepPredictionRule.Level)) |> ignore
            b.Append(Tables.markdown rule).Append("\n") |> ignore
            b.Append("**").Append(summary found).Append("**\n\n") |> ignore
