/// Lewkowycz et al.'s phases on a study whose runs train at multiples c of their own critical step 2/lambda_GN(W(0)): per
/// run its regime, how far its loss rose and when, and where its Gauss-Newton top ended against lambda_GN(W(0)); then the
/// c at which each phase begins, measured on these runs. One table for the page and the paper.
module ReluStudy.Reports.StepPhases

open System.Globalization
open System.Text
open ReluStudy.Core.Results
open ReluStudy.Core.Training
open ReluStudy.Reports.Results

let private inv = CultureInfo.InvariantCulture

/// One run at a step multiple as the table, the figure and the thresholds read it.
type Phase =
    { Run: RunResult
      Multiple: float
      /// lambda_GN(W(0)), run.json's critical_curvature
      Curvature: float option
      /// none while the run has not finished
      Regime: Regime option
      /// the largest logged loss over the first logged one and its iteration; none when no logged loss exceeded the first
      Peak: (float * int) option
      /// the last measured Gauss-Newton top over lambda_GN(W(0)) and its iteration
      GaussNewton: (float * int) option
      LastIteration: int option
      /// the sweep values other than the step and the seed (width, depth, data set), which the thresholds keep apart
      Setting: string }

/// The run's logged losses that are numbers, in order.
let private losses (r: RunResult) =
    [ for row in r.Rows do
          match Option.ofNullable row[MetricColumns.Loss] with
          | Some loss when System.Double.IsFinite loss -> row.Iteration, loss
          | _ -> () ]

let private peak (r: RunResult) =
    match losses r with
    | (_, start) :: _ as all when start > 0.0 ->
        let k, top = all |> List.maxBy snd
        if top > start then Some(top / start, k) else None
    | _ -> None

let private gaussNewton (r: RunResult) (curvature: float option) =
    let last = r.SharpnessRows |> Seq.filter (fun row -> row.Has MetricColumns.GaussNewton) |> Seq.tryLast
    match curvature, last with
    | Some lambda, Some row when lambda > 0.0 -> Some(row[MetricColumns.GaussNewton].Value / lambda, row.Iteration)
    | _ -> None

/// The Trainer stops a run that diverges or collapses before it logs that step, so its rows end one step (or more, between
/// logged rows) early; its message names the step (StopMessage reads it, beside the words that write it).
let private lastIteration (r: RunResult) =
    let logged = r.Rows |> Seq.tryLast |> Option.map _.Iteration
    if r.Status.BrokeDown() then
        match Option.ofNullable (ReluStudy.Core.Training.StopMessage.Iteration r.Record.Message) with
        | Some k -> Some k
        | None -> logged
    else logged

let private setting (r: RunResult) =
    r.Axes |> Seq.filter (fun a -> a.Key <> "optimizer" && a.Key <> "seed") |> Seq.sortBy _.Key
    |> Seq.map (fun a -> $"{a.Key}={a.Value}") |> String.concat " "

/// Every run of the study given a step multiple, by setting, multiple and seed.
let phases (runs: RunResult list) =
    [ for r in runs do
          match deep r with
          // The phases are Lewkowycz et al.'s, against the linearised model's edge: multiples of 2/S(W(0)) are the sharpness claims'.
          | Some c when c.StepMultiple.HasValue && c.Curvature = ReluStudy.Core.Training.StepCurvature.GaussNewton ->
              let curvature = Option.ofNullable c.CriticalCurvature
              { Run = r; Multiple = c.StepMultiple.Value; Curvature = curvature; Regime = regime r |> Option.map fst; Peak = peak r
                GaussNewton = gaussNewton r curvature; LastIteration = lastIteration r; Setting = setting r }
          | _ -> () ]
    |> List.sortBy (fun p -> p.Setting, p.Multiple, p.Run.Seed)

/// Whether the run converged, by the regime rules' definition (the catapult's "then converges").
let converged (p: Phase) = ReluStudy.Core.Theory.Regimes.RegimeRules.Converged p.Run

let private g (digits: int) (v: float) = v.ToString($"G{digits}", inv)

