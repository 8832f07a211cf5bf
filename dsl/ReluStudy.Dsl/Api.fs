/// Planning and running studies: Study.plan prints the grid and its cost, Study.run runs what is missing,
/// Study.submit hands it to Slurm, Study.main does any of them from a script's command line.
namespace ReluStudy.Dsl

open System
open System.Globalization
open ReluStudy.Core.CommandLine
open ReluStudy.Core.Results
open ReluStudy.Core.Studies
open ReluStudy.Core.Theory.Fits
open ReluStudy.Core.Training

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

    /// The width-scaling fits a study names in compare [ Fit .. ], over its finished runs.
    let private printFits (out: IO.TextWriter) (study: Study) (plan: StudyPlan) =
        let declaration = study.Declaration
        let named = not (isNull declaration.Compare) && declaration.Compare |> Seq.exists (fun c -> c.Kind = ComparisonKind.Fit)
        if named then
            let runs =
                plan.Runs
                |> Seq.filter (fun r -> ResultsLayout.HoldsRun r.Folder)
                |> Seq.map (fun r -> RunResult.Read r.Folder)
                |> List.ofSeq
            for f in ScalingFit.For(runs, Func<string, bool>(fun p -> declaration.Fits p)) do
                let q = f.Quantity
                match f.Fit with
                | null -> out.WriteLine($"  fit {q.Id,-8} {f.Verdict} ({q.Description})")
                | fit ->
                    out.WriteLine(
                        String.Format(CultureInfo.InvariantCulture, "  fit {0,-8} b = {1:F3} [{2:F3}, {3:F3}] over {8} = {4}..{5} ({6} runs): {7}",
                            q.Id, fit.Exponent, fit.Low, fit.High, fit.XMin, fit.XMax, fit.Points, f.Verdict, q.Axis.Symbol))

    /// Prints each study's grid, run count, cost estimate and cached runs; runs nothing.
    let planWith (options: RunOptions) (studies: Study list) =
        Planning.check studies
        [ for s in studies ->
              let plan = Planning.plan options s
              Planning.print Console.Out s plan
              plan ]

    /// Prints the plan of each study with the default options.
    let plan (studies: Study list) = planWith (defaults ()) studies |> ignore

    /// Runs every study's missing runs; returns each study's summary.
    let runWith (options: RunOptions) (cancellation: Threading.CancellationToken) (studies: Study list) =
        Planning.check studies
        [ for s in studies ->
              let plan = Planning.plan options s
              Planning.print Console.Out s plan
              let progress = ConsoleStudyProgress(plan, Console.Error, options.Interactive)
              let summary = StudyRunner.Run(plan, options.Threads, progress, options.RerunFailed, cancellation)
              Console.Out.WriteLine(
                  $"study {s.Name}: {summary.Reused} reused, {summary.Ran} ran ({summary.Diverged} diverged, {summary.Collapsed} collapsed, {summary.Failed} failed, {summary.Interrupted} interrupted), {summary.NotStarted} not started"
                  + (if summary.Busy > 0 then $", {summary.Busy} left to another process writing them" else ""))
              printFits Console.Out s plan
              s, summary ]

    /// Runs every study's missing runs with the default options.
    let run (studies: Study list) = runWith (defaults ()) Threading.CancellationToken.None studies

    /// Submits each study to Slurm as one job array (see Slurm.submitWith) with the default options.
    let submit (slurm: SlurmOptions) (script: string) (studies: Study list) = Slurm.submitWith (defaults ()) slurm script studies

    /// Runs what the parsed command line asks for: plans, submits, runs one Slurm task, or runs every missing run.
    /// Exit code: 0 all runs have results, 1 some run failed, 2 the studies have problems (nothing ran), 3 a data file
    /// is missing or corrupt (nothing ran), 5 the results folder cannot be written or is full (the sweep stopped;
    /// results already there are unchanged), 7 Slurm refused, 130 interrupted.
    let mainWith (args: ScriptArguments) (studies: Study list) : int =
        let studies = match args.Study with Some name -> studies |> List.filter (fun s -> s.Name = name) | None -> studies
        match problems studies with
        | _ :: _ as ps ->
            ps |> List.iter (fun p -> eprintfn "%O" p)
            eprintfn "%d problem(s); nothing was run" ps.Length
            ExitCodes.BadOption
        | [] ->
            try
                match args.Mode with
                | PlanOnly ->
                    planWith args.Options studies |> ignore
                    ExitCodes.Ok
                | Submit ->
                    Slurm.submitWith args.Options args.Slurm args.Script.Value studies |> ignore
                    ExitCodes.Ok
                | Task index -> Slurm.task args.Options index Threading.CancellationToken.None studies.Head
                | RunMissing ->
                    use cancel = new Threading.CancellationTokenSource()
                    Console.CancelKeyPress.Add(fun e ->
                        e.Cancel <- true
                        cancel.Cancel())
                    let results = runWith args.Options cancel.Token studies
                    if cancel.IsCancellationRequested then ExitCodes.Interrupted
                    elif results |> List.forall (fun (_, s) -> s.Succeeded) then ExitCodes.Ok
                    else ExitCodes.Unexpected
            with e when (ExitCodes.Of e).HasValue ->
                let struct (code, message) = (ExitCodes.Of e).Value
                eprintfn "error: %s" message
                code

    /// The script's command line, checked against its studies: every problem as one line, or the arguments.
    let parse (argv: string array) (studies: Study list) : Result<ScriptArguments, string list> =
        match ScriptArguments.parse (defaults ()) argv with
        | Error e -> Error e
        | Ok args ->
            [ match args.Study with
              | Some name when not (studies |> List.exists (fun s -> s.Name = name)) ->
                  $"""--study: must name a study of this script ({studies |> List.map _.Name |> String.concat ", "}); got '{name}'"""
              | _ -> ()
              match args.Mode with
              | Task _ when args.Study.IsNone && studies.Length <> 1 ->
                  $"--task: needs --study NAME unless the script declares exactly one study; got {studies.Length} studies and no --study"
              | _ -> () ]
            |> function
                | [] -> Ok args
                | errors -> Error errors

    /// A script's entry point: reads its command line (--help lists the options) and does what it asks (mainWith).
    let main (argv: string array) (studies: Study list) : int =
        if argv |> Array.exists (fun a -> a = "--help" || a = "-h") then
            Console.Out.WriteLine ScriptArguments.options.Usage
            ExitCodes.Ok
        else
            match parse argv studies with
            | Error errors ->
                errors |> List.iter (eprintfn "error: %s")
                ExitCodes.BadOption
            | Ok args -> mainWith args studies

