/// Planning and running studies: Study.plan prints the grid and its cost, Study.run runs what is missing,
/// Study.submit hands it to Slurm, Study.main does any of them from a script's command line.
namespace ReluStudy.Dsl

open System
open System.Globalization
open ReluStudy.Core.Studies

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
                  $"study {s.Name}: {summary.Reused} reused, {summary.Ran} ran ({summary.Diverged} diverged, {summary.Failed} failed, {summary.Interrupted} interrupted), {summary.NotStarted} not started"
                  + (if summary.Busy > 0 then $", {summary.Busy} left to another process writing them" else ""))
              printFits Console.Out s plan
              s, summary ]

    /// Runs every study's missing runs with the default options.
    let run (studies: Study list) = runWith (defaults ()) Threading.CancellationToken.None studies

    /// Submits each study to Slurm as one job array (see Slurm.submitWith) with the default options.
    let submit (slurm: SlurmOptions) (script: string) (studies: Study list) = Slurm.submitWith (defaults ()) slurm script studies

    /// What a script's command line asks for.
    type private Mode =
        | RunMissing
        | PlanOnly
        | Submit
        /// One run of one study, as a Slurm array task.
        | Task of index: int

    /// A script's entry point: "--plan" plans only; otherwise runs. Also takes --results DIR, --threads N,
    /// --rerun-failed. Exit code: 0 all runs have results, 1 some run failed, 2 the studies have problems
    /// (nothing ran), 3 a data file is missing or corrupt (nothing ran), 5 the results folder cannot be written or
    /// is full (the sweep stopped; results already there are unchanged), 130 interrupted.
    let main (argv: string array) (studies: Study list) : int =
        let script = argv |> Array.tryFind (fun a -> a.EndsWith(".fsx", StringComparison.Ordinal))
        let args = argv |> Array.filter (fun a -> a <> "--" && not (a.EndsWith(".fsx", StringComparison.Ordinal))) |> List.ofArray
        let positive (name: string) (text: string) =
            match Int32.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture) with
            | true, v when v >= 1 -> Ok v
            | _ -> Error $"{name}: must be an integer >= 1; got '{text}'"
        let rec parse (options, slurm: SlurmOptions, mode, only) errors args =
            let next state rest = parse state errors rest
            let bad message rest = parse (options, slurm, mode, only) (message :: errors) rest
            let withInt name text rest f = match positive name text with Ok v -> next (f v) rest | Error e -> bad e rest
            match args with
            | [] -> options, slurm, mode, only, List.rev errors
            | "--plan" :: rest -> next (options, slurm, PlanOnly, only) rest
            | "--submit" :: rest -> next (options, slurm, Submit, only) rest
            | "--task" :: i :: rest ->
                match Int32.TryParse(i, NumberStyles.Integer, CultureInfo.InvariantCulture) with
                | true, v when v >= 0 -> next (options, slurm, Task v, only) rest
                | _ -> bad $"--task: must be a run index >= 0; got '{i}'" rest
            | "--study" :: name :: rest -> next (options, slurm, mode, Some name) rest
            | "--rerun-failed" :: rest -> next ({ options with RerunFailed = true }, slurm, mode, only) rest
            | "--results" :: dir :: rest -> next ({ options with Results = dir }, slurm, mode, only) rest
            | "--threads" :: t :: rest -> withInt "--threads" t rest (fun v -> { options with Threads = v }, slurm, mode, only)
            | "--cpus" :: t :: rest -> withInt "--cpus" t rest (fun v -> options, { slurm with Cpus = Some v }, mode, only)
            | "--mem" :: t :: rest -> withInt "--mem" t rest (fun v -> options, { slurm with MemoryMb = Some v }, mode, only)
            | "--throttle" :: t :: rest -> withInt "--throttle" t rest (fun v -> options, { slurm with Throttle = Some v }, mode, only)
            | "--max-array-size" :: t :: rest -> withInt "--max-array-size" t rest (fun v -> options, { slurm with MaxArraySize = Some v }, mode, only)
            | "--time" :: t :: rest ->
                match ReluStudy.Core.Cluster.SlurmRequest.ParseTime t |> Option.ofNullable with
                | Some v -> next (options, { slurm with Time = Some v }, mode, only) rest
                | None -> bad $"--time: must be minutes, MM:SS, HH:MM:SS or D-HH:MM:SS; got '{t}'" rest
            | "--partition" :: p :: rest -> next (options, { slurm with Partition = Some p }, mode, only) rest
            | "--account" :: a :: rest -> next (options, { slurm with Account = Some a }, mode, only) rest
            | "--sbatch" :: line :: rest -> next (options, { slurm with Sbatch = slurm.Sbatch @ [ line ] }, mode, only) rest
            | other :: rest ->
                bad $"arguments: expected --plan, --submit, --results DIR, --threads N, --rerun-failed or Slurm options (README); got '{other}'" rest
        let options, slurm, mode, only, errors = parse (defaults (), SlurmOptions.Defaults, RunMissing, None) [] args
        let errors =
            match only with
            | Some name when not (studies |> List.exists (fun s -> s.Name = name)) ->
                errors @ [ $"""--study: must name a study of this script ({studies |> List.map _.Name |> String.concat ", "}); got '{name}'""" ]
            | _ -> errors
        let errors =
            match mode with
            | Submit when script.IsNone -> errors @ [ "--submit: must be given to a script run with dotnet fsi SCRIPT.fsx; got no script path" ]
            | Task _ when only.IsNone && studies.Length <> 1 -> errors @ [ $"--task: needs --study NAME unless the script declares exactly one study; got {studies.Length} studies and no --study" ]
            | _ -> errors
        let studies = match only with Some name -> studies |> List.filter (fun s -> s.Name = name) | None -> studies
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
                match mode with
                | PlanOnly ->
                    planWith options studies |> ignore
                    0
                | Submit ->
                    Slurm.submitWith options slurm script.Value studies |> ignore
                    0
                | Task index -> Slurm.task options index Threading.CancellationToken.None studies.Head
                | RunMissing ->
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
            | :? ReluStudy.Core.Cluster.ClusterException as e ->
                eprintfn "error: %s" e.Message
                7
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
        let publishes = not (argv |> Array.exists (fun a -> a = "--plan" || a = "--submit" || a = "--task"))
        if code = 0 && publishes then
            let results =
                match Array.tryFindIndex ((=) "--results") argv with
                | Some i when i + 1 < argv.Length -> argv[i + 1]
                | _ -> (Study.defaults ()).Results
            Report.publish results site
        code
