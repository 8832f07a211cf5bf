/// Width scaling (theory.md §7): each quantity against width on log–log axes, the least-squares line, the
/// predicted slope through the data, the fitted exponent with its interval, and the verdict.
module ReluStudy.Reports.Scaling

open System.Globalization
open XPlot.Plotly
open ReluStudy.Core.Theory
open ReluStudy.Reports.Charts

/// One fitted quantity: its id, description, points, fit (when at least two widths have values) and chart.
type Fitted =
    { Id: string
      Description: string
      Points: ScalingPoint list
      Fit: PowerLawResult option
      Figure: Figure option }

let private number (v: float) = v.ToString("R", CultureInfo.InvariantCulture)

/// "consistent with +1" style summary of a fit.
let verdict (f: Fitted) =
    match f.Fit with
    | None -> "not enough widths"
    | Some fit ->
        fit.Comparisons
        |> Seq.map (fun c ->
            let predicted = c.Predicted.ToString("+0.###;-0.###", CultureInfo.InvariantCulture)
            let judged = c.Verdict.ToString().ToLowerInvariant()
            $"{judged} with {predicted}")
        |> String.concat ", "

let private chart (id: string) (q: ScalingQuantity) (points: ScalingPoint list) (fit: PowerLawResult) =
    let xs = points |> List.map _.Width
    let lo, hi = List.min xs, List.max xs
    let line slope intercept = [ lo; hi ], [ exp (intercept + slope * log lo); exp (intercept + slope * log hi) ]
    let meanLogX = points |> List.averageBy (fun p -> log p.Width)
    let meanLogY = points |> List.averageBy (fun p -> log p.Value)
    let fx, fy = line fit.Exponent fit.Intercept
    let predicted = q.Predicted[0]
    let px, py = line predicted (meanLogY - predicted * meanLogX)
    let traces: Trace list =
        [ Scatter(x = xs, y = (points |> List.map _.Value), mode = "markers", name = "runs")
          Scatter(x = fx, y = fy, mode = "lines", name = $"fit b = {fit.Exponent:F3}")
          Scatter(x = px, y = py, mode = "lines", name = $"predicted slope {predicted:G3}", line = Line(dash = "dash")) ]
    let layout =
        Layout(title = $"{q.Id}: {q.Description}", xaxis = Xaxis(title = "width m", ``type`` = "log"), yaxis = Yaxis(title = q.Id, ``type`` = "log"))
    let c = traces |> Chart.Plot |> Chart.WithLayout layout |> Chart.WithWidth 820 |> Chart.WithHeight 420
    c.WithId id
    let csv = System.Text.StringBuilder("width,seed,value\n")
    for p in points do csv.Append($"{number p.Width},{p.Seed},{number p.Value}\n") |> ignore
    { Id = id; Html = c.GetInlineHtml(); Csv = csv.ToString(); Traces = traces.Length }

/// The quantities of the predictions the study's declaration asks to fit, over its runs that finished without diverging.
let fits (declaration: ReluStudy.Core.Results.StudyDeclaration) (runs: ReluStudy.Core.Results.RunResult list) : Fitted list =
    let runs = runs |> List.filter (fun r -> ReluStudy.Core.Results.RunStatuses.IsUsableForFits r.Status)
    if runs.IsEmpty then []
    else
        [ for q in ScalingQuantities.For runs |> Seq.filter (fun q -> declaration.Fits q.Prediction && runs |> List.exists q.IsRecordedBy) do
              let struct (points, _) = ScalingQuantities.Points(ResizeArray runs, q)
              let points = List.ofArray points
              let fit =
                  if (points |> List.map _.Width |> List.distinct).Length >= 2 then Some(PowerLawFit.Fit(ResizeArray points, q.Predicted)) else None
              let id = "scaling-" + q.Id.ToLowerInvariant()
              { Id = q.Id; Description = q.Description; Points = points; Fit = fit; Figure = fit |> Option.map (chart id q points) } ]
