/// Seeds aggregated per width, showing only what happened: a mean and a min–max band where every seed of the width has a
/// value, and each seed on its own past that (a run that stopped at its loss target has no later rows to average).
module ReluStudy.Reports.Bands

open ReluStudy.Core.Results
open ReluStudy.Reports.Results

/// One seed drawn on its own, where not every seed of its curve has a value.
type Single = { Seed: uint64; X: float list; Y: float list }

/// Where one run's curve ends (its last point) and the regime that run trained in: the figures mark it there.
type End = { X: float; Y: float; Regime: ReluStudy.Core.Training.Regime }

/// One curve of a figure: a width (and the data set when a study sweeps several); where all its <c>Seeds</c> have a value,
/// the x values with their mean, min and max; and past that, each seed that goes on, as <c>Singles</c>.
type Band =
    { Name: string
      Width: int
      X: float list
      Mean: float list
      Low: float list
      High: float list
      Seeds: int
      Singles: Single list
      Ends: End list }

/// The rule every figure, its CSV, the LaTeX figures and the claims follow, for the captions.
let Rule =
    "A mean and its band are drawn only where every seed of that width has a value; past the shortest run (a run stops at its loss target), each remaining seed is drawn on its own as a thin line in its width's colour."

/// How the x axis is measured.
type XAxis =
    /// Iteration k.
    | Iteration
    /// η·m·k, where the lazy regime (docs/theory.md: P5, P7) predicts the curves of all widths collapse.
    | StepTimesWidthTimesIteration

/// The sweep values other than width and seed (data set, depth, optimizer), which separate curves too.
let private others (r: RunResult) = r.Axes |> Seq.filter (fun a -> a.Key <> "width" && a.Key <> "seed") |> Seq.map (fun a -> a.Key, a.Value) |> Seq.sort |> List.ofSeq

/// A curve's name: the width when it has one, then the other sweep values ("m = 64, depth = 3").
let name (head: string) (other: (string * string) list) =
    head + (other |> List.map (fun (k, v) -> $", {k} = {v}") |> String.concat "")

/// One band from every seed's own points (x, value), each seed's x in order: the mean, min and max at each x that every
/// seed has, and each seed's points from the last such x on (all of them when the seeds share none).
let ofSeeds (name: string) (width: int) (seeds: (uint64 * (float * float) list) list) : Band =
    let shared =
        match seeds with
        | [] -> []
        | _ -> seeds |> List.map (snd >> List.map fst >> Set.ofList) |> Set.intersectMany |> Set.toList
    let values = seeds |> List.map (snd >> Map.ofList)
    let at x = values |> List.map (fun v -> v[x])
    let singles =
        [ for seed, points in seeds do
              let tail = match List.tryLast shared with Some last -> points |> List.filter (fun (x, _) -> x >= last) | None -> points
              if tail.Length > 1 || (shared.IsEmpty && not tail.IsEmpty) then
                  { Seed = seed; X = tail |> List.map fst; Y = tail |> List.map snd } ]
    { Name = name; Width = width; X = shared
      Mean = shared |> List.map (at >> List.average); Low = shared |> List.map (at >> List.min); High = shared |> List.map (at >> List.max)
      Seeds = seeds.Length; Singles = singles; Ends = [] }

/// For each group of runs that differ only in seed, a band of a value of the rows <paramref name="table"/> picks
/// (metrics.csv, prediction.csv, ...), each run's rows with a value.
let ofRows (table: RunResult -> CsvRow seq) (value: CsvRow -> float option) (x: XAxis) (runs: RunResult list) : Band list =
    runs
    |> List.filter (fun r -> table r |> Seq.exists (value >> Option.isSome))
    |> List.groupBy (fun r -> others r, r.Width)
    |> List.sortBy fst
    |> List.map (fun ((other, width), group) ->
        let seeds =
            [ for r in group |> List.sortBy _.Seed ->
                  // each run's own eta: a multiple of the critical step (Gd.Critical) resolves to another eta for every seed
                  let scale = match x with Iteration -> 1.0 | StepTimesWidthTimesIteration -> r.Config.Step * float width
                  r.Seed, [ for row in table r do
                                match value row with
                                | Some v -> scale * float row.Iteration, v
                                | None -> () ] ]
        let ends =
            [ for r, (_, points) in List.zip (group |> List.sortBy _.Seed) seeds do
                  match List.tryLast points, regime r with
                  | Some(x, y), Some(g, _) -> { X = x; Y = y; Regime = g }
                  | _ -> () ]
        { ofSeeds (name $"m = {width}" other) width seeds with Ends = ends })