/// Studies paired as the panels of the paper's figures, (a), (b), ... in order, each with its caption.
type PaperFigures = { Name: string; Title: string; Panels: (string * Study) list }

/// Zou et al.'s Figures 1-3 set out as the paper does, from studies a script pairs.
[<RequireQualifiedAccess>]
module Paper =
    /// Pairs studies as the panels of Figures 1-3: [ "MNIST 3 vs 8", mnist; "CIFAR-10 cat vs ship", cifar ].
    let figures (name: string) (title: string) (panels: (string * Study) list) = { Name = name; Title = title; Panels = panels }

    /// Records the pairing under the results root (papers/<name>.json), where the report finds it.
    let record (results: string) (paper: PaperFigures) =
        PaperLayoutRecord(Name = paper.Name, Title = paper.Title, Panels = ResizeArray [ for caption, s in paper.Panels -> PaperPanel(s.Name, caption) ])
            .Write(results)

/// Publishing results as the static site.
[<RequireQualifiedAccess>]
module Report =
    /// Writes the site for every study under the results root to the given folder (reads, never trains).
    let publish (results: string) (site: string) =
        let published = ReluStudy.Reports.Site.publish ReluStudy.Reports.Site.PdfWhenPdflatex results site
        for line in ReluStudy.Reports.Site.describe published site do Console.Out.WriteLine line

/// Script entry points that also publish.
[<RequireQualifiedAccess>]
module StudySite =
    /// Study.main, then (when it ran the studies and every run has a result) records the papers' pairings of its studies
    /// and publishes the results to the site folder.
    let mainWith (argv: string array) (site: string) (studies: Study list) (papers: PaperFigures list) =
        if argv |> Array.exists (fun a -> a = "--help" || a = "-h") then Study.main argv studies
        else
            match Study.parse argv studies with
            | Error errors ->
                errors |> List.iter (eprintfn "error: %s")
                ExitCodes.BadOption
            | Ok args ->
                let code = Study.mainWith args studies
                if code = ExitCodes.Ok && args.Mode = RunMissing then
                    for paper in papers do Paper.record args.Options.Results paper
                    Report.publish args.Options.Results site
                code

    /// Study.main, then publishes the results to the site folder (mainWith without papers).
    let main (argv: string array) (site: string) (studies: Study list) = mainWith argv site studies []
