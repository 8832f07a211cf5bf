/// Seeds aggregated per width: the mean and the min–max band of a metric at every logged iteration.
module ReluStudy.Reports.Bands

open ReluStudy.Reports.Results

/// One curve of a figure: a width (and the data set when a study sweeps several), x values, mean, min and max over seeds.
type Band =
    { Name: string
      Width: int
      X: float list
      Mean: float list
      Low: float list
      High: float list
      Seeds: int }

/// How the x axis is measured.
type XAxis =
    /// Iteration k.
    | Iteration
    /// η·m·k, where the lazy regime (docs/theory.md: P5, P7) predicts the curves of all widths collapse.
    | StepTimesWidthTimesIteration

/// The sweep values other than width and seed (data set, depth, optimizer), which separate curves too.
let private others (r: Run) = r.Axes |> Map.toList |> List.filter (fun (k, _) -> k <> "width" && k <> "seed")

/// A curve's name: the width when it has one, then the other sweep values ("m = 64, depth = 3").
let name (head: string) (other: (string * string) list) =
    head + (other |> List.map (fun (k, v) -> $", {k} = {v}") |> String.concat "")

/// One band from the values the runs gave at each x, sorted by x: their mean, min and max.
let ofPoints (name: string) (width: int) (seeds: int) (points: (float * float list) list) : Band =
    { Name = name
      Width = width
      X = points |> List.map fst
      Mean = points |> List.map (fun (_, vs) -> List.average vs)
      Low = points |> List.map (fun (_, vs) -> List.min vs)
      High = points |> List.map (fun (_, vs) -> List.max vs)
      Seeds = seeds }

/// For each group of runs that differ only in seed, a column's mean, min and max over the runs that logged each iteration,
/// from the rows <paramref name="table"/> picks (metrics.csv, prediction.csv, ...).
let ofColumn (table: Run -> Row list) (metric: string) (x: XAxis) (runs: Run list) : Band list =
    runs
    |> List.filter (fun r -> table r |> List.exists (fun row -> row.Values.ContainsKey metric))
    |> List.groupBy (fun r -> others r, r.Width)
    |> List.sortBy fst
    |> List.map (fun ((other, width), group) ->
        let step = group.Head.Step
        let points =
            group
            |> List.collect (fun r -> table r |> List.choose (fun row -> row.Values.TryFind metric |> Option.map (fun v -> row.Iteration, v)))
            |> List.groupBy fst
            |> List.sortBy fst
            |> List.map (fun (k, vs) -> k, vs |> List.map snd)
        let scale = match x with Iteration -> 1.0 | StepTimesWidthTimesIteration -> step * float width
        ofPoints (name $"m = {width}" other) width group.Length (points |> List.map (fun (k, vs) -> scale * float k, vs)))

/// A metrics.csv column's bands.
let ofMetric (metric: string) (x: XAxis) (runs: Run list) : Band list = ofColumn _.Rows metric x runs

/// Mean, min and max over seeds of a per-run value against width, one band per setting of the sweep axes other than
/// width, seed and <paramref name="alsoIgnored"/>.
let perWidth (alsoIgnored: string list) (label: string) (value: Run -> float option) (runs: Run list) : Band list =
    runs
    |> List.groupBy (fun r -> others r |> List.filter (fun (k, _) -> not (List.contains k alsoIgnored)))
    |> List.sortBy fst
    |> List.choose (fun (other, group) ->
        let points =
            group
            |> List.choose (fun r -> value r |> Option.map (fun v -> r.Width, v))
            |> List.groupBy fst
            |> List.sortBy fst
            |> List.map (fun (w, vs) -> w, vs |> List.map snd)
        if points.IsEmpty then None
        else
            let seeds = points |> List.map (snd >> List.length) |> List.max
            Some(ofPoints (name label other) 0 seeds (points |> List.map (fun (w, vs) -> float w, vs))))

/// At most <paramref name="points"/> of a band's points, evenly spaced in index, keeping the first and the last: what a
/// TeX figure can draw (pgfplots keeps every point in TeX's memory) from runs logged at every iteration.
let thin (points: int) (band: Band) : Band =
    let n = band.X.Length
    if n <= points then band
    else
        let keep = Set.ofList [ for j in 0 .. points - 1 -> int (round (float j * float (n - 1) / float (points - 1))) ]
        let pick (xs: float list) = xs |> List.indexed |> List.filter (fun (i, _) -> keep.Contains i) |> List.map snd
        { band with X = pick band.X; Mean = pick band.Mean; Low = pick band.Low; High = pick band.High }
