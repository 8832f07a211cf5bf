/// Interactive charts (XPlot.Plotly) of aggregated curves, each with its data as CSV. Ids are fixed so pages rebuild byte-identically.
module ReluStudy.Reports.Charts

open System.Globalization
open System.Text
open XPlot.Plotly
open ReluStudy.Reports.Bands

/// A chart ready for a page and a paper: its HTML (a div and the script drawing it), its CSV, the same chart as a
/// pgfplots figure, the data files that figure reads (by name: the chart's CSV, split per curve when it has bands, each
/// curve thinned to what TeX draws quickly), and the number of traces drawn.
type Figure = { Id: string; Title: string; Html: string; Csv: string; Latex: string; LatexData: (string * string) list; Traces: int }

/// The most points per curve a LaTeX figure draws: pdflatex reads a file for every plot (3000-8000 rows a second on a
/// 2-core AMD EPYC, Zen 3), and a band is three plots, so 200 points (continuous at a column's width) keep a study's PDF
/// to seconds.
[<Literal>]
let LatexPointsPerCurve = 200

let private palette = [| "#1f77b4"; "#d62728"; "#2ca02c"; "#9467bd"; "#ff7f0e"; "#17becf"; "#8c564b"; "#e377c2" |]

let private rgba (hex: string) alpha =
    let c i = System.Convert.ToInt32(hex.Substring(i, 2), 16)
    $"rgba({c 1},{c 3},{c 5},{alpha})"

let private number (v: float) = v.ToString("R", CultureInfo.InvariantCulture)

/// Curves as CSV, each with its index (the order drawn): index, curve name, x, mean, min, max, and how many seeds the
/// mean averages (1 for a seed drawn on its own). A name's commas are written as semicolons so that every row has as many
/// cells as the header for readers that do not honour quotes (pgfplots).
let private csvOf (xName: string) (bands: (int * Band) list) =
    let b = StringBuilder($"index,curve,{xName},mean,min,max,seeds\n")
    for index, band in bands do
        let name = band.Name.Replace(',', ';')
        for i in 0 .. band.X.Length - 1 do
            b.Append($"{index},{name},{number band.X[i]},{number band.Mean[i]},{number band.Low[i]},{number band.High[i]},{band.Seeds}\n") |> ignore
    b.ToString()

/// Each seed drawn on its own as a curve of its own: one value, seeds 1.
let private alone (band: Band) : Band list =
    [ for s in band.Singles -> { Name = $"{band.Name}, seed {s.Seed}"; Width = band.Width; X = s.X; Mean = s.Y; Low = s.Y; High = s.Y; Seeds = 1; Singles = []; Ends = [] } ]

/// The bands as one CSV, the chart's data: the bands, then each seed drawn on its own.
let csv (xName: string) (bands: Band list) = csvOf xName (List.indexed (bands @ List.collect alone bands))

/// The LaTeX folder's copy of a chart's data: one file per curve (<c>id.i.csv</c>, the chart CSV's rows of curve i), since
/// pdflatex reads a whole file for every plot and a figure has three plots per band.
let curveFile (id: string) (index: int) = $"{id}.{index}.csv"

/// The chart's HTML with plotly's download button giving SVG (vector, for papers) named after the chart.
let html (chart: PlotlyChart) (id: string) =
    let plain = $"Plotly.newPlot('{id}', data, layout)"
    let drawn = chart.GetInlineHtml()
    if not (drawn.Contains plain) then failwith $"chart {id}: XPlot's page no longer calls {plain}; the SVG download option needs it"
    drawn.Replace(plain, $"Plotly.newPlot('{id}', data, layout, {{toImageButtonOptions: {{format: 'svg', filename: '{id}'}}}})")

/// A predicted curve drawn over the measured band named <c>Of</c>, in its colour (black when there is none), with a dash
/// style: "dash" for the infinite-width prediction, "dot" for the linearised one.
type Overlay = { Of: string; Band: Band; Dash: string }

/// A curve with so few points (one per width, a short tail, a measurement on a sparse schedule) that its points are
/// marked: the line between them was not measured.
let private sparse (s: Band) = s.X.Length <= 10

/// A chart's size: in pixels on a page, and as height over width in LaTeX (low enough at full width that a PDF page holds
/// two figures); a page's full width, or one of two panels side by side.
type Size = { Width: int; Height: int; LatexAspect: float }

let FullWidth = { Width = 820; Height = 460; LatexAspect = 0.4 }
let Panel = { Width = 440; Height = 360; LatexAspect = 0.75 }

