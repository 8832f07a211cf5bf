/// Test error of the trained networks against width, at the end of training and at zero training error,
/// with ML.NET's baselines on the same split as reference lines (results/<study>/baselines/*.json).
module ReluStudy.Reports.Generalisation

open System.Globalization
open System.Text
open ReluStudy.Reports.Bands
open ReluStudy.Reports.Charts
open ReluStudy.Core.Baselines
open ReluStudy.Core.Results
open ReluStudy.Reports.Results

/// The test error of a run at the end of training and at its first logged row with zero training error.
let private testErrors (r: RunResult) =
    let withTest = r.Rows |> Seq.filter (fun row -> row.Has MetricColumns.TestError) |> List.ofSeq
    let last = withTest |> List.tryLast |> Option.map (fun row -> row[MetricColumns.TestError].Value)
    let atZero =
        withTest |> List.tryFind (fun row -> row[MetricColumns.TrainError] = System.Nullable 0.0) |> Option.map (fun row -> row[MetricColumns.TestError].Value)
    last, atZero

/// A horizontal reference line across the widths studied.
let private line (b: BaselineResult) (widths: float list) =
    Bands.level $"{b.Name} (baseline)" (List.min widths) (List.max widths) (1.0 - b.TestAccuracy)

/// "mnist 3 vs 8 (n = 300, test n = 500)".
let private title (d: BaselinesRecord) = $"{d.Dataset} {d.ClassA} vs {d.ClassB} (n = {d.TrainCount}, test n = {d.TestCount})"

/// One data set's baselines as a table: name, test accuracy and error, the chosen hyperparameters, seconds to fit.
let table (d: BaselinesRecord) : Tables.Table =
    let inv = CultureInfo.InvariantCulture
    Tables.table $"Baselines on {title d}: ML.NET's classifiers on the same split"
        [ "baseline"; "test accuracy"; "test error"; "hyperparameters"; "fit seconds" ]
        [ for x in d.Baselines ->
              let hp = x.Hyperparameters |> Seq.map (fun p -> $"{p.Key} = {p.Value.ToString(inv)}") |> String.concat ", "
              [ $"{x.Name} ({x.Description})"; x.TestAccuracy.ToString("P2", inv); (1.0 - x.TestAccuracy).ToString("P2", inv); hp; x.Seconds.ToString("F2", inv) ] ]

/// The section: per data set, the figure and the baselines' table. Empty when no run logged a test error.
let section (s: Study) (runs: RunResult list) : string * Figure list =
    let deep = runs |> List.filter (fun r -> not r.Config.IsTwoLayer && r.Rows |> Seq.exists (fun row -> row.Has MetricColumns.TestError))
    if deep.IsEmpty then "", []
    else
        let inv = CultureInfo.InvariantCulture
        let b = StringBuilder()
        b.Append("## Generalisation\n\nTest error of the trained networks against width: at the end of training, and at the first logged iteration with zero training error (only the seeds that reached it). ") |> ignore
        b.Append("The horizontal lines are ML.NET's classic classifiers on the same preprocessed training set and test split, each with the hyperparameters that did best on a seeded validation split of the training set, refitted on all of it. ") |> ignore
        b.Append("The theorems speak of the training loss only; this is what a reader asks next.\n\n") |> ignore
        let groups = deep |> List.groupBy (fun r -> r.Spec |> Option.ofObj |> Option.map _.DataChecksum) |> List.sortBy fst
        let figures =
            [ for i, (checksum, group) in List.indexed groups do
                  let data = s.Baselines |> List.tryFind (fun d -> Some d.DataChecksum = checksum)
                  let title =
                      match data with
                      | Some d -> title d
                      | None -> match group.Head.Axes.TryGetValue "data" with | true, v -> v | _ -> "data"
                  let widths = group |> List.map (fun r -> float r.Width) |> List.distinct
                  let bands =
                      Bands.perWidth [ "data" ] "networks at the end of training" (testErrors >> fst) group
                      @ Bands.perWidth [ "data" ] "networks at zero training error" (testErrors >> snd) group
                      @ (data |> Option.map (fun d -> d.Baselines |> Seq.map (fun x -> line x widths) |> List.ofSeq) |> Option.defaultValue [])
                  let fig = figure $"generalisation-{i + 1}" $"Test error: {title}" "width m" "test error" false bands
                  b.Append($"### {title}\n\n{{{{chart:{fig.Id}}}}}\n\n[Data as CSV]({fig.Id}.csv)\n\n") |> ignore
                  match data with
                  | Some d -> b.Append(Tables.markdown (table d)).Append("\n") |> ignore
                  | None -> b.Append("No baselines for this data set (declare `baselines` in the study to train them).\n\n") |> ignore
                  fig ]
        b.ToString(), figures