/// A column's bands from the rows <paramref name="table"/> picks.
let ofColumn (table: RunResult -> CsvRow seq) (column: MetricColumn) (x: XAxis) (runs: RunResult list) : Band list =
    ofRows table (fun row -> Option.ofNullable row[column]) x runs

/// A metrics.csv column's bands.
let ofMetric (column: MetricColumn) (x: XAxis) (runs: RunResult list) : Band list = ofColumn _.Rows column x runs

/// A per-run value against width, one band per setting of the sweep axes other than width, seed and
/// <paramref name="alsoIgnored"/>: the mean where every seed of a width has a value, each seed's own point elsewhere.
let perWidth (alsoIgnored: string list) (label: string) (value: RunResult -> float option) (runs: RunResult list) : Band list =
    runs
    |> List.groupBy (fun r -> others r |> List.filter (fun (k, _) -> not (List.contains k alsoIgnored)))
    |> List.sortBy fst
    |> List.choose (fun (other, group) ->
        let byWidth = group |> List.groupBy _.Width |> List.sortBy fst
        let complete, partial = byWidth |> List.partition (fun (_, rs) -> rs |> List.forall (value >> Option.isSome))
        let points = complete |> List.map (fun (w, rs) -> float w, rs |> List.choose value)
        let singles =
            partial
            |> List.collect (fun (w, rs) -> rs |> List.choose (fun r -> value r |> Option.map (fun v -> r.Seed, (float w, v))))
            |> List.groupBy fst
            |> List.map (fun (seed, ps) -> { Seed = seed; X = ps |> List.map (snd >> fst); Y = ps |> List.map (snd >> snd) })
        if points.IsEmpty && singles.IsEmpty then None
        else
            let seeds = byWidth |> List.map (snd >> List.length) |> List.max
            Some
                { Name = name label other; Width = 0; X = points |> List.map fst
                  Mean = points |> List.map (snd >> List.average); Low = points |> List.map (snd >> List.min); High = points |> List.map (snd >> List.max)
                  Seeds = seeds; Singles = singles; Ends = [] })

/// A horizontal reference line from x0 to x1 at y, drawn like a band of one value.
let level (name: string) (x0: float) (x1: float) (y: float) : Band =
    { Name = name; Width = 0; X = [ x0; x1 ]; Mean = [ y; y ]; Low = [ y; y ]; High = [ y; y ]; Seeds = 1; Singles = []; Ends = [] }

/// At most <paramref name="points"/> points of a list, evenly spaced in index, keeping the first and the last.
let private keep (points: int) (xs: 'T list) =
    let n = xs.Length
    if n <= points then xs
    else
        let kept = Set.ofList [ for j in 0 .. points - 1 -> int (round (float j * float (n - 1) / float (points - 1))) ]
        xs |> List.indexed |> List.filter (fun (i, _) -> kept.Contains i) |> List.map snd

/// At most <paramref name="points"/> of a band's points (and of each single's): what a TeX figure can draw (pgfplots keeps
/// every point in TeX's memory) from runs logged at every iteration.
let thin (points: int) (band: Band) : Band =
    { band with
        X = keep points band.X; Mean = keep points band.Mean; Low = keep points band.Low; High = keep points band.High
        Singles = band.Singles |> List.map (fun s -> { s with X = keep points s.X; Y = keep points s.Y }) }
