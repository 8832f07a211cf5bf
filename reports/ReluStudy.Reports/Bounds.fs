/// The theory beside a study's runs: each data set checked against the papers' assumptions with every paper's required
/// width and iterations (data/*.json), and each width's step against the tangent kernel's stability ceiling.
module ReluStudy.Reports.Bounds

open System.Globalization
open System.Text
open ReluStudy.Core.Results
open ReluStudy.Core.Theory.Bounds
open ReluStudy.Reports.Results

let private inv = CultureInfo.InvariantCulture

/// Per data set the runner checked: the paragraphs on its assumptions and each paper's requirement, and the table of
/// requirements (none when an assumption fails).
let checks (s: Study) : (string * Tables.Table option) list =
    let f (v: float) = v.ToString("G4", inv)
    let joined (xs: int list) = if xs.IsEmpty then "none" else xs |> List.map string |> String.concat ", "
    let widths = s.Runs |> List.map _.Width |> List.distinct |> List.sort
    let zeroError =
        s.Runs
        |> List.filter (fun r -> r.Rows |> Seq.exists (fun row -> row[MetricColumns.TrainError] = System.Nullable 0.0))
        |> List.map _.Width |> List.distinct |> List.sort
    let depth = s.Runs |> List.tryHead |> Option.bind deep |> Option.map (fun c -> float c.Depth) |> Option.defaultValue 1.0
    [ for check in s.DataChecks do
          let b = StringBuilder()
          let n, phi, lambda0 = float check.N, check.Phi, check.Lambda0
          let holds = if check.Assumption41Holds then "holds" else "fails"
          b.Append($"Data {check.Dataset}: n = {n}, d = {float check.D}, norms in [{f check.MinNorm}, {f check.MaxNorm}] (Assumption 4.1 {holds}), ") |> ignore
          b.Append($"phi = {f phi} (Assumption 4.2), lambda0 = lambda_min(H_inf) = {f lambda0}, lambda_max = {f check.LambdaMax}.\n\n") |> ignore
          if phi > 0.0 && lambda0 > 0.0 then
              let inputs = BoundInputs(n, depth, phi, lambda0, 0.1, log 2.0 / n)
              let widest = log10 (float (List.max widths))
              b.Append($"Each paper's requirement for this data at L = {depth}, delta = 0.1 and epsilon = log 2 / n (zero training error), as orders of magnitude with constants and log factors set to 1 (`?` unconfirmed), ") |> ignore
              b.Append($"next to the widths studied ({joined widths}) and those that reached zero training error ({joined zeroError}):\n\n") |> ignore
              let zczg = TheoremBounds.For inputs |> Seq.find (fun p -> p.Key = "ZCZG-ML")
              let required = zczg.Width.Log10.Value
              let requiredText, gapText = required.ToString("F1", inv), (required - widest).ToString("F1", inv)
              b.Append($"**Zou et al.'s theorem asks for m of order 10^{requiredText} on this data; the widest network studied has m = {List.max widths}: a gap of {gapText} orders of magnitude.**\n\n") |> ignore
              let rows =
                  [ for p in TheoremBounds.For inputs do
                        let cell (o: OrderOfMagnitude) =
                            let mark = if o.Confidence = Confidence.Unconfirmed then "?" else ""
                            if o.Log10.HasValue then "10^" + o.Log10.Value.ToString("F1", inv) + mark else "unknown" + mark
                        let gap = if p.Width.Log10.HasValue then (p.Width.Log10.Value - widest).ToString("F1", inv) + " orders of magnitude" else "-"
                        [ p.Key; cell p.Width; cell p.Iterations; gap ] ]
              let caption = $"Each paper's requirement on {check.Dataset} (n = {n}, L = {depth}), orders of magnitude with constants set to 1 (? unconfirmed), against the widest network studied (m = {List.max widths})"
              b.ToString(), Some(Tables.table caption [ "paper"; "required width"; "iterations"; "gap to the widest network studied" ] rows)
          else
              b.Append("An assumption fails (phi = 0 or H_inf singular): no theorem's bound applies to this data.\n\n") |> ignore
              b.ToString(), None ]

/// The data checks and each paper's requirement beside the widths studied.
let section (b: StringBuilder) (s: Study) =
    match checks s with
    | [] -> ()
    | found ->
        b.Append("## Theory and bounds\n\n") |> ignore
        for text, table in found do
            b.Append(text) |> ignore
            table |> Option.iter (fun t -> b.Append(Tables.markdown t).Append("\n") |> ignore)

