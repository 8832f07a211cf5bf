/// Loaders: a results folder (one folder per study, one per run) read through the core's typed records. Never trains.
module ReluStudy.Reports.Results

open System.IO
open ReluStudy.Core.Results
open ReluStudy.Core.Theory.Regimes
open ReluStudy.Core.Training

/// One study folder (with study.json): its declaration, which decides what its page shows, the runs its study.json lists,
/// the run folders an earlier declaration left there (not listed, so not shown: a changed step must not mix with the new),
/// and the checks and baselines of its data sets.
type Study =
    { Name: string
      Folder: string
      Declaration: StudyDeclaration
      Runs: RunResult list
      Undeclared: string list
      DataChecks: DataCheckRecord list
      Baselines: BaselinesRecord list }

/// A run's sweep values as the pages label it: "seed=1 width=64", keys in order.
let label (r: RunResult) =
    r.Axes |> Seq.sortBy _.Key |> Seq.map (fun a -> $"{a.Key}={a.Value}") |> String.concat " "

/// The run's deep configuration, when it is a deep run.
let deep (r: RunResult) =
    match r.Config with
    | :? DeepRunConfiguration as c -> Some c
    | _ -> None

/// The run's regime and the measurements behind it, by the rules as they stand (RegimeRules on its rows): run.json's is what
/// they said when the run ended, and a cached run keeps its id when a rule is sharpened, so the pages never trust it over
/// the rows; none for a run that has not finished.
let regime (r: RunResult) : (Regime * string) option =
    RegimeRules.Of r |> Option.ofNullable |> Option.map (fun struct (g, reason) -> g, reason)

/// Every study under the results root (folders holding study.json), in name order; the runs its study.json lists, in id order.
let load (root: string) : Study list =
    if not (Directory.Exists root) then invalidArg "root" $"results folder: must exist; got '{root}'"
    [ for dir in ResultsLayout.StudyFoldersUnder root do
          let index = StudyIndex.Read dir
          let declared = index.Runs |> Seq.map _.Id |> Set.ofSeq
          let folders = Directory.GetDirectories dir |> Array.sort |> Array.filter ResultsLayout.HoldsRun
          let listed, undeclared = folders |> Array.partition (fun f -> declared.Contains(Path.GetFileName f))
          { Name = Path.GetFileName dir; Folder = dir; Declaration = index.Declaration
            Runs = listed |> Array.map RunResult.Read |> List.ofArray
            Undeclared = undeclared |> Array.map Path.GetFileName |> List.ofArray
            DataChecks = List.ofSeq (DataCheckRecord.ReadAll dir)
            Baselines = List.ofSeq (BaselinesRecord.ReadAll dir) } ]
