/// A study page's methods: what the study declared, the first run's configuration, every run with its status and time,
/// the runs that failed or broke down and why, and the software and machine.
module ReluStudy.Reports.Methods

open System.Text
open ReluStudy.Core.Results
open ReluStudy.Core.Training
open ReluStudy.Reports.Results

/// One section of run.json as its keys and values, for display.
let private shown (r: RunResult) (section: string) = RunRecordFile.Section(r.Record, section) |> Seq.map (fun struct (k, v) -> k, v) |> List.ofSeq

let section (b: StringBuilder) (study: Study) =
    b.Append("## Methods\n\n") |> ignore
    let d = study.Declaration
    let listed (xs: 'T seq) = xs |> Seq.map string |> String.concat ", "
    let declared =
        [ "summary", d.Summary
          "track", (match d.Track with null -> "" | t -> listed t)
          "compare", (match d.Compare with null -> "" | c -> listed c)
          "baselines", listed d.Baselines ]
        |> List.filter (fun (_, v) -> v <> "")
    if not declared.IsEmpty then
        b.Append("Declared:\n\n") |> ignore
        for key, value in declared do b.Append($"- {key}: {value}\n") |> ignore
        b.Append("\n") |> ignore
    match study.Runs with
    | [] -> b.Append("No runs.\n") |> ignore
    | first :: _ ->
        let configured = shown first "config" |> List.filter (fun (k, _) -> k <> "train_source" && k <> "test_source" && k <> "widths")
        b.Append("Configuration of the first run (the sweep varies the columns of the run table):\n\n| setting | value |\n|---|---|\n") |> ignore
        for key, value in configured do
            let cell = value.Replace("|", "/").Replace("\n", " ")
            b.Append($"| {key} | {cell} |\n") |> ignore
        b.Append("\nEach finished run's regime is decided by the rules of [the theory page](../theory.html) (section 10) from what it recorded; the figures mark it where the run's curve ends.\n") |> ignore
        let inv = System.Globalization.CultureInfo.InvariantCulture
        // A run given a multiple c of its critical step trains at its own eta = c * 2/lambda(W(0)): the table shows each one.
        let multiples = study.Runs |> List.exists (fun r -> deep r |> Option.exists _.StepMultiple.HasValue)
        let step (r: RunResult) =
            match deep r with
            | Some c when c.StepMultiple.HasValue ->
                System.String.Format(inv, " {0:G4} = {1:G4} x 2/{2:G6} |", c.Step, c.StepMultiple.Value, c.CriticalCurvature.GetValueOrDefault nan)
            | _ -> System.String.Format(inv, " {0:G4} |", r.Config.Step)
        let curvature =
            study.Runs |> List.choose (fun r -> deep r |> Option.filter _.StepMultiple.HasValue |> Option.map (fun c -> StepCurvatures.Symbol c.Curvature))
            |> List.distinct |> String.concat " or "
        if multiples then b.Append($"\n| run | id | status | step (c x 2/{curvature}) | regime | why | seconds |\n|---|---|---|---|---|---|---|\n") |> ignore
        else b.Append("\n| run | id | status | regime | why | seconds |\n|---|---|---|---|---|---|\n") |> ignore
        for r in study.Runs do
            let seconds = match r.Record.Summary with null -> "" | s -> s.Seconds.ToString("R", inv)
            let regime, why =
                match regime r with
                | Some(g, reason) -> RegimeMarks.cell g, reason.Replace("|", "/")
                | None -> "", ""
            let stepCell = if multiples then step r else ""
            b.Append($"| {label r} | {r.Id} | {r.Status.Name()} |{stepCell} {regime} | {why} | {seconds} |\n") |> ignore
        if not study.Undeclared.IsEmpty then
            let folders = String.concat ", " study.Undeclared
            b.Append($"\n{study.Undeclared.Length} run folder(s) from an earlier declaration of this study are not shown (not in its study.json): {folders}.\n") |> ignore
        let troubled = study.Runs |> List.filter (fun r -> r.Status = RunStatus.Failed || r.Status.BrokeDown())
        if not troubled.IsEmpty then
            b.Append("\nFailed, diverged and collapsed runs:\n\n") |> ignore
            for r in troubled do
                let message = match r.Record.Message with null -> "" | m -> m
                b.Append($"- {label r} ({r.Id}): {r.Status.Name()}: {message}\n") |> ignore
        b.Append("\nSoftware and machine (first run):\n\n") |> ignore
        for key, value in shown first "software" @ shown first "machine" do b.Append($"- {key}: {value}\n") |> ignore