/// Each run's step against 2/S(W(0)), its own quadratic model's stability limit at initialisation (run.json's
/// stable_step_predicted), for the runs of one width and eta*m: "-" when none recorded it, else the seeds' value or range.
let private ownLimit (runs: RunResult list) (width, etaM) =
    let own =
        runs
        |> List.filter (fun r -> r.Width = width && deep r |> Option.exists (fun c -> c.StepTimesWidth = etaM))
        |> List.choose (fun r ->
            match r.Record.Summary, deep r with
            | null, _ | _, None -> None
            | s, Some c when s.StableStepPredicted.HasValue -> Some(r.Seed, c.Step, s.StableStepPredicted.Value)
            | _ -> None)
        |> List.sortBy (fun (seed, _, _) -> seed)
    let range (values: float list) =
        let lo, hi = List.min values, List.max values
        if values.Length = 1 || lo = hi then System.String.Format(inv, "{0:G4}", lo)
        else System.String.Format(inv, "{0:G4} to {1:G4} ({2} seeds)", lo, hi, values.Length)
    match own with
    | [] -> "-", "-", ""
    | _ ->
        let above = own |> List.filter (fun (_, eta, limit) -> eta >= limit) |> List.map (fun (seed, _, _) -> string seed)
        let verdict =
            if above.IsEmpty then "below"
            else
                let seeds = String.concat ", " above
                $"**above for seed {seeds}: starts past its quadratic model's limit**"
        range (own |> List.map (fun (_, _, limit) -> limit)), range (own |> List.map (fun (_, eta, limit) -> eta / limit)), verdict

/// Each width's eta*m against the largest at which the tangent kernel's prediction is stable (run.json's tangent_kernel),
/// and, where the runs measured their sharpness, each width's eta against its own 2/S(W(0)).
let stepCheck (b: StringBuilder) (runs: RunResult list) =
    let checks =
        runs
        |> List.choose (fun r ->
            match r.Record.Summary, deep r with
            | null, _ -> None
            | summary, Some c when not (isNull summary.TangentKernel) -> Some((r.Width, c.StepTimesWidth), summary.TangentKernel.MaxStableStepTimesWidth)
            | _ -> None)
        |> List.distinctBy fst
        |> List.sortBy fst
    let sharpness = runs |> List.exists (fun r -> not (isNull r.Record.Summary) && r.Record.Summary.StableStepPredicted.HasValue)
    if not checks.IsEmpty then
        b.Append("## Step size against the stability ceiling\n\n") |> ignore
        b.Append("Gradient descent in function space with the infinite-width kernel is stable while `eta * m < 2 n / (max l'' * lambda_max(K_inf))` (8 n / lambda_max for cross-entropy); above it the lazy-regime predictions drawn beside the figures do not describe the runs ([theory](../theory.html), section 6).") |> ignore
        if sharpness then
            b.Append(" The finite network's own limit at its initialisation is `eta < 2/S(W(0))`, S(W(0)) the loss Hessian's top eigenvalue there (gradient descent on the loss's quadratic model at W(0) is stable exactly below it; section 8): each width's step against it, over its seeds.") |> ignore
            b.Append("\n\n| width m | eta*m | largest stable eta*m | | eta | 2/S(W(0)) | eta S(W(0))/2 | |\n|---|---|---|---|---|---|---|---|\n") |> ignore
        else b.Append("\n\n| width m | eta*m | largest stable eta*m | |\n|---|---|---|---|\n") |> ignore
        for (width, etaM), ceiling in checks do
            let verdict = if etaM < ceiling then "below" else "**above: the predictions do not apply**"
            b.Append(System.String.Format(inv, "| {0} | {1:G4} | {2:G4} | {3} |", width, etaM, ceiling, verdict)) |> ignore
            if sharpness then
                let limit, multiple, own = ownLimit runs (width, etaM)
                b.Append(System.String.Format(inv, " {0:G4} | {1} | {2} | {3} |", etaM / float width, limit, multiple, own)) |> ignore
            b.Append("\n") |> ignore
        b.Append("\n") |> ignore
        for (width, etaM), ceiling in checks |> List.filter (fun ((_, etaM), ceiling) -> etaM >= ceiling) do
            b.Append(System.String.Format(inv, "**Warning: m = {0}: eta*m = {1:G4} is above the stability ceiling {2:G4}.**\n\n", width, etaM, ceiling)) |> ignore
