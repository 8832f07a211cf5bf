/// A study script's command line, read once through the core's option layer (the same reader, usage text and
/// one-line errors as the relustudy command).
namespace ReluStudy.Dsl

open System
open ReluStudy.Core.CommandLine

/// What a script's command line asks for.
type ScriptMode =
    | RunMissing
    | PlanOnly
    | Submit
    /// One run of one study, as a Slurm array task.
    | Task of index: int

/// A parsed script command line: where and how to run, what to do, and how to submit.
type ScriptArguments =
    { Options: RunOptions
      Slurm: SlurmOptions
      Mode: ScriptMode
      /// --study NAME: only this study of the script.
      Study: string option
      /// The script's own path (dotnet fsi passes it first), for --submit.
      Script: string option }

[<RequireQualifiedAccess>]
module ScriptArguments =
    let options =
        OptionSet(
            "dotnet fsi STUDY.fsx -- [options]",
            "Without --plan, --submit or --task the script runs every missing run of its studies.",
            [ OptionSpec("--plan", null, "print each study's grid, cost and cached runs; run nothing")
              OptionSpec("--results", "DIR", "results root (default $RELUSTUDY_RESULTS, else results)")
              OptionSpec("--threads", "N", "worker threads (default: all cores)")
              OptionSpec("--rerun-failed", null, "run again the runs whose last attempt failed")
              OptionSpec("--submit", null, "submit each study to Slurm as one job array instead of running it")
              OptionSpec("--cpus", "N", "Slurm: CPUs per task (default: from the plan)")
              OptionSpec("--mem", "MB", "Slurm: memory per task (default: from the plan)")
              OptionSpec("--time", "T", "Slurm: time limit per task, minutes, MM:SS, HH:MM:SS or D-HH:MM:SS (default: from the plan)")
              OptionSpec("--partition", "P", "Slurm: partition")
              OptionSpec("--account", "A", "Slurm: account")
              OptionSpec("--sbatch", "LINE", "Slurm: an extra #SBATCH line (repeatable)", Repeatable = true)
              OptionSpec("--throttle", "N", "Slurm: at most N tasks at once")
              OptionSpec("--max-array-size", "N", "Slurm: split arrays above N tasks (default: the cluster's MaxArraySize)")
              OptionSpec("--study", "NAME", "only this study of the script (with --task)")
              OptionSpec("--task", "I", "run run I of the study alone, as a Slurm array task does") ])

    /// Reads a script's arguments (fsi.CommandLineArgs: the script path, then its arguments after "--").
    let parse (defaults: RunOptions) (argv: string array) : Result<ScriptArguments, string list> =
        let script = argv |> Array.tryFind (fun a -> a.EndsWith(".fsx", StringComparison.Ordinal))
        let args = argv |> Array.filter (fun a -> a <> "--" && Some a <> script)
        let o = options.Read args
        for p in o.Positionals do o.Errors.Add $"arguments: take only --options (dotnet fsi STUDY.fsx -- --help lists them); got '{p}'"
        let optional name f = if o.Has name then Some(f name) else None
        let positive name = optional name (fun n -> o.Int(n, 1, 1))
        let mode =
            [ if o.Has "--plan" then PlanOnly
              if o.Has "--submit" then Submit
              if o.Has "--task" then Task(o.Int("--task", 0, 0)) ]
        if mode.Length > 1 then o.Errors.Add "--plan, --submit, --task: at most one may be given; got several"
        let time =
            optional "--time" (fun n ->
                let t = o.String n
                match ReluStudy.Core.Cluster.SlurmRequest.ParseTime t |> Option.ofNullable with
                | Some v -> Some v
                | None ->
                    o.Errors.Add $"--time: must be minutes, MM:SS, HH:MM:SS or D-HH:MM:SS; got '{t}'"
                    None)
            |> Option.flatten
        let parsed =
            { Options =
                { defaults with
                    Results = o.String "--results" |> Option.ofObj |> Option.defaultValue defaults.Results
                    Threads = (if o.Has "--threads" then o.Threads() else defaults.Threads)
                    RerunFailed = o.Has "--rerun-failed" }
              Slurm =
                { Cpus = positive "--cpus"
                  MemoryMb = positive "--mem"
                  Time = time
                  Partition = o.String "--partition" |> Option.ofObj
                  Account = o.String "--account" |> Option.ofObj
                  Sbatch = List.ofSeq (o.All "--sbatch")
                  Throttle = positive "--throttle"
                  MaxArraySize = positive "--max-array-size" }
              Mode = mode |> List.tryHead |> Option.defaultValue RunMissing
              Study = o.String "--study" |> Option.ofObj
              Script = script }
        match parsed.Mode with
        | Submit when script.IsNone -> o.Errors.Add "--submit: must be given to a script run with dotnet fsi SCRIPT.fsx; got no script path"
        | _ -> ()
        if o.Errors.Count > 0 then Error(List.ofSeq o.Errors) else Ok parsed
