/// Zou et al.'s Figures 1-3 set out as the paper does: one figure per quantity, with one panel per study a script paired
/// ((a) MNIST, (b) CIFAR-10; results/papers/<name>.json), on a page and as one LaTeX figure with subfigures each.
module ReluStudy.Reports.PaperPage

open System.Text
open ReluStudy.Core.Results
open ReluStudy.Reports.Bands
open ReluStudy.Reports.Charts
open ReluStudy.Reports.Page
open ReluStudy.Reports.Results

/// The paper's three figures: id, number, what it shows, y axis, log scale and the column drawn.
let private paperFigures =
    [ "fig1-loss", 1, "training loss", "L_S", true, MetricColumns.Loss
      "fig2-distance", 2, "distance from initialisation (spectral)", "max_l ||W_l - W_l(0)||_2", false, MetricColumns.DistanceSpectralMax
      "fig3-patterns", 3, "activation-pattern change", "R(k)", true, MetricColumns.PatternChangeRatio ]

/// One figure of the layout: its number, what it shows, and each panel's caption and chart (none for a study without results here).
type PaperFigure = { Number: int; Shows: string; Panels: (string * Figure option) list }

/// "(a) MNIST 3 vs 8".
let private caption (i: int) (panel: PaperPanel) = $"({char (int 'a' + i)}) {panel.Caption}"

let figures (layout: PaperLayoutRecord) (studies: Study list) : PaperFigure list =
    [ for id, number, shows, yTitle, logY, column in paperFigures ->
          { Number = number
            Shows = shows
            Panels =
              [ for i, panel in List.indexed (List.ofSeq layout.Panels) ->
                    let runs = studies |> List.tryFind (fun s -> s.Name = panel.Study) |> Option.map (fun s -> s.Runs |> List.filter (fun r -> r.Rows.Count > 0))
                    let chart =
                        match runs with
                        | Some(_ :: _ as rs) ->
                            Some(figureSized Panel $"{id}-{char (int 'a' + i)}" "" "iteration k" yTitle logY (ofMetric column Iteration rs) [])
                        | _ -> None
                    caption i panel, chart ] } ]

let private html (text: string) = System.Net.WebUtility.HtmlEncode text

let build (layout: PaperLayoutRecord) (studies: Study list) : Page * PaperFigure list =
    let drawn = figures layout studies
    let b = StringBuilder()
    b.Append($"# {layout.Title}\n\n") |> ignore
    let panels =
        layout.Panels |> Seq.mapi (fun i p -> $"{caption i p}: [{p.Study}](../{p.Study}/index.html)") |> String.concat "; "
    b.Append($"Zou et al.'s Figures 1-3 as the paper sets them out, one panel per study: {panels}. Curves are means over seeds; the shaded band spans their minimum and maximum. {Bands.Rule}\n\n") |> ignore
    b.Append(paperLine false) |> ignore
    for f in drawn do
        b.Append($"## Figure {f.Number}: {f.Shows}\n\n<div class=\"panels\">\n") |> ignore
        for text, chart in f.Panels do
            match chart with
            | Some c -> b.Append($"<figure>\n{{{{chart:{c.Id}}}}}\n<figcaption>{html text}</figcaption>\n</figure>\n") |> ignore
            | None -> b.Append($"<figure><figcaption>{html text}: no results of this study here</figcaption></figure>\n") |> ignore
        b.Append("</div>\n\n") |> ignore
        let data = [ for text, chart in f.Panels do match chart with Some c -> $"[{text.Split(' ')[0]}]({c.Id}.csv)" | None -> () ]
        if not data.IsEmpty then b.Append("Data as CSV: ").Append(String.concat " · " data).Append("\n\n") |> ignore
    { Path = $"{layout.Name}/index"; Title = layout.Title; Markdown = b.ToString()
      Figures = drawn |> List.collect (fun f -> f.Panels |> List.choose snd) },
    drawn
