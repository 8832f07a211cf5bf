/// Scaling fits (docs/theory.md, sections 4 and 8): each prediction's quantity against its swept axis (width, depth, step
/// or batch) on log-log axes, the least-squares line over the runs the fit admits, the predicted slope through the data,
/// the runs left out greyed with their reason, the fitted exponent with its interval, and the verdict.
module ReluStudy.Reports.Scaling

open System.Globalization
open XPlot.Plotly
open ReluStudy.Core.Results
open ReluStudy.Core.Theory.Fits
open ReluStudy.Reports.Charts

/// One fitted prediction and its chart (when at least two widths in the lazy range have values).
type Fitted =
    { Id: string
      Description: string
      Fit: ScalingFit
      Figure: Figure option }

let private number (v: float) = v.ToString("R", CultureInfo.InvariantCulture)

/// "consistent with +1", "insufficient (3 widths, 2 seeds)", or "not enough widths ...".
let verdict (f: Fitted) = f.Fit.Verdict

let private chart (id: string) (f: ScalingFit) (fit: PowerLawResult) =
    let q = f.Quantity
    let points = List.ofSeq f.Points
    let xs = points |> List.map _.X
    let lo, hi = List.min xs, List.max xs
    let line slope intercept = [ lo; hi ], [ exp (intercept + slope * log lo); exp (intercept + slope * log hi) ]
    let meanLogX = points |> List.averageBy (fun p -> log p.X)
    let meanLogY = points |> List.averageBy (fun p -> log p.Value)
    let fx, fy = line fit.Exponent fit.Intercept
    // the predicted slope through the data's centre, when a text predicts one: its name and its two ends
    let predicted =
        f.Predicted |> Seq.tryHead |> Option.map (fun b -> $"predicted slope {b:G3}", line b (meanLogY - b * meanLogX))
    let excluded = f.Excluded |> Seq.choose (fun e -> e.Point |> Option.ofObj |> Option.map (fun p -> p, e.Reason)) |> List.ofSeq
    let traces: Trace list =
        [ Scatter(x = xs, y = (points |> List.map _.Value), mode = "markers", name = "runs")
          Scatter(x = fx, y = fy, mode = "lines", name = $"fit b = {fit.Exponent:F3}")
          match predicted with
          | Some(name, (px, py)) -> Scatter(x = px, y = py, mode = "lines", name = name, line = Line(dash = "dash"))
          | None -> ()
          if not excluded.IsEmpty then
              Scatter(x = (excluded |> List.map (fst >> _.X)), y = (excluded |> List.map (fst >> _.Value)), mode = "markers", name = "left out (not lazy)",
                      marker = Marker(color = "#b0b0b0"), text = (excluded |> List.map snd)) ]
    let title = $"{q.Id}: {q.Description}"
    let layout = Layout(title = title, xaxis = Xaxis(title = q.Axis.Label, ``type`` = "log"), yaxis = Yaxis(title = q.Id, ``type`` = "log"))
    let c = traces |> Chart.Plot |> Chart.WithLayout layout |> Chart.WithWidth 820 |> Chart.WithHeight 420
    c.WithId id
    // Columns: the axis value (width, depth, ...) 0, seed 1, value 2, used 3 (1 in the fit, 0 left out).
    let csv = System.Text.StringBuilder($"{q.Axis.Name},seed,value,used\n")
    for p in points do csv.Append($"{number p.X},{p.Seed},{number p.Value},1\n") |> ignore
    for p, _ in excluded do csv.Append($"{number p.X},{p.Seed},{number p.Value},0\n") |> ignore
    let file = id + ".csv"
    let plots =
        [ Pgf.marks file 3 1 0 2 "#1f77b4" "runs"
          Pgf.through (List.zip fx fy) "#ff7f0e" "" $"fit b = {fit.Exponent:F3}"
          match predicted with
          | Some(name, (px, py)) -> Pgf.through (List.zip px py) "#2ca02c" "dash" name
          | None -> ()
          if not excluded.IsEmpty then Pgf.marks file 3 0 0 2 "#b0b0b0" "left out (not lazy)" ]
    { Id = id; Title = title; Html = html c id; Csv = csv.ToString(); Latex = Pgf.figure FullWidth.LatexAspect id file title q.Axis.Label q.Id true true plots
      LatexData = [ file, csv.ToString() ]; Traces = traces.Length }

/// The predictions the study's declaration asks to fit, over its runs that finished without diverging: one fit per
/// quantity and setting (the setting named in the id's label when a quantity has several).
let fits (declaration: StudyDeclaration) (runs: RunResult list) : Fitted list =
    [ for _, settings in ScalingFit.For(runs, System.Func<string, bool>(fun p -> declaration.Fits p)) |> List.ofSeq |> List.groupBy _.Quantity.Id do
          let several = settings.Length > 1
          for i, f in List.indexed settings do
              let q = f.Quantity
              let id = "scaling-" + q.Id.ToLowerInvariant() + (if several then $"-{i + 1}" else "")
              let label = if several then $"{q.Id} ({f.Setting})" else q.Id
              { Id = label; Description = q.Description; Fit = f; Figure = f.Fit |> Option.ofObj |> Option.map (chart id f) } ]

