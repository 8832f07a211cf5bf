/// The names of a study's LaTeX folder (<site>/<study>/latex/): what the page links, the writer writes and pdflatex builds.
module ReluStudy.Reports.PaperFiles

open ReluStudy.Reports.Charts

/// The folder under a study's site folder.
[<Literal>]
let Folder = "latex"

/// The standalone document that inputs every figure and the tables.
[<Literal>]
let Report = "report.tex"

/// The booktabs tables.
[<Literal>]
let Tables = "tables.tex"

/// The PDF pdflatex builds from the report.
[<Literal>]
let Pdf = "report.pdf"

/// A chart's figure.
let figure (f: Figure) = $"fig-{f.Id}.tex"
