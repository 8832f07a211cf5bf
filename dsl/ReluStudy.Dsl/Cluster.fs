/// Submitting studies to Slurm as job arrays, and the array task that runs one run of a study.
namespace ReluStudy.Dsl

open System
open ReluStudy.Core.CommandLine
open ReluStudy.Core.Results
open ReluStudy.Core.Training
open ReluStudy.Core.Studies

/// How a study is submitted to Slurm; None means the estimate from the plan (or the cluster's default).
type SlurmOptions =
    { Cpus: int option
      MemoryMb: int option
      Time: TimeSpan option
      Partition: string option
      Account: string option
      /// Extra #SBATCH lines.
      Sbatch: string list
      /// At most this many tasks at once (--array=...%N).
      Throttle: int option
      MaxArraySize: int option }

    static member Defaults =
        { Cpus = None; MemoryMb = None; Time = None; Partition = None; Account = None; Sbatch = []; Throttle = None; MaxArraySize = None }

[<RequireQualifiedAccess>]
module Slurm =
    /// The command an array task runs: this script in task mode for one study, through the same dotnet.
    let private taskCommand (script: string) (options: RunOptions) (study: Study) =
        let dotnet = match Environment.ProcessPath with | null -> "dotnet" | p -> p
        [ dotnet; "fsi"; IO.Path.GetFullPath script; "--"; "--results"; IO.Path.GetFullPath options.Results; "--study"; study.Name ]
        @ (if options.RerunFailed then [ "--rerun-failed" ] else [])

    /// Submits each study as one Slurm job array (split at the cluster's MaxArraySize) whose task i runs run i
    /// of the plan; runs already done (and failed ones, unless RerunFailed) are skipped. Returns the job ids.
    let submitWith (options: RunOptions) (slurm: SlurmOptions) (script: string) (studies: Study list) =
        Planning.check studies
        [ for s in studies do
              let plan = Planning.plan options s
              Planning.print Console.Out s plan
              let pending =
                  plan.Runs
                  |> Seq.indexed
                  |> Seq.filter (fun (_, r) -> r.State = RunState.New || r.State = RunState.Unfinished || (r.State = RunState.Failed && options.RerunFailed))
                  |> Seq.map fst
                  |> List.ofSeq
              let cpus = slurm.Cpus |> Option.defaultWith (fun () -> ReluStudy.Core.Cluster.SlurmEstimate.Cpus plan)
              let request =
                  ReluStudy.Core.Cluster.SlurmRequest(
                      Cpus = cpus,
                      MemoryMb = (slurm.MemoryMb |> Option.defaultWith (fun () -> ReluStudy.Core.Cluster.SlurmEstimate.MemoryMb plan)),
                      TimeLimit = (slurm.Time |> Option.defaultWith (fun () -> ReluStudy.Core.Cluster.SlurmEstimate.Time(plan, cpus, options.Threads))),
                      Partition = Option.toObj slurm.Partition, Account = Option.toObj slurm.Account, ExtraLines = ResizeArray slurm.Sbatch,
                      Throttle = Option.toNullable slurm.Throttle, MaxArraySize = Option.toNullable slurm.MaxArraySize)
              // The data checks once here (seconds for n <= 5000), not once per task.
              if not pending.IsEmpty then StudyRunner.Prepare(plan, options.Threads)
              let arrays =
                  ReluStudy.Core.Cluster.SlurmSubmitter.Submit(plan, ResizeArray pending, request, ResizeArray(taskCommand script options s), Environment.CurrentDirectory)
              if pending.IsEmpty then Console.Out.WriteLine($"study {s.Name}: every run is done; nothing submitted")
              for a in arrays do
                  Console.Out.WriteLine(
                      $"study {s.Name}: submitted job array {a.JobId} ({a.PlanIndices.Count} tasks; {request.Cpus} CPU(s), {request.MemoryMb} MB, {request.TimeText} each); follow it with: relustudy status {plan.Folder}")
              yield! arrays |> Seq.map _.JobId ]

    /// One array task: run <index> of the named study, with the given threads. Exit code 0 when the run has a result.
    let task (options: RunOptions) (index: int) (cancellation: Threading.CancellationToken) (study: Study) =
        Planning.check [ study ]
        let plan = Planning.plan options study
        let progress = ConsoleStudyProgress(plan, Console.Error, false)
        let status = ReluStudy.Core.Cluster.SlurmTask.Run(plan, index, options.Threads, progress, cancellation) |> Option.ofNullable
        let described = status |> Option.map _.Name() |> Option.defaultValue "left to another process"
        Console.Out.WriteLine($"study {study.Name}: task {index} ({plan.Runs[index].Spec.Label}): {described}")
        match status with
        | Some s when s.IsFinished() -> ExitCodes.Ok
        | Some RunStatus.Interrupted -> ExitCodes.Interrupted
        | _ -> ExitCodes.Unexpected

