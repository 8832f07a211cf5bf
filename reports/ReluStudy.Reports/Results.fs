/// Loaders: a results folder (one folder per study, one per run) read through the core's results layer into the
/// records the pages use. Never trains.
module ReluStudy.Reports.Results

open System.IO
open ReluStudy.Core.Results

/// One logged iteration: the CSV columns by their current names (empty cells left out).
type Row = { Iteration: int; Values: Map<string, float> }

/// One run folder.
type Run =
    { Id: string
      Folder: string
      Label: string
      Axes: Map<string, string>
      /// SHA-256 of the prepared training data (spec.json), which ties a run to its data set's baselines
      DataChecksum: string option
      IsTwoLayer: bool
      Status: RunStatus
      Message: string option
      Width: int
      Seed: uint64
      Step: float
      /// config entries as text, for the methods page
      Config: (string * string) list
      /// summary entries as text
      Summary: (string * string) list
      Software: (string * string) list
      Machine: (string * string) list
      Rows: Row list
      /// prediction.csv: the training the tangent kernel predicts (empty for runs without it)
      Predictions: Row list
      /// kernel.csv: the empirical kernel on the Gram schedule, layer 0 the whole kernel
      Kernel: Row list
      /// everything the folder holds, typed
      Result: RunResult }

/// One study folder (with study.json): its declaration, which decides what its page shows, its runs, and the run folders
/// an earlier declaration left there (not listed in study.json, so not shown: a changed step must not mix with the new).
type Study = { Name: string; Folder: string; Declaration: StudyDeclaration; Runs: Run list; Undeclared: string list }

let private rows (csv: CsvRow seq) =
    [ for row in csv -> { Iteration = row.Iteration; Values = row.Values |> Seq.map (fun kv -> kv.Key, kv.Value) |> Map.ofSeq } ]

let private section (r: RunRecord) name = RunRecordFile.Section(r, name) |> Seq.map (fun struct (k, v) -> k, v) |> List.ofSeq

/// Reads one run folder.
let loadRun (folder: string) : Run =
    let r = RunResult.Read folder
    let axes = match r.Spec with null -> Map.empty | spec -> spec.Axes |> Seq.map (fun kv -> kv.Key, kv.Value) |> Map.ofSeq
    { Id = r.Id
      Folder = r.Folder
      Label = axes |> Map.toList |> List.map (fun (k, v) -> $"{k}={v}") |> String.concat " "
      Axes = axes
      DataChecksum = match r.Spec with null -> None | spec -> Some spec.DataChecksum
      IsTwoLayer = r.Config.IsTwoLayer
      Status = r.Status
      Message = Option.ofObj r.Record.Message
      Width = r.Width
      Seed = r.Seed
      Step = r.Config.Step
      Config = section r.Record "config"
      Summary = section r.Record "summary"
      Software = section r.Record "software"
      Machine = section r.Record "machine"
      Rows = rows r.Rows
      Predictions = rows r.PredictionRows
      Kernel = rows r.KernelRows
      Result = r }

/// Every study under the results root (folders holding study.json), in name order; the runs its study.json lists, in id order.
let load (root: string) : Study list =
    if not (Directory.Exists root) then invalidArg "root" $"results folder: must exist; got '{root}'"
    [ for dir in RunFiles.StudyFoldersUnder root do
          let index = StudyIndex.Read dir
          let declared = index.Runs |> Seq.map _.Id |> Set.ofSeq
          let folders = Directory.GetDirectories dir |> Array.sort |> Array.filter RunFiles.HoldsRun
          let listed, undeclared = folders |> Array.partition (fun f -> declared.Contains(Path.GetFileName f))
          { Name = Path.GetFileName dir; Folder = dir; Declaration = index.Declaration
            Runs = listed |> Array.map loadRun |> List.ofArray
            Undeclared = undeclared |> Array.map Path.GetFileName |> List.ofArray } ]
