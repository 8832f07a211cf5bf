/// Interactive charts (XPlot.Plotly) of aggregated curves, each with its data as CSV. Ids are fixed so pages rebuild byte-identically.
module ReluStudy.Reports.Charts

open System.Globalization
open System.Text
open XPlot.Plotly
open ReluStudy.Reports.Bands

/// A chart ready for a page: its HTML (a div and the script drawing it), its CSV and the number of traces drawn.
type Figure = { Id: string; Html: string; Csv: string; Traces: int }

let private palette = [| "#1f77b4"; "#d62728"; "#2ca02c"; "#9467bd"; "#ff7f0e"; "#17becf"; "#8c564b"; "#e377c2" |]

let private rgba (hex: string) alpha =
    let c i = System.Convert.ToInt32(hex.Substring(i, 2), 16)
    $"rgba({c 1},{c 3},{c 5},{alpha})"

let private number (v: float) = v.ToString("R", CultureInfo.InvariantCulture)

/// The bands as CSV: curve, x, mean, min, max over seeds, seeds.
let csv (xName: string) (bands: Band list) =
    let b = StringBuilder($"curve,{xName},mean,min,max,seeds\n")
    for band in bands do
        for i in 0 .. band.X.Length - 1 do
            b.Append($"\"{band.Name}\",{number band.X[i]},{number band.Mean[i]},{number band.Low[i]},{number band.High[i]},{band.Seeds}\n") |> ignore
    b.ToString()

/// A predicted curve drawn over the measured band named <c>Of</c>, in its colour (black when there is none), with a dash
/// style: "dash" for the infinite-width prediction, "dot" for the linearised one.
type Overlay = { Of: string; Band: Band; Dash: string }

/// One figure: for each band a shaded min–max area and its mean line, then each overlay's mean as a dashed line.
let figureWith (id: string) (title: string) (xTitle: string) (yTitle: string) (logY: bool) (bands: Band list) (overlays: Overlay list) : Figure =
    let colorOf name =
        match bands |> List.tryFindIndex (fun b -> b.Name = name) with
        | Some i -> palette[i % palette.Length]
        | None -> "#000000"
    let traces: Trace list =
        [ for i, band in List.indexed bands do
              let color = palette[i % palette.Length]
              Scatter(x = band.X, y = band.High, mode = "lines", line = Line(width = 0.0, color = color), showlegend = false, hoverinfo = "skip", legendgroup = band.Name)
              Scatter(x = band.X, y = band.Low, mode = "lines", line = Line(width = 0.0, color = color), fill = "tonexty", fillcolor = rgba color 0.2,
                      showlegend = false, hoverinfo = "skip", legendgroup = band.Name)
              Scatter(x = band.X, y = band.Mean, mode = "lines", name = band.Name, line = Line(width = 2.0, color = color), legendgroup = band.Name)
          for o in overlays do
              Scatter(x = o.Band.X, y = o.Band.Mean, mode = "lines", name = o.Band.Name, line = Line(width = 1.5, color = colorOf o.Of, dash = o.Dash), legendgroup = o.Of) ]
    let layout =
        Layout(title = title, xaxis = Xaxis(title = xTitle), yaxis = Yaxis(title = yTitle, ``type`` = (if logY then "log" else "linear")))
    let chart = traces |> Chart.Plot |> Chart.WithLayout layout |> Chart.WithWidth 820 |> Chart.WithHeight 460
    chart.WithId id
    { Id = id; Html = chart.GetInlineHtml(); Csv = csv (xTitle.Split(' ')[0]) (bands @ (overlays |> List.map _.Band)); Traces = traces.Length }

/// One figure of bands only.
let figure (id: string) (title: string) (xTitle: string) (yTitle: string) (logY: bool) (bands: Band list) : Figure =
    figureWith id title xTitle yTitle logY bands []
