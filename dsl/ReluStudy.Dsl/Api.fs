/// Planning and running studies: Study.plan prints the grid and its cost, Study.run runs what is missing,
/// Study.main does either from a script's command line.
namespace ReluStudy.Dsl

open System
open System.Globalization
open ReluStudy.Core.Studies

/// Where and how studies run.
type RunOptions =
    { /// Root of the results: one folder per study, one per run (default $RELUSTUDY_RESULTS, else "results").
      Results: string
      Threads: int
      /// Run again the runs whose last attempt failed.
      RerunFailed: bool
      Interactive: bool }

[<RequireQualifiedAccess; CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module Study =
    /// The default options: results under $RELUSTUDY_RESULTS or ./results, all cores.
    let defaults () =
        { Results =
            match Environment.GetEnvironmentVariable "RELUSTUDY_RESULTS" with
            | null | "" -> "results"
            | root -> root
          Threads = Environment.ProcessorCount
          RerunFailed = false
          Interactive = not Console.IsErrorRedirected }

    /// Every problem of every study, in declaration order.
    let problems (studies: Study list) = studies |> List.collect _.Problems

    let private seconds (s: float) =
        if s < 90.0 then $"{s:F0} s"
        elif s < 5400.0 then $"{s / 60.0:F0} min"
        elif s < 172800.0 then $"{s / 3600.0:F1} h"
        else $"{s / 86400.0:F1} days"

    let private checkedStudies (studies: Study list) =
        match problems studies with
        | [] -> ()
        | ps -> invalidArg "studies" (String.Join(Environment.NewLine, ps |> List.map string))

    let private planOne (options: RunOptions) (study: Study) =
        let declaration =
            readOnlyDict
                [ "summary", study.Summary
                  "track", study.Track |> List.map string |> String.concat ", "
                  "compare", study.Compare |> List.map (function Fit p -> $"Fit {p}" | o -> string o) |> String.concat ", "
                  "baselines", (if study.Baselines then ReluStudy.Core.Baselines.BaselineCatalog.All |> Seq.map _.Name |> String.concat ", " else "") ]
        StudyPlanner.Plan(study.Name, ResizeArray study.Runs, options.Results, options.Threads, declaration, study.Baselines)

    let private print (out: IO.TextWriter) (study: Study) (plan: StudyPlan) =
        let axes =
            plan.Runs
            |> Seq.collect (fun r -> r.Spec.Axes)
            |> Seq.groupBy _.Key
            |> Seq.map (fun (key, values) -> $"""{key} [{values |> Seq.map _.Value |> Seq.distinct |> String.concat ", "}]""")
            |> String.concat " x "
        let cached = plan.Runs |> Seq.filter (fun r -> r.State = RunState.Done) |> Seq.length
        let summary = if study.Summary = "" then "" else " - " + study.Summary
        out.WriteLine($"study {study.Name}{summary}")
        out.WriteLine($"  grid: {axes}")
        out.WriteLine(
            String.Format(CultureInfo.InvariantCulture, "  {0} runs, {1} cached; {2:E2} FLOP in all; about {3} still to run on this machine ({4:F0} GFLOP/s measured at m = 512)",
                plan.Runs.Count, cached, plan.TotalFlops, seconds plan.EstimatedSeconds, StudyPlanner.GflopsPerSecond(Environment.ProcessorCount)))
        out.WriteLine($"  results: {plan.Folder}")
        for r in plan.Runs do
            let state =
                match r.State with
                | RunState.Done -> $"cached ({r.Status})"
                | RunState.Failed -> "failed before (rerun with --rerun-failed)"
                | RunState.Unfinished -> "interrupted before: will run again"
                | _ -> $"to run, about {seconds r.EstimatedSeconds}"
            out.WriteLine($"    {r.Id}  {r.Spec.Label,-40} {state}")

    /// The width-scaling fits a study asks for with compare [ Fit "P.." ], over its finished runs.
    let private printFits (out: IO.TextWriter) (study: Study) (plan: StudyPlan) =
        let wanted = study.Compare |> List.choose (function Fit p -> Some p | _ -> None)
        if not wanted.IsEmpty then
            let runs =
                plan.Runs
                |> Seq.filter (fun r -> IO.File.Exists(IO.Path.Combine(r.Folder, "run.json")))
                |> Seq.map (fun r -> ReluStudy.Core.Theory.RunOnDisk.Read r.Folder)
                |> Seq.filter ReluStudy.Core.Theory.ScalingQuantities.Finished
                |> List.ofSeq
            for _, group in runs |> List.groupBy _.Setting do
                for q in ReluStudy.Core.Theory.ScalingQuantities.For(group) |> Seq.filter (fun q -> wanted |> List.exists (fun w -> q.Id = w || q.Id.StartsWith(w + "-"))) do
                    let struct (points, _) = ReluStudy.Core.Theory.ScalingQuantities.Points(ResizeArray group, q)
                    if points |> Array.map _.Width |> Array.distinct |> Array.length >= 2 then
                        let fit = ReluStudy.Core.Theory.PowerLawFit.Fit(points, q.Predicted)
                        let verdicts =
                            fit.Comparisons |> Seq.map (fun c -> $"predicted {c.Predicted:G3}: {c.Verdict.ToString().ToLowerInvariant()}") |> String.concat "; "
                        out.WriteLine(
                            String.Format(CultureInfo.InvariantCulture, "  fit {0,-8} b = {1:F3} [{2:F3}, {3:F3}] over m = {4}..{5} ({6} runs): {7}",
                                q.Id, fit.Exponent, fit.Low, fit.High, fit.WidthMin, fit.WidthMax, fit.Points, verdicts))
                    else out.WriteLine($"  fit {q.Id,-8} not enough widths with a value ({q.Description})")

    /// Prints each study's grid, run count, cost estimate and cached runs; runs nothing.
    let planWith (options: RunOptions) (studies: Study list) =
        checkedStudies studies
        [ for s in studies ->
              let plan = planOne options s
              print Console.Out s plan
              plan ]

    /// Prints the plan of each study with the default options.
    let plan (studies: Study list) = planWith (defaults ()) studies |> ignore

    /// Runs every study's missing runs; returns each study's summary.
    let runWith (options: RunOptions) (cancellation: Threading.CancellationToken) (studies: Study list) =
        checkedStudies studies
        [ for s in studies ->
              let plan = planOne options s
              print Console.Out s plan
              let progress = ConsoleStudyProgress(plan, Console.Error, options.Interactive)
              let summary = StudyRunner.Run(plan, options.Threads, progress, options.RerunFailed, cancellation)
              Console.Out.WriteLine(
                  $"study {s.Name}: {summary.Reused} reused, {summary.Ran} ran ({summary.Diverged} diverged, {summary.Failed} failed, {summary.Interrupted} interrupted), {summary.NotStarted} not started"
                  + (if summary.Busy > 0 then $", {summary.Busy} left to another process writing them" else ""))
              printFits Console.Out s plan
              s, summary ]

    /// Runs every study's missing runs with the default options.
    let run (studies: Study list) = runWith (defaults ()) Threading.CancellationToken.None studies

    /// A script's entry point: "--plan" plans only; otherwise runs. Also takes --results DIR, --threads N,
    /// --rerun-failed. Exit code: 0 all runs have results, 1 some run failed, 2 the studies have problems
    /// (nothing ran), 3 a data file is missing or corrupt (nothing ran), 5 the results folder cannot be written or
    /// is full (the sweep stopped; results already there are unchanged), 130 interrupted.
    let main (argv: string array) (studies: Study list) : int =
        let args = argv |> Array.filter (fun a -> a <> "--" && not (a.EndsWith(".fsx", StringComparison.Ordinal))) |> List.ofArray
        let rec parse options planOnly errors args =
            match args with
            | [] -> options, planOnly, List.rev errors
            | "--plan" :: rest -> parse options true errors rest
            | "--rerun-failed" :: rest -> parse { options with RerunFailed = true } planOnly errors rest
            | "--results" :: dir :: rest -> parse { options with Results = dir } planOnly errors rest
            | "--threads" :: t :: rest ->
                match Int32.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture) with
                | true, v when v >= 1 -> parse { options with Threads = v } planOnly errors rest
                | _ -> parse options planOnly ($"--threads: must be an integer >= 1; got '{t}'" :: errors) rest
            | other :: rest -> parse options planOnly ($"arguments: expected --plan, --results DIR, --threads N or --rerun-failed; got '{other}'" :: errors) rest
        let options, planOnly, errors = parse (defaults ()) false [] args
        match errors, problems studies with
        | e :: _ as all, _ ->
            all |> List.iter (fun m -> eprintfn "error: %s" m)
            2
        | [], (_ :: _ as ps) ->
            ps |> List.iter (fun p -> eprintfn "%O" p)
            eprintfn "%d problem(s); nothing was run" ps.Length
            2
        | [], [] ->
            try
                if planOnly then
                    planWith options studies |> ignore
                    0
                else
                    use cancel = new Threading.CancellationTokenSource()
                    Console.CancelKeyPress.Add(fun e ->
                        e.Cancel <- true
                        cancel.Cancel())
                    let results = runWith options cancel.Token studies
                    if cancel.IsCancellationRequested then 130
                    elif results |> List.forall (fun (_, s) -> s.Succeeded) then 0
                    else 1
            with
            | :? ReluStudy.Core.Data.DataFormatException as e ->
                eprintfn "error: %s" e.Message
                if e.IsBadOption then 2 else 3
            | :? ReluStudy.Core.Output.OutputException as e ->
                eprintfn "error: %s" e.Message
                5
            | :? IO.IOException as e ->
                eprintfn "error: %s" e.Message
                3

/// Publishing results as the static site.
[<RequireQualifiedAccess>]
module Report =
    /// Writes the site for every study under the results root to the given folder (reads, never trains).
    let publish (results: string) (site: string) =
        let pages = ReluStudy.Reports.Site.publish results site
        let folder = IO.Path.GetFullPath site
        let index = IO.Path.Combine(folder, "index.html")
        Console.Out.WriteLine($"site: {pages.Length} page(s) in {folder}; open {index}")

/// Script entry points that also publish.
[<RequireQualifiedAccess>]
module StudySite =
    /// Study.main, then (unless only planning, and when every run has a result) publishes the results to the site folder.
    let main (argv: string array) (site: string) (studies: Study list) =
        let code = Study.main argv studies
        if code = 0 && not (Array.contains "--plan" argv) then
            let results =
                match Array.tryFindIndex ((=) "--results") argv with
                | Some i when i + 1 < argv.Length -> argv[i + 1]
                | _ -> (Study.defaults ()).Results
            Report.publish results site
        code
