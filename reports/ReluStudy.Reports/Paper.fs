/// A study's results as LaTeX for a paper (<site>/<study>/latex/): one pgfplots figure per chart reading its CSV,
/// tables.tex (booktabs: fits, claims, bounds, baselines) and a standalone report.tex that inputs them all; and the PDF
/// built from it with pdflatex when the machine has it.
module ReluStudy.Reports.Paper

open System
open System.Diagnostics
open System.IO
open System.Text
open ReluStudy.Core.Platform
open ReluStudy.Core.Training
open ReluStudy.Reports.Charts
open ReluStudy.Reports.Results

/// The program that builds the PDF.
[<Literal>]
let Pdflatex = "pdflatex"

/// Debian's packages that give pdflatex everything the report uses (160 MB under /usr/share without recommends).
[<Literal>]
let TexPackages = "texlive-latex-base texlive-latex-recommended texlive-pictures"

/// The tables of a study: its runs at step multiples, its scaling fits, its claims per group, its step searches, each data set's bounds and baselines.
let tables (s: Study) (fits: Scaling.Fitted list) (claims: Claims.Checked list) (steps: ReluStudy.Core.Theory.Fits.PredictionAgreement list) : Tables.Table list =
    [ yield! Option.toList (StepPhases.table (fun g -> g.Name()) s.Runs)
      if not fits.IsEmpty then Scaling.table fits
      for g in claims do
          if not g.Checks.IsEmpty then Claims.table g
      yield! Option.toList (StepSearches.table s.Runs)
      yield! Option.toList (StepSearches.probeTable s.Runs)
      yield! Option.toList (StepSearches.ruleTable steps)
      for _, table in Bounds.checks s do
          yield! Option.toList table
      for d in s.Baselines do
          Generalisation.table d ]

/// What a paper needs beyond article: geometry for the margins, booktabs and tabularx for the tables, pgfplots with
/// fill between for the bands (all in Debian's texlive-latex-base, -latex-recommended and -pictures; the default font
/// encoding, since T1's vector fonts are in a package those three do not pull in).
let Preamble =
    "\\usepackage[margin=2.2cm]{geometry}\n\\usepackage{booktabs,tabularx,array}\n\\usepackage{subcaption}\n" +
    "\\usepackage{pgfplots}\n\\pgfplotsset{compat=1.18}\n\\usepgfplotslibrary{fillbetween}\n" +
    // two figures to a page: floats may fill most of a page, and a page of floats need only be half full
    "\\renewcommand{\\topfraction}{0.95}\n\\renewcommand{\\textfraction}{0.05}\n\\renewcommand{\\floatpagefraction}{0.5}\n"

/// report.tex: the study's summary and claims paragraph (with the step thresholds of a study at step multiples), every
/// figure, then the tables.
let report (s: Study) (summary: string) (figures: Figure list) =
    let e = Pgf.escape
    let b = StringBuilder()
    b.Append("% Written by ReluStudy from the results on disk; compile with pdflatex in this folder.\n")
     .Append("\\documentclass[11pt]{article}\n").Append(Preamble)
     .Append($"\\title{{{e s.Name}}}\n\\author{{ReluStudy}}\n\\date{{}}\n\\begin{{document}}\n\\maketitle\n\n") |> ignore
    if s.Declaration.Summary <> "" then b.Append(e s.Declaration.Summary).Append("\n\n") |> ignore
    if summary <> "" then b.Append(e summary).Append("\n\n") |> ignore
    b.Append($"Curves are means over seeds; the shaded band spans their minimum and maximum. {Bands.Rule} Dashed and dotted lines are the tangent kernel's infinite-width and linearised predictions.\n\n") |> ignore
    for i, f in List.indexed figures do
        // A page break every four figures keeps LaTeX's queue of floats short.
        if i > 0 && i % 4 = 0 then b.Append("\\clearpage\n") |> ignore
        b.Append($"\\begin{{figure}}[htbp]\n\\centering\n\\input{{{PaperFiles.figure f}}}\n\\caption{{{e f.Title}}}\n\\end{{figure}}\n\n") |> ignore
    b.Append($"\\clearpage\n\\input{{{PaperFiles.Tables}}}\n\n\\end{{document}}\n").ToString()