/// The fits as a table: quantity, fitted exponent, its interval, the axis values used ("m: 64, 128"), the verdict with its
/// adjusted p-value, and the runs left out or without a value.
let table (fits: Fitted list) : Tables.Table =
    let inv = CultureInfo.InvariantCulture
    let rows =
        [ for q in fits do
              let f = q.Fit
              let symbol = f.Quantity.Axis.Symbol
              let values = f.Points |> Seq.map _.X |> Seq.distinct |> Seq.sort |> Seq.map (fun w -> w.ToString(inv)) |> String.concat ", "
              let used = if values = "" then "" else $"{symbol}: {values} ({f.Points.Count} runs)"
              let left =
                  [ for e in f.Excluded do
                        $"{symbol} = {e.X.ToString(inv)} (run {e.Run}): {e.Reason}"
                    if f.ZeroRuns.Count > 0 then $"{f.ZeroRuns.Count} run(s) with the value 0 (no logarithm)"
                    if f.MissingRuns.Count > 0 then $"{f.MissingRuns.Count} run(s) without a value" ]
                  |> String.concat "; "
              match f.Fit with
              | null -> [ q.Id; "-"; "-"; used; verdict q; left ]
              | fit ->
                  let interval = if fit.Slope.HasInterval then System.String.Format(inv, "[{0:F3}, {1:F3}]", fit.Low, fit.High) else "-"
                  [ q.Id; fit.Exponent.ToString("F3", inv); interval; used; verdict q; left ] ]
    Tables.table "Scaling exponents: fitted against predicted (95 % t interval over the seeds' own slopes)"
        [ "quantity"; "fitted exponent"; "interval"; "fitted over"; "verdict"; "left out" ] rows

/// Where each departure comes from: the same exponent on the kernel's predicted trainings, one line per fit that has them.
let departures (fits: Fitted list) =
    [ for q in fits do
          match q.Fit.Departure, Seq.tryHead q.Fit.Predicted with
          | null, _ | _, None -> ()
          | d, Some b -> $"{q.Id}: {d.Explain(b, q.Fit.Fit)}." ]

/// fits.json: one entry per fitted quantity, in the shape relustudy fit --json prints, and for a study that searched the
/// largest stable step which of its predictions describes it (none: the key is left out).
let record (fits: Fitted list) (predictions: PredictionAgreement list) =
    FitsRecord(Fits = ResizeArray(fits |> List.map _.Fit.ToRecord()),
               StepPredictions = (if predictions.IsEmpty then null else ResizeArray(predictions |> List.map _.ToRecord())))

/// The page's section: the table of fitted exponents (with the axis values used and those left out) and a chart per quantity.
let section (b: System.Text.StringBuilder) (fits: Fitted list) (runs: RunResult list) =
    let inv = CultureInfo.InvariantCulture
    b.Append(System.String.Format(inv, "## Scaling fits\n\nEach prediction's quantity against the axis it is fitted over (width m, depth L, step eta or batch B: the table's 'fitted over') on log-log axes ([theory](../theory.html), section 4): each seed's own least-squares line, their mean slope drawn through the data beside the predicted one, the fitted exponent with its 95 % t interval over the seeds' slopes, and the verdict (section 8): consistent when the interval lies within {0} of the prediction, inconsistent when the test of the prediction rejects at {1} after Benjamini-Hochberg across this study's fits, inconclusive otherwise (naming a competing prediction the interval cannot exclude). A run enters a fit only where it is lazy by its own measurements ({2}); the others are drawn grey with the measured reason. A verdict needs at least {3} values of the axis and {4} seeds.\n\n",
                                  FitVerdicts.Margin, FitVerdicts.Level, LazyRange.Rule, PowerLawFit.MinValues, PowerLawFit.MinSeeds)) |> ignore
    b.Append(Tables.markdown (table fits)).Append("\n") |> ignore
    let fitted = fits |> List.collect (fun q -> q.Fit.Points |> Seq.map _.Run |> List.ofSeq) |> Set.ofList
    let warned = runs |> List.filter (fun r -> fitted.Contains r.Id) |> List.choose (fun r -> LazyRange.DepthWarning r |> Option.ofObj |> Option.map (fun w -> r.Width, w)) |> List.distinctBy fst
    for width, warning in warned do b.Append($"Warning: m = {width} in the fits has {warning} (a warning only: whether a run is lazy is measured).\n\n") |> ignore
    match departures fits with
    | [] -> ()
    | lines ->
        b.Append("Where the departures come from (the same exponent on the training the infinite-width kernel predicts, on the training each run's own initial kernel predicts, and measured):\n\n") |> ignore
        for line in lines do b.Append($"- {line}\n") |> ignore
        b.Append("\n") |> ignore

    for f in fits |> List.choose _.Figure do Page.chart b f
