/// Loaders: a results folder (one folder per study, one per run) read into typed records. Never trains.
module ReluStudy.Reports.Results

open System
open System.Globalization
open System.IO
open System.Text.Json

/// One logged iteration: the metrics.csv columns by name (empty cells left out).
type Row = { Iteration: int; Values: Map<string, float> }

/// One run folder.
type Run =
    { Id: string
      Folder: string
      Label: string
      Axes: Map<string, string>
      /// SHA-256 of the prepared training data (spec.json of study runs), which ties a run to its data set's baselines
      DataChecksum: string option
      Model: string
      Status: string
      Message: string option
      Width: int
      Seed: int
      StepSize: float
      /// config entries as text, for the methods page
      Config: (string * string) list
      /// summary entries as text
      Summary: (string * string) list
      Software: (string * string) list
      Machine: (string * string) list
      Rows: Row list }

/// One study folder (with study.json): its declaration (summary, tracked quantities, overlays) and runs.
type Study = { Name: string; Folder: string; Declaration: (string * string) list; Runs: Run list }

let private text (e: JsonElement) =
    match e.ValueKind with
    | JsonValueKind.String -> e.GetString()
    | JsonValueKind.Null -> ""
    | _ -> e.GetRawText()

let private entries (root: JsonElement) name =
    match root.TryGetProperty(name: string) with
    | true, o when o.ValueKind = JsonValueKind.Object -> [ for p in o.EnumerateObject() -> p.Name, text p.Value ]
    | _ -> []

let private readRows path =
    if not (File.Exists path) then []
    else
        let lines = File.ReadAllLines path
        let header = lines[0].Split ','
        [ for line in lines |> Seq.skip 1 |> Seq.filter (fun l -> l.Length > 0) ->
              let cells = line.Split ','
              let values =
                  [ for c in 0 .. min header.Length cells.Length - 1 do
                        match Double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture) with
                        | true, v -> header[c], v
                        | _ -> () ]
                  |> Map.ofList
              { Iteration = int values["iteration"]; Values = values } ]

/// Reads one run folder.
let loadRun (folder: string) : Run =
    use record = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "run.json")))
    let root = record.RootElement
    let config = root.GetProperty "config"
    let axes, checksum =
        let spec = Path.Combine(folder, "spec.json")
        if File.Exists spec then
            use s = JsonDocument.Parse(File.ReadAllText spec)
            let checksum = match s.RootElement.TryGetProperty "data_checksum" with | true, c -> Some(c.GetString()) | _ -> None
            ([ for p in s.RootElement.GetProperty("axes").EnumerateObject() -> p.Name, p.Value.GetString() ] |> Map.ofList), checksum
        else Map.empty, None
    let model = match config.TryGetProperty "model" with | true, m -> m.GetString() | _ -> "deep"
    let width =
        if model = "two-layer" then config.GetProperty("width").GetInt32()
        else config.GetProperty("widths").EnumerateArray() |> Seq.map _.GetInt32() |> Seq.min
    { Id = Path.GetFileName folder
      Folder = folder
      Label = axes |> Map.toList |> List.map (fun (k, v) -> $"{k}={v}") |> String.concat " "
      Axes = axes
      DataChecksum = checksum
      Model = model
      Status = root.GetProperty("status").GetString()
      Message = (match root.TryGetProperty "message" with | true, m when m.ValueKind = JsonValueKind.String -> Some(m.GetString()) | _ -> None)
      Width = width
      Seed = config.GetProperty("seed").GetInt32()
      StepSize = config.GetProperty("lr").GetDouble()
      Config = entries root "config"
      Summary = entries root "summary"
      Software = entries root "software"
      Machine = entries root "machine"
      Rows = readRows (Path.Combine(folder, "metrics.csv")) }

/// Every study under the results root (folders holding study.json), in name order; runs in id order.
let load (root: string) : Study list =
    if not (Directory.Exists root) then invalidArg "root" $"results folder: must exist; got '{root}'"
    [ for dir in Directory.GetDirectories root |> Array.sort do
          if File.Exists(Path.Combine(dir, "study.json")) then
              let runs =
                  Directory.GetDirectories dir
                  |> Array.sort
                  |> Array.filter (fun d -> File.Exists(Path.Combine(d, "run.json")))
                  |> Array.map loadRun
                  |> List.ofArray
              use index = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "study.json")))
              { Name = Path.GetFileName dir; Folder = dir; Declaration = entries index.RootElement "declaration"; Runs = runs } ]
