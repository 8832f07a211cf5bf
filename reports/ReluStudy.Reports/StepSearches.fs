/// The searches for the largest stable step (P11, P11b): per run the probes taken, the bracket they give and the tangent
/// kernel's ceiling beside it; one table for the page and the paper.
module ReluStudy.Reports.StepSearches

open System.Globalization
open System.Text
open ReluStudy.Core.Results
open ReluStudy.Core.Training
open ReluStudy.Reports.Results

let private inv = CultureInfo.InvariantCulture
let private g4 (v: float) = v.ToString("G4", inv)
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

/// One row per run that searched: its label, the largest stable and smallest unstable step, the kernel's ceiling and the
/// measured step as a multiple of it, and the probes.
let table (runs: RunResult list) : Tables.Table option =
    match searches runs with
    | [] -> None
    | found ->
        let rows =
            [ for r, s in found ->
                  let ratio =
                      if s.LargestStable.HasValue && s.KernelCeiling.HasValue then (s.LargestStable.Value / s.KernelCeiling.Value).ToString("F2", inv) else "-"
                  [ label r; orDash s.LargestStable; orDash s.SmallestUnstable; orDash s.KernelCeiling; ratio; probes s ] ]
        Some(Tables.table "The largest stable step: each run's search"
                 [ "run"; "largest stable eta"; "smallest unstable eta"; "kernel ceiling eta"; "stable / ceiling"; "probes (in order)" ] rows)

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

/// The page's section: the rule, then the table.
let section (b: StringBuilder) (runs: RunResult list) =
    match table runs with
    | None -> ()
    | Some t ->
        b.Append("## The largest stable step\n\n") |> ignore
        b.Append("Each run searched for its largest stable step: every probe trains the run's own initialisation for the run's iterations at one step, and a step is stable when every one of its steps lowers the training loss (a step that leaves it unchanged means no gradient flows: a dead network). The search probes the range's start, then its end, then bisects geometrically; the largest stable and smallest unstable probes bracket the threshold, and the run's curves above are its largest stable probe. Beside it, the step at which gradient descent with the infinite-width tangent kernel stops being stable, `8 n / (m lambda_max(K_inf))` for cross-entropy ([theory](../theory.html), section 6). A run whose whole range was stable (or unstable) gives no value to the fits.\n\n") |> ignore
        b.Append(Tables.markdown t).Append("\n") |> ignore
        for axis, slope in ceilingSlopes runs do
            b.Append(System.String.Format(inv, "The kernel ceiling against {0}: slope {1:F2} on log-log axes (the exponent the tangent kernel predicts for the fit below).\n\n", axis.Label, slope)) |> ignore
