/// Test error of the trained networks against width, at the end of training and at zero training error,
/// with ML.NET's baselines on the same split as reference lines (results/<study>/baselines/*.json).
module ReluStudy.Reports.Generalisation

open System.Globalization
open System.IO
open System.Text
open System.Text.Json
open ReluStudy.Reports.Bands
open ReluStudy.Reports.Charts
open ReluStudy.Core.Results
open ReluStudy.Reports.Results

/// One baseline as the runner recorded it.
type Baseline =
    { Name: string
      Description: string
      TestAccuracy: float
      Seconds: float
      Hyperparameters: (string * float) list }

/// The baselines of one prepared data set.
type DataBaselines =
    { Dataset: string
      Classes: string
      Checksum: string
      TrainCount: int
      TestCount: int
      Baselines: Baseline list }

/// Every baselines/*.json of a study folder, in file order.
let load (studyFolder: string) : DataBaselines list =
    let folder = Path.Combine(studyFolder, "baselines")
    if not (Directory.Exists folder) then []
    else
        [ for file in Directory.GetFiles(folder, "*.json") |> Array.sort do
              use json = JsonDocument.Parse(File.ReadAllText file)
              let root = json.RootElement
              let str (name: string) = root.GetProperty(name).GetString()
              { Dataset = str "dataset"
                Classes = $"""{str "class_a"} vs {str "class_b"}"""
                Checksum = str "data_checksum"
                TrainCount = root.GetProperty("train_count").GetInt32()
                TestCount = root.GetProperty("test_count").GetInt32()
                Baselines =
                  [ for b in root.GetProperty("baselines").EnumerateArray() ->
                        { Name = b.GetProperty("name").GetString()
                          Description = b.GetProperty("description").GetString()
                          TestAccuracy = b.GetProperty("test_accuracy").GetDouble()
                          Seconds = b.GetProperty("seconds").GetDouble()
                          Hyperparameters = [ for p in b.GetProperty("hyperparameters").EnumerateObject() -> p.Name, p.Value.GetDouble() ] } ] } ]

/// The test error of a run at the end of training and at its first logged row with zero training error.
let private testErrors (r: Run) =
    let testError, trainError = MetricColumns.TestError.Name, MetricColumns.TrainError.Name
    let withTest = r.Rows |> List.filter (fun row -> row.Values.ContainsKey testError)
    let last = withTest |> List.tryLast |> Option.map (fun row -> row.Values[testError])
    let atZero =
        withTest |> List.tryFind (fun row -> row.Values.TryFind trainError = Some 0.0) |> Option.map (fun row -> row.Values[testError])
    last, atZero

/// A horizontal reference line across the widths studied.
let private line (b: Baseline) (widths: float list) =
    let e = 1.0 - b.TestAccuracy
    Bands.ofPoints $"{b.Name} (baseline)" 0 1 [ List.min widths, [ e ]; List.max widths, [ e ] ]

/// One data set's baselines as a table: name, test accuracy and error, the chosen hyperparameters, seconds to fit.
let table (d: DataBaselines) : Tables.Table =
    let inv = CultureInfo.InvariantCulture
    Tables.table $"Baselines on {d.Dataset} {d.Classes} (n = {d.TrainCount}, test n = {d.TestCount}): ML.NET's classifiers on the same split"
        [ "baseline"; "test accuracy"; "test error"; "hyperparameters"; "fit seconds" ]
        [ for x in d.Baselines ->
              let hp = x.Hyperparameters |> List.map (fun (k, v) -> $"{k} = {v.ToString(inv)}") |> String.concat ", "
              [ $"{x.Name} ({x.Description})"; x.TestAccuracy.ToString("P2", inv); (1.0 - x.TestAccuracy).ToString("P2", inv); hp; x.Seconds.ToString("F2", inv) ] ]

/// The section: per data set, the figure and the baselines' table. Empty when no run logged a test error.
let section (studyFolder: string) (runs: Run list) : string * Figure list =
    let baselines = load studyFolder
    let deep = runs |> List.filter (fun r -> not r.IsTwoLayer && r.Rows |> List.exists (fun row -> row.Values.ContainsKey MetricColumns.TestError.Name))
    if deep.IsEmpty then "", []
    else
        let inv = CultureInfo.InvariantCulture
        let b = StringBuilder()
        b.Append("## Generalisation\n\nTest error of the trained networks against width: at the end of training, and at the first logged iteration with zero training error (only the seeds that reached it). ") |> ignore
        b.Append("The horizontal lines are ML.NET's classic classifiers on the same preprocessed training set and test split, each with the hyperparameters that did best on a seeded validation split of the training set, refitted on all of it. ") |> ignore
        b.Append("The theorems speak of the training loss only; this is what a reader asks next.\n\n") |> ignore
        let groups = deep |> List.groupBy (fun r -> r.DataChecksum) |> List.sortBy (fun (c, _) -> c)
        let figures =
            [ for i, (checksum, group) in List.indexed groups do
                  let data = baselines |> List.tryFind (fun d -> Some d.Checksum = checksum)
                  let title =
                      match data with
                      | Some d -> $"{d.Dataset} {d.Classes} (n = {d.TrainCount}, test n = {d.TestCount})"
                      | None -> group.Head.Axes.TryFind "data" |> Option.defaultValue "data"
                  let widths = group |> List.map (fun r -> float r.Width) |> List.distinct
                  let bands =
                      Bands.perWidth [ "data" ] "networks at the end of training" (testErrors >> fst) group
                      @ Bands.perWidth [ "data" ] "networks at zero training error" (testErrors >> snd) group
                      @ (data |> Option.map (fun d -> d.Baselines |> List.map (fun x -> line x widths)) |> Option.defaultValue [])
                  let fig = figure $"generalisation-{i + 1}" $"Test error: {title}" "width m" "test error" false bands
                  b.Append($"### {title}\n\n{{{{chart:{fig.Id}}}}}\n\n[Data as CSV]({fig.Id}.csv)\n\n") |> ignore
                  match data with
                  | Some d -> b.Append(Tables.markdown (table d)).Append("\n") |> ignore
                  | None -> b.Append("No baselines for this data set (declare `baselines` in the study to train them).\n\n") |> ignore
                  fig ]
        b.ToString(), figures
