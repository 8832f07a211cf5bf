/// Lewkowycz et al.'s phase figure: each run's regime against the multiple c of its critical step it trained at, on a log
/// axis, one marker per run in its regime's colour and shape (RegimeMarks), on the web and as a pgfplots figure.
module ReluStudy.Reports.PhaseFigure

open System.Globalization
open System.Text
open XPlot.Plotly
open ReluStudy.Core.Training
open ReluStudy.Reports.Charts

/// One run of the figure: its multiple, its regime, and its seed and id, which name it on hover and in the data.
type Point = { Multiple: float; Regime: Regime; Seed: uint64; Run: string }

[<Literal>]
let Id = "step-phases"

let private number (v: float) = v.ToString("R", CultureInfo.InvariantCulture)

/// A regime's row on the y axis: its place in RegimeMarks.all (lazy first, the breakdowns last), so every study's figure has
/// the same rows (lazy lowest, then the regimes a larger step brings, the breakdowns above them).
let row (regime: Regime) = List.findIndex ((=) regime) RegimeMarks.all

/// Where each run is drawn: in its regime's row, the runs that share a multiple and a regime (seeds) spread a little
/// about it so that none hides another.
let private placed (points: Point list) =
    [ for p in points ->
          let twins = points |> List.filter (fun q -> q.Multiple = p.Multiple && q.Regime = p.Regime)
          let i = List.findIndex ((=) p) twins
          let gap = if twins.Length > 1 then min 0.12 (0.6 / float (twins.Length - 1)) else 0.0
          p, float (row p.Regime) + gap * (float i - float (twins.Length - 1) / 2.0) ]

/// The figure's data, one row per run: c, its regime's row, where it is drawn, the regime's name, seed and run id.
let csv (points: Point list) =
    let b = StringBuilder("c,row,y,regime,seed,run\n")
    for p, y in placed points do b.Append($"{number p.Multiple},{row p.Regime},{number y},{p.Regime.Name()},{p.Seed},{p.Run}\n") |> ignore
    b.ToString()

let private title = "Regime against the step multiple c"
let private xTitle = "c = eta lambda_GN(W(0)) / 2"

/// The figure over the given runs: one trace per regime present, in RegimeMarks.all's order.
let figure (points: Point list) : Figure =
    let drawn = placed points
    let present =
        [ for regime in RegimeMarks.all do
              match drawn |> List.filter (fun (p, _) -> p.Regime = regime) with
              | [] -> ()
              | at -> regime, at ]
    let names = RegimeMarks.all |> List.map (fun g -> g.Name())
    let traces: Trace list =
        [ for regime, at in present ->
              Scatter(x = (at |> List.map (fun (p, _) -> p.Multiple)), y = (at |> List.map snd), mode = "markers",
                      name = RegimeMarks.legend regime, text = (at |> List.map (fun (p, _) -> $"seed {p.Seed} ({p.Run})")),
                      marker = Marker(size = 11.0, color = RegimeMarks.color regime, symbol = RegimeMarks.plotlySymbol regime,
                                      line = Line(width = 1.0, color = "#000000"))) ]
    // Every regime gets its row even when no run is in it, so the figures of two studies read alike; the left margin
    // leaves room for "edge-of-stability", and the rows name themselves (an axis title would run into them).
    let layout =
        Layout(title = title, margin = Margin(l = 140.0),
               xaxis = Xaxis(title = xTitle, ``type`` = "log"),
               yaxis = Yaxis(tickvals = [ 0 .. names.Length - 1 ], ticktext = names,
                             range = [ -0.5; float names.Length - 0.5 ], zeroline = false))
    let chart = traces |> Chart.Plot |> Chart.WithLayout layout |> Chart.WithWidth FullWidth.Width |> Chart.WithHeight FullWidth.Height
    chart.WithId Id
    let file = $"{Id}.csv"
    let rows = List.init names.Length string |> String.concat ","
    let labels = names |> List.map Pgf.escape |> String.concat ","
    // pgfplots warns that a domain restriction on a log axis depends on the log's basis unless it is given
    let axis = $"  ytick={{{rows}}}, yticklabels={{{labels}}}, ymin=-0.5, ymax={number (float names.Length - 0.5)}, log basis x=10,\n"
    let plots =
        [ for regime, _ in present ->
              Pgf.shapes file 1 (row regime) 0 2 (RegimeMarks.color regime) (RegimeMarks.pgfMark regime) (RegimeMarks.legend regime) ]
    let data = csv points
    { Id = Id; Title = title; Html = html chart Id; Csv = data
      Latex = Pgf.figureWith axis FullWidth.LatexAspect Id file title xTitle "regime" true false plots
      LatexData = [ file, data ]; Traces = traces.Length }
