/// Width scaling (docs/theory.md, sections 4 and 8): each prediction's quantity against width on log-log axes, the
/// least-squares line over the widths in the lazy range, the predicted slope through the data, the widths left out
/// greyed with their reason, the fitted exponent with its interval, and the verdict.
module ReluStudy.Reports.Scaling

open System.Globalization
open XPlot.Plotly
open ReluStudy.Core.Results
open ReluStudy.Core.Theory
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
    let xs = points |> List.map _.Width
    let lo, hi = List.min xs, List.max xs
    let line slope intercept = [ lo; hi ], [ exp (intercept + slope * log lo); exp (intercept + slope * log hi) ]
    let meanLogX = points |> List.averageBy (fun p -> log p.Width)
    let meanLogY = points |> List.averageBy (fun p -> log p.Value)
    let fx, fy = line fit.Exponent fit.Intercept
    let predicted = q.Predicted[0]
    let px, py = line predicted (meanLogY - predicted * meanLogX)
    let excluded = List.ofSeq f.ExcludedPoints
    let traces: Trace list =
        [ Scatter(x = xs, y = (points |> List.map _.Value), mode = "markers", name = "runs")
          Scatter(x = fx, y = fy, mode = "lines", name = $"fit b = {fit.Exponent:F3}")
          Scatter(x = px, y = py, mode = "lines", name = $"predicted slope {predicted:G3}", line = Line(dash = "dash"))
          if not excluded.IsEmpty then
              Scatter(x = (excluded |> List.map _.Width), y = (excluded |> List.map _.Value), mode = "markers", name = "left out (not lazy)",
                      marker = Marker(color = "#b0b0b0"), text = (excluded |> List.map (fun p -> f.ExcludedWidths[p.Width]))) ]
    let layout =
        Layout(title = $"{q.Id}: {q.Description}", xaxis = Xaxis(title = "width m", ``type`` = "log"), yaxis = Yaxis(title = q.Id, ``type`` = "log"))
    let c = traces |> Chart.Plot |> Chart.WithLayout layout |> Chart.WithWidth 820 |> Chart.WithHeight 420
    c.WithId id
    let csv = System.Text.StringBuilder("width,seed,value,used\n")
    for p in points do csv.Append($"{number p.Width},{p.Seed},{number p.Value},true\n") |> ignore
    for p in excluded do csv.Append($"{number p.Width},{p.Seed},{number p.Value},false\n") |> ignore
    { Id = id; Html = c.GetInlineHtml(); Csv = csv.ToString(); Traces = traces.Length }

/// The predictions the study's declaration asks to fit, over its runs that finished without diverging.
let fits (declaration: StudyDeclaration) (runs: RunResult list) : Fitted list =
    let runs = runs |> List.filter (fun r -> RunStatuses.IsUsableForFits r.Status)
    if runs.IsEmpty then []
    else
        [ for q in ScalingQuantities.For runs |> Seq.filter (fun q -> declaration.Fits q.Prediction && runs |> List.exists q.IsRecordedBy) do
              let f = ScalingFit.Of(ResizeArray runs, q)
              let id = "scaling-" + q.Id.ToLowerInvariant()
              { Id = q.Id; Description = q.Description; Fit = f; Figure = f.Fit |> Option.ofObj |> Option.map (chart id f) } ]

/// fits.json: one object per fitted quantity, in the shape relustudy fit --json writes.
let json (fits: Fitted list) =
    System.Text.Json.Nodes.JsonArray(fits |> List.map (fun f -> ScalingFitJson.ToJson f.Fit :> System.Text.Json.Nodes.JsonNode) |> Array.ofList)
        .ToJsonString(System.Text.Json.JsonSerializerOptions(WriteIndented = true)) + "\n"
