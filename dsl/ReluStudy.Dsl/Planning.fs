/// Shared by running and submitting: a study's plan against the results folder, and its printout.
namespace ReluStudy.Dsl

open System
open System.Globalization
open ReluStudy.Core.Results
open ReluStudy.Core.Training
open ReluStudy.Core.Studies

/// Where and how studies run.
type RunOptions =
    { /// Root of the results: one folder per study, one per run (default $RELUSTUDY_RESULTS, else "results").
      Results: string
      Threads: int
      /// Run again the runs whose last attempt failed.
      RerunFailed: bool
      Interactive: bool }

module internal Planning =
    let seconds (s: float) =
        if s < 90.0 then $"{s:F0} s"
        elif s < 5400.0 then $"{s / 60.0:F0} min"
        elif s < 172800.0 then $"{s / 3600.0:F1} h"
        else $"{s / 86400.0:F1} days"

    let check (studies: Study list) =
        match studies |> List.collect _.Problems with
        | [] -> ()
        | ps -> invalidArg "studies" (String.Join(Environment.NewLine, ps |> List.map string))

    let plan (options: RunOptions) (study: Study) =
        StudyPlanner.Plan(study.Name, ResizeArray study.Runs, options.Results, options.Threads, study.Declaration)

    /// One line per width whose eta*m is above the largest step at which the tangent kernel's prediction is stable.
    let stabilityWarnings (plan: StudyPlan) =
        plan.Runs
        // a step search crosses the ceiling by design
        |> Seq.filter (fun r -> r.MaxStableStepTimesWidth.HasValue && r.StepTimesWidth.Value >= r.MaxStableStepTimesWidth.Value && r.Spec.Probes = 1)
        |> Seq.distinctBy (fun r -> r.Spec.Width, r.StepTimesWidth.Value)
        |> Seq.map (fun r ->
            String.Format(
                CultureInfo.InvariantCulture,
                "  warning: m = {0}: eta*m = {1:G4} is above the stability ceiling {2:G4} (2n / (max l'' lambda_max) of the limit kernel): the lazy-regime predictions do not apply; lower the step",
                r.Spec.Width, r.StepTimesWidth.Value, r.MaxStableStepTimesWidth.Value))
        |> List.ofSeq

    /// One line per depth and width whose L/m is above the lazy range's rule: the fits leave such runs out, and far above it
    /// ReLU layers die at initialisation (the run collapses).
    let depthWarnings (plan: StudyPlan) =
        plan.Runs
        |> Seq.choose (fun r -> Option.ofObj r.Spec.Deep)
        |> Seq.map (fun d -> d.Widths.Count, d.MinWidth)
        |> Seq.distinct
        |> Seq.filter (fun (depth, width) -> float depth / float width > ReluStudy.Core.Theory.Fits.LazyRange.MaxDepthOverWidth)
        |> Seq.map (fun (depth, width) ->
            String.Format(
                CultureInfo.InvariantCulture,
                "  warning: L = {0}, m = {1}: L/m = {2:G3} is above {3:G3}: the fits leave these runs out, and far above it ReLU layers die at initialisation (the run collapses)",
                depth, width, float depth / float width, ReluStudy.Core.Theory.Fits.LazyRange.MaxDepthOverWidth))
        |> List.ofSeq

    /// What measuring sharpness adds to the runs still to run: its schedule (a step search's one S(W(0))) and rows, its
    /// FLOPs (every Lanczos run at its step limit) as a share of theirs, and the largest run's added memory; none when no
    /// run measures it.
    let sharpnessLine (plan: StudyPlan) =
        let runs = plan.Runs |> Seq.filter (fun r -> r.State <> RunState.Done && r.SharpnessFlops > 0.0) |> List.ofSeq
        match runs with
        | [] -> None
        | first :: _ ->
            let settings (r: PlannedRun) = r.Spec.Deep.SharpnessMeasured
            let rows (r: PlannedRun) = (settings r).RowsFor(r.Spec.Data.TrainCount)
            let schedule =
                if isNull first.Spec.Deep.StepSearch then MeasurementSchedule.Describe((settings first).Every) else "S(W(0)), before the probes"
            let bytes (r: PlannedRun) = ReluStudy.Core.Curvature.SharpnessCost.Bytes(rows r, plan.DimensionOf r, r.Spec.Deep.Widths)
            let part = runs |> List.sumBy _.SharpnessFlops
            Some(
                String.Format(
                    CultureInfo.InvariantCulture,
                    "  sharpness: {0} per run ({1}) on {2} rows: at most {3:E2} FLOP, {4:P0} of these runs' (included above); up to {5} more memory per run",
                    (if first.Spec.SharpnessMeasurements = 1 then "1 measurement" else $"{first.Spec.SharpnessMeasurements} measurements"), schedule, rows first, part,
                    part / (runs |> List.sumBy _.Flops), ReluStudy.Core.Platform.MemorySize.Format(runs |> List.map bytes |> List.max)))

    /// What resolving the step multiples (Gd.Critical) adds to the runs still to run: one Lanczos at W(0) on every training row
    /// per run (the Gauss-Newton part's or the Hessian's), at its step limit; none when no run has a multiple.
    let criticalStepLine (plan: StudyPlan) =
        let runs =
            plan.Runs |> Seq.filter (fun r -> r.State <> RunState.Done && not (isNull r.Spec.Deep) && r.Spec.Deep.StepMultiple.HasValue) |> List.ofSeq
        match runs with
        | [] -> None
        | first :: _ ->
            let part = runs |> List.sumBy (fun r -> r.Spec.CriticalStepFlops(plan.DimensionOf r))
            let curvature = runs |> List.map (fun r -> r.Spec.Deep.StepCurvature.Symbol()) |> List.distinct |> String.concat " or "
            Some(
                String.Format(
                    CultureInfo.InvariantCulture,
                    "  critical step: each run's step is c x 2/{0}, measured before it trains on its {1} rows: at most {2:E2} FLOP, {3:P1} of these runs' (included above)",
                    curvature, first.Spec.Data.TrainCount, part, part / (runs |> List.sumBy _.Flops)))

    let print (out: IO.TextWriter) (study: Study) (plan: StudyPlan) =
        let axes =
            plan.Runs
            |> Seq.collect (fun r -> r.Spec.Axes)
            |> Seq.groupBy _.Key
            |> Seq.map (fun (key, values) -> $"""{key} [{values |> Seq.map _.Value |> Seq.distinct |> String.concat ", "}]""")
            |> String.concat " x "
        let cached = plan.Runs |> Seq.filter (fun r -> r.State = RunState.Done) |> Seq.length
        let summary = if study.Summary = "" then "" else " - " + study.Summary
        // A run that stops at its loss target usually ends long before its iteration cap, and a search may need fewer
        // probes than its most, so their costs are ceilings.
        let mayStopEarly (spec: RunSpec) = spec.MayStopEarly || spec.Probes > 1
        let bound early = if early then "at most" else "about"
        let anyMayStopEarly = plan.Runs |> Seq.exists (fun r -> r.State <> RunState.Done && mayStopEarly r.Spec)
        let studyBound = bound anyMayStopEarly
        let capNote = if anyMayStopEarly then " (iteration caps; runs stop at their targets, usually much sooner)" else ""
        out.WriteLine($"study {study.Name}{summary}")
        out.WriteLine($"  grid: {axes}")
        out.WriteLine(
            String.Format(CultureInfo.InvariantCulture, "  {0} runs, {1} cached; {2:E2} FLOP in all; {5} {3} still to run on this machine ({4:F0} GFLOP/s measured at m = 512){6}",
                plan.Runs.Count, cached, plan.TotalFlops, seconds plan.EstimatedSeconds, StudyPlanner.GflopsPerSecond(Environment.ProcessorCount),
                studyBound, capNote))
        match plan.Runs |> Seq.tryPick (fun r -> Option.ofObj r.Spec.Deep |> Option.bind (fun d -> Option.ofObj d.StepSearch)) with
        | Some s ->
            out.WriteLine(
                String.Format(CultureInfo.InvariantCulture, "  each run searches its largest stable step in [{0:G4}, {1:G4}]: up to {2} probes of {3} iterations",
                              s.From, s.To, s.MaxProbes, plan.Runs[0].Spec.Iterations))
        | None -> ()
        sharpnessLine plan |> Option.iter out.WriteLine
        criticalStepLine plan |> Option.iter out.WriteLine
        out.WriteLine($"  results: {plan.Folder}")
        for r in plan.Runs do
            let state =
                match r.State with
                | RunState.Done -> $"cached ({r.Status.Value.Name()})"
                | RunState.Failed -> "failed before (rerun with --rerun-failed)"
                | RunState.Unfinished -> "interrupted before: will run again"
                | _ -> $"to run, {bound (mayStopEarly r.Spec)} {seconds r.EstimatedSeconds}"
            out.WriteLine($"    {r.Id}  {r.Spec.Label,-40} {state}")
        for line in stabilityWarnings plan @ depthWarnings plan do out.WriteLine line