/// Three digits, and a power of ten where G3 would print one in .NET's "E+04" form or a long run of zeros.
let private short (v: float) = if v >= 1000.0 || (v > 0.0 && v < 1e-3) then v.ToString("0.##e0", inv) else g 3 v

/// One row per run at a step multiple; <paramref name="cell"/> writes the regime (the page's coloured glyph, the paper's
/// name). Short headers, so that the paper's table fits the text width; the caption and the page say what they are.
let table (cell: Regime -> string) (runs: RunResult list) : Tables.Table option =
    match phases runs with
    | [] -> None
    | found ->
        let settings = found |> List.map _.Setting |> List.distinct
        let rows =
            [ for p in found ->
                  [ if settings.Length > 1 then p.Setting
                    g 4 p.Multiple; string p.Run.Seed; g 4 p.Run.Config.Step
                    p.Curvature |> Option.map (g 6) |> Option.defaultValue "-"
                    p.Regime |> Option.map cell |> Option.defaultValue ""
                    (match p.Peak with Some(v, k) -> $"{short v} ({k})" | None -> "none")
                    (match p.GaussNewton with Some(v, k) -> $"{short v} ({k})" | None -> "-")
                    p.Run.Status.Name()
                    p.LastIteration |> Option.map string |> Option.defaultValue "-" ] ]
        let header = [ if settings.Length > 1 then "setting" ] @ [ "c"; "seed"; "eta"; "lambda_GN"; "regime"; "peak (k)"; "GN/lambda_GN (k)"; "status"; "last k" ]
        Some(Tables.table "Each run at a multiple c of its critical step: its step eta = c x 2/lambda_GN(W(0)) and lambda_GN(W(0)) (the squared loss's lambda0), its regime, the largest logged loss over L_S(W(0)) and the iteration k it was logged at (none: no logged loss exceeded the first), the Gauss-Newton top eigenvalue over lambda_GN(W(0)) at its last measurement and that measurement's k, its status and its last iteration (for a diverged or collapsed run, the step that broke down)"
                 header rows)

let private list (cs: float list) = cs |> List.map (g 4) |> String.concat ", "

/// One sentence of one setting's thresholds, each a c of the table's rows; then the multiples at which seeds disagree.
let private sentence (found: Phase list) =
    let byMultiple = found |> List.filter _.Regime.IsSome |> List.groupBy _.Multiple |> List.sortBy fst
    let every f = byMultiple |> List.filter (fun (_, ps) -> List.forall f ps) |> List.map fst
    let some f = byMultiple |> List.filter (fun (_, ps) -> List.exists f ps) |> List.map fst
    let isIn regime (p: Phase) = p.Regime = Some regime
    let brokeDown (p: Phase) = p.Run.Status.BrokeDown()
    let lazyEverywhere, catapulted = every (isIn Regime.Lazy), some (isIn Regime.Catapult)
    let convergedEverywhere, brokenSomewhere = every converged, some brokeDown
    let lazyText =
        match lazyEverywhere with
        | [] -> "at no c was every run lazy"
        | cs -> $"the largest c at which every run was lazy is {g 4 (List.max cs)}"
    let catapultText =
        match catapulted with
        | [] -> "no run catapulted"
        | cs -> $"the smallest c at which a run catapulted is {g 4 (List.min cs)}"
    let convergedText =
        match convergedEverywhere with
        | [] -> "at no c did every run converge"
        | cs -> $"the largest c at which every run converged is {g 4 (List.max cs)}"
    let brokenText =
        match brokenSomewhere with
        | [] -> "no run diverged or collapsed"
        | cs ->
            let c = List.min cs
            let how = found |> List.filter (fun p -> p.Multiple = c && brokeDown p) |> List.map (fun p -> p.Run.Status.Name()) |> List.distinct |> String.concat ", "
            $"the smallest c at which a run diverged or collapsed is {g 4 c} ({how})"
    // The multiples between the two thresholds, where a reader would otherwise wonder what happened.
    let between =
        match convergedEverywhere, brokenSomewhere with
        | _ :: _, _ :: _ ->
            let low, high = List.max convergedEverywhere, List.min brokenSomewhere
            match byMultiple |> List.map fst |> List.filter (fun c -> c > low && c < high) with
            | [] -> ""
            | cs -> $"; at c = {list cs}, between them, no run diverged or collapsed but not every run converged"
        | _ -> ""
    let disagreements =
        [ for c, ps in byMultiple do
              let regimes = ps |> List.map _.Regime |> List.distinct
              let outcomes = ps |> List.map converged |> List.distinct
              if regimes.Length > 1 || outcomes.Length > 1 then
                  let each (p: Phase) =
                      let regime = p.Regime.Value.Name()
                      if outcomes.Length > 1 && regimes.Length = 1 then $"seed {p.Run.Seed}: {regime}, " + (if converged p then "converged" else "did not converge")
                      else $"seed {p.Run.Seed}: {regime}"
                  let seeds = ps |> List.map each |> String.concat "; "
                  $"c = {g 4 c} ({seeds})" ]
    if byMultiple.IsEmpty then ""
    else
        let first = $"{lazyText}; {catapultText}; {convergedText}; {brokenText}{between}."
        match disagreements with
        | [] -> first
        | [ d ] -> $"{first} Seeds disagree at {d}."
        | ds -> $"""{first} Seeds disagree at {String.concat ", " (List.take (ds.Length - 1) ds)} and {List.last ds}."""