/// Every file of a study's LaTeX folder, by name: report.tex, tables.tex, and per chart its figure and its CSV.
let files (s: Study) (fits: Scaling.Fitted list) (claims: Claims.Checked list) (steps: ReluStudy.Core.Theory.Fits.PredictionAgreement list) (figures: Figure list) : (string * string) list =
    let tablesTex = tables s fits claims steps |> List.map Tables.latex |> String.concat "\n"
    let summary = [ Claims.summary claims fits; StepPhases.thresholds s.Runs ] |> List.filter ((<>) "") |> String.concat " "
    [ PaperFiles.Report, report s summary figures
      PaperFiles.Tables, "% Written by ReluStudy: needs booktabs, tabularx and array.\n" + tablesTex
      for f in figures do
          PaperFiles.figure f, f.Latex
          yield! f.LatexData ]

/// The LaTeX folder of a paper layout: report.tex holding one figure per paper figure with a subfigure per panel, and per
/// panel its figure and its CSV.
let layoutFiles (layout: ReluStudy.Core.Results.PaperLayoutRecord) (figures: PaperPage.PaperFigure list) : (string * string) list =
    let e = Pgf.escape
    let b = StringBuilder()
    b.Append("% Written by ReluStudy from the results on disk; compile with pdflatex in this folder.\n")
     .Append("\\documentclass[11pt]{article}\n").Append(Preamble)
     .Append($"\\title{{{e layout.Title}}}\n\\author{{ReluStudy}}\n\\date{{}}\n\\begin{{document}}\n\\maketitle\n\n")
     .Append($"Curves are means over seeds; the shaded band spans their minimum and maximum. {e Bands.Rule}\n\n") |> ignore
    let width = 0.98 / float (max 1 layout.Panels.Count)
    for f in figures do
        b.Append("\\begin{figure}[htbp]\n\\centering\n") |> ignore
        for caption, chart in f.Panels do
            let body = match chart with Some c -> $"\\input{{{PaperFiles.figure c}}}" | None -> "(no results of this study)"
            b.Append($"\\begin{{subfigure}}[t]{{{width:F2}\\linewidth}}\n\\centering\n{body}\n\\caption*{{{e caption}}}\n\\end{{subfigure}}\\hfill\n") |> ignore
        b.Append($"\\caption{{{e (string (System.Char.ToUpperInvariant f.Shows[0]) + f.Shows[1..])} against iteration, one curve per width (Zou et al.'s Figure {f.Number})}}\n\\end{{figure}}\n\n") |> ignore
    [ PaperFiles.Report, b.Append("\\end{document}\n").ToString()
      for f in figures do
          for _, chart in f.Panels do
              match chart with
              | Some c ->
                  PaperFiles.figure c, c.Latex
                  yield! c.LatexData
              | None -> () ]

/// pdflatex on this machine's PATH, if any.
let pdflatex () = ProgramPath.Find Pdflatex |> Option.ofObj

/// The first error pdflatex logged ("! ..." and the line after it), or its exit code.
let private firstError (log: string) (code: int) =
    let lines = log.Split('\n')
    match lines |> Array.tryFindIndex (fun l -> l.StartsWith "!") with
    | Some i -> lines[i .. min (i + 1) (lines.Length - 1)] |> Array.map _.Trim() |> String.concat " "
    | None -> $"exit code {code}"

/// Compiles report.tex in <paramref name="folder"/> with pdflatex (non-stop, dated 1970 so that the PDF is the same
/// bytes for the same results); the PDF's path, or why it was not built.
let compile (pdflatex: string) (folder: string) : Result<string, string> =
    let start = ProcessStartInfo(pdflatex, WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true)
    for a in [ "-interaction=nonstopmode"; "-halt-on-error"; PaperFiles.Report ] do start.ArgumentList.Add a
    start.Environment["SOURCE_DATE_EPOCH"] <- "0"
    start.Environment["FORCE_SOURCE_DATE"] <- "1"
    use p = Process.Start start
    let out = p.StandardOutput.ReadToEndAsync()
    p.StandardError.ReadToEnd() |> ignore
    if not (p.WaitForExit(TimeSpan.FromMinutes 5.0)) then
        p.Kill true
        Error $"{Path.Combine(folder, PaperFiles.Report)}: pdflatex took more than 5 minutes"
    elif p.ExitCode <> 0 then Error $"{Path.Combine(folder, PaperFiles.Report)}: pdflatex failed: {firstError out.Result p.ExitCode}"
    else Ok(Path.Combine(folder, PaperFiles.Pdf))