/// One figure: for each band a shaded min–max area and its mean line, then each overlay's mean as a dashed line, then each
/// seed drawn on its own (past the shortest run) as a thin line in its curve's colour, then each run's regime marked at
/// its curve's end.
let figureSized (size: Size) (id: string) (title: string) (xTitle: string) (yTitle: string) (logY: bool) (bands: Band list) (overlays: Overlay list) : Figure =
    let colorOf name =
        match bands |> List.tryFindIndex (fun b -> b.Name = name) with
        | Some i -> palette[i % palette.Length]
        | None -> "#000000"
    // (curve, colour, dash) of each seed alone, after the bands and the overlays
    let singles =
        [ for i, band in List.indexed bands do
              for s in alone band -> s, palette[i % palette.Length], "solid", band.Name
          for o in overlays do
              for s in alone o.Band -> s, colorOf o.Of, o.Dash, o.Of ]
    // Each run's regime, marked where its curve ends: one legend entry per regime present.
    let regimeEnds =
        let ends = bands |> List.collect _.Ends
        [ for regime in RegimeMarks.all do
              match ends |> List.filter (fun e -> e.Regime = regime) with
              | [] -> ()
              | at -> regime, at ]
    let traces: Trace list =
        [ for i, band in List.indexed bands do
              let color = palette[i % palette.Length]
              Scatter(x = band.X, y = band.High, mode = "lines", line = Line(width = 0.0, color = color), showlegend = false, hoverinfo = "skip", legendgroup = band.Name)
              Scatter(x = band.X, y = band.Low, mode = "lines", line = Line(width = 0.0, color = color), fill = "tonexty", fillcolor = rgba color 0.2,
                      showlegend = false, hoverinfo = "skip", legendgroup = band.Name)
              Scatter(x = band.X, y = band.Mean, mode = (if sparse band then "lines+markers" else "lines"), name = band.Name,
                      line = Line(width = 2.0, color = color), marker = Marker(size = 5.0, color = color), legendgroup = band.Name)
          for o in overlays do
              Scatter(x = o.Band.X, y = o.Band.Mean, mode = (if sparse o.Band then "lines+markers" else "lines"), name = o.Band.Name,
                      line = Line(width = 1.5, color = colorOf o.Of, dash = o.Dash), marker = Marker(size = 4.0, color = colorOf o.Of), legendgroup = o.Of)
          for s, color, dash, group in singles do
              Scatter(x = s.X, y = s.Mean, mode = (if sparse s then "lines+markers" else "lines"), name = s.Name,
                      line = Line(width = 0.75, color = color, dash = dash), marker = Marker(size = 4.0, color = color), showlegend = false, legendgroup = group)
          for regime, at in regimeEnds do
              Scatter(x = (at |> List.map _.X), y = (at |> List.map _.Y), mode = "markers", name = RegimeMarks.legend regime, legendgroup = "regime",
                      marker = Marker(size = 9.0, color = RegimeMarks.color regime, symbol = RegimeMarks.plotlySymbol regime, line = Line(width = 1.0, color = "#000000"))) ]
    let layout =
        Layout(title = title, xaxis = Xaxis(title = xTitle), yaxis = Yaxis(title = yTitle, ``type`` = (if logY then "log" else "linear")))
    let chart = traces |> Chart.Plot |> Chart.WithLayout layout |> Chart.WithWidth size.Width |> Chart.WithHeight size.Height
    chart.WithId id
    // The CSV's columns: index 0, curve 1, x 2, mean 3, min 4, max 5; overlays follow the bands in the index order, then the seeds alone.
    let drawn = bands @ (overlays |> List.map _.Band) @ (singles |> List.map (fun (s, _, _, _) -> s))
    let plots =
        [ for i, band in List.indexed bands -> Pgf.band (curveFile id i) 2 3 4 5 palette[i % palette.Length] (sparse band) band.Name
          for j, o in List.indexed overlays -> Pgf.line (curveFile id (bands.Length + j)) 2 3 (colorOf o.Of) o.Dash (sparse o.Band) o.Band.Name
          for j, (s, color, dash, _) in List.indexed singles -> Pgf.alone (curveFile id (bands.Length + overlays.Length + j)) 2 3 color dash (sparse s)
          for regime, at in regimeEnds ->
              Pgf.points [ for e in at -> e.X, e.Y ] (RegimeMarks.color regime) (RegimeMarks.pgfMark regime) (RegimeMarks.legend regime) ]
    let xName = xTitle.Split(' ')[0]
    { Id = id; Title = title; Html = html chart id; Csv = csvOf xName (List.indexed drawn)
      Latex = Pgf.figure size.LatexAspect id $"{id}.<curve>.csv" title xTitle yTitle false logY plots
      LatexData = [ for i, band in List.indexed drawn -> curveFile id i, csvOf xName [ i, Bands.thin LatexPointsPerCurve band ] ]
      Traces = traces.Length }

/// One figure at a page's full width.
let figureWith id title xTitle yTitle logY bands overlays = figureSized FullWidth id title xTitle yTitle logY bands overlays

/// One figure of bands only.
let figure (id: string) (title: string) (xTitle: string) (yTitle: string) (logY: bool) (bands: Band list) : Figure =
    figureWith id title xTitle yTitle logY bands []