/// The thresholds of each setting, measured on the finished runs ("" when none has finished).
let thresholds (runs: RunResult list) =
    let bySetting = phases runs |> List.groupBy _.Setting
    [ for setting, found in bySetting do
          match sentence found with
          | "" -> ()
          | text ->
              let said = if bySetting.Length > 1 then $"At {setting}: {text}" else text
              string (System.Char.ToUpperInvariant said[0]) + said[1..] ]
    |> String.concat " "

/// The page's section: what c is, the thresholds, the figure and the table; the figure, for the page's charts.
let section (b: StringBuilder) (runs: RunResult list) : Charts.Figure option =
    match table RegimeMarks.cell runs with
    | None -> None
    | Some t ->
        let found = phases runs
        b.Append("## Regime against the step multiple\n\n") |> ignore
        b.Append("Each run trained at a multiple c of its own critical step: eta = c x 2/lambda_GN(W(0)), lambda_GN(W(0)) the top eigenvalue of the loss Hessian's Gauss-Newton part at the run's initialisation (for the squared loss Lewkowycz et al.'s lambda0 = lambda_max(Theta_hat(0))/n, and c their eta lambda0/2). Their phases: below c = 1 the linearised model converges (lazy); above it the loss first rises, the kernel's top eigenvalue falls below 2/eta and training converges (the catapult); far above, GD diverges ([theory](../theory.html), section 10). Here each run's regime is decided by the rules of section 10 from what it recorded, and the thresholds below are read off these runs.\n\n") |> ignore
        b.Append("In the table, `lambda_GN` is lambda_GN(W(0)); `peak (k)` is the largest logged loss as a multiple of L_S(W(0)) and the iteration it was logged at (`none`: no logged loss exceeded the first); `GN/lambda_GN (k)` the Gauss-Newton top eigenvalue at the run's last measurement of it, over lambda_GN(W(0)), and that measurement's iteration (`-`: not measured); `last k` the last iteration, for a diverged or collapsed run the step that broke down (its rows stop before it). A run converged when it stopped at its target loss or at zero training error, or ran its budget and ended with its loss, and its training error where logged, below their starts (the catapult rule's convergence; [the theory page](../theory.html), section 10).\n\n") |> ignore
        let measured = thresholds runs
        if measured <> "" then b.Append("**").Append(measured).Append("**\n\n") |> ignore
        let points =
            [ for p in found do
                  match p.Regime with
                  | Some regime -> { PhaseFigure.Multiple = p.Multiple; PhaseFigure.Regime = regime; PhaseFigure.Seed = p.Run.Seed; PhaseFigure.Run = p.Run.Id }
                  | None -> () ]
        let figure = PhaseFigure.figure points
        Page.chart b figure
        b.Append(Tables.markdown t).Append("\n") |> ignore
        Some figure
