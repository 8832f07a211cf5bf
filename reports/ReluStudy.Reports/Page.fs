/// A page of the site: results in, Markdown out. Charts appear as {{chart:ID}} placeholders, which the HTML page replaces
/// with the interactive chart and the Markdown copy with a note pointing at the HTML.
module ReluStudy.Reports.Page

open System.Text
open ReluStudy.Reports.Charts

/// One page: where it goes (without extension), its title, its Markdown and its charts.
type Page = { Path: string; Title: string; Markdown: string; Figures: Figure list }

/// A figure's placeholder and the link to its data.
let chart (b: StringBuilder) (figure: Figure) =
    b.Append($"{{{{chart:{figure.Id}}}}}\n\n[Data as CSV]({figure.Id}.csv)\n\n") |> ignore

/// A section holding one figure: its heading, its text, the chart and its data.
let figureSection (b: StringBuilder) (title: string) (text: string) (figure: Figure) =
    b.Append($"## {title}\n\n{text}\n\n") |> ignore
    chart b figure

/// The line of a page that links its LaTeX folder, and its PDF once one is built.
let paperLine (pdf: bool) =
    let pdfLink = if pdf then $"[as PDF]({PaperFiles.Folder}/{PaperFiles.Pdf}) · " else ""
    $"For a paper: {pdfLink}[LaTeX]({PaperFiles.Folder}/{PaperFiles.Report}) (pgfplots figures reading each chart's CSV, booktabs tables, in the folder `{PaperFiles.Folder}/`); every chart's camera button downloads it as SVG.\n\n"

/// The page once its PDF is built: the same page with the PDF linked.
let withPdf (page: Page) = { page with Markdown = page.Markdown.Replace(paperLine false, paperLine true) }
