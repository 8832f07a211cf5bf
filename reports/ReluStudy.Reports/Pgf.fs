/// pgfplots text for the charts: the same curves, bands, log axes, legends and dashes as the web chart, each plot
/// reading the chart's CSV, so a figure goes into a paper without redrawing it. Compiles with pdflatex and pgfplots 1.18.
module ReluStudy.Reports.Pgf

open System.Globalization
open System.Text

/// The symbols the results' texts use beyond Latin-1 (whose letters pdflatex's default UTF-8 input prints), in math mode.
let private symbols =
    dict [ 'η', @"$\eta$"; 'λ', @"$\lambda$"; 'ρ', @"$\rho$"; 'σ', @"$\sigma$"; 'δ', @"$\delta$"; 'ε', @"$\varepsilon$"
           'φ', @"$\phi$"; 'Θ', @"$\Theta$"; 'θ', @"$\theta$"; '‖', @"$\|$"; '≤', @"$\le$"; '≥', @"$\ge$"; '≈', @"$\approx$"
           '−', "-"; '×', @"$\times$"; '·', @"$\cdot$"; '∞', @"$\infty$"; '√', @"$\surd$"; '–', "--"; '—', "---"; '…', "..." ]

/// Text safe in LaTeX's text mode: every special character written as the command that prints it; a symbol outside
/// Latin-1 and the table above (which pdflatex cannot print without a font for it) as "?".
let escape (text: string) =
    let b = StringBuilder()
    for c in text do
        match c with
        | c when symbols.ContainsKey c -> b.Append(symbols[c])
        | c when int c > 0xFF -> b.Append(if System.Char.GetUnicodeCategory c = UnicodeCategory.NonSpacingMark then "" else "?")
        | '\\' -> b.Append(@"\textbackslash{}")
        | '{' | '}' | '_' | '%' | '&' | '#' | '$' -> b.Append('\\').Append(c)
        | '^' -> b.Append(@"\^{}")
        | '~' -> b.Append(@"\~{}")
        | '|' -> b.Append(@"\textbar{}")
        | '<' -> b.Append(@"\textless{}")
        | '>' -> b.Append(@"\textgreater{}")
        | c -> b.Append(c)
        |> ignore
    b.ToString()

let private number (v: float) = v.ToString("R", CultureInfo.InvariantCulture)

/// The data file as the figure reads it: \relustudydata (empty unless a paper defines it) then the CSV's name, so a
/// paper keeping its figures in a folder sets <c>\newcommand\relustudydata{figures/}</c> once.
let private file (csv: string) = $"{{\\relustudydata {csv}}}"

/// A colour for xcolor from "#rrggbb".
let color (hex: string) = "{rgb,255:red," + string (System.Convert.ToInt32(hex.Substring(1, 2), 16)) + ";green," +
                          string (System.Convert.ToInt32(hex.Substring(3, 2), 16)) + ";blue," +
                          string (System.Convert.ToInt32(hex.Substring(5, 2), 16)) + "}"

/// plotly's dash names as TikZ's.
let private dash =
    function
    | "dash" -> ", dashed"
    | "dot" -> ", dotted"
    | _ -> ""

/// The rows of the CSV whose column <c>column</c> (0-based) equals <c>value</c>.
let private rows (column: int) (value: int) = $"restrict expr to domain={{\\thisrowno{{{column}}}}}{{{value}:{value}}}"

/// A curve's marks: its points when they are few (the lines between them were not measured), else none.
let private marksOf (marked: bool) = if marked then "mark=*, mark size=1pt" else "no marks"

/// One band of a curve's file: its shaded area between the columns <c>low</c> and <c>high</c> and its mean line
/// <c>mean</c>, its points marked when few; legend entry <c>name</c>.
let band (csv: string) (xColumn: int) (mean: int) (low: int) (high: int) (hex: string) (marked: bool) (name: string) =
    let c = color hex
    let from y = $"table[x index={xColumn}, y index={y}] {file csv}"
    let path = csv.Replace(".", "-")
    $"\\addplot[draw=none, forget plot, name path={path}-high] {from high};\n" +
    $"\\addplot[draw=none, forget plot, name path={path}-low] {from low};\n" +
    $"\\addplot[fill={c}, fill opacity=0.2, draw=none, forget plot] fill between[of={path}-high and {path}-low];\n" +
    $"\\addplot[color={c}, thick, {marksOf marked}] {from mean};\n" +
    $"\\addlegendentry{{{escape name}}}\n"

/// One curve's line, dashed as plotly's <c>dashName</c>, its points marked when few.
let line (csv: string) (xColumn: int) (y: int) (hex: string) (dashName: string) (marked: bool) (name: string) =
    $"\\addplot[color={color hex}, {marksOf marked}{dash dashName}] table[x index={xColumn}, y index={y}] {file csv};\n" +
    $"\\addlegendentry{{{escape name}}}\n"

/// One seed drawn on its own: a thin line in its curve's colour, without a legend entry; its points marked when few.
let alone (csv: string) (xColumn: int) (y: int) (hex: string) (dashName: string) (marked: bool) =
    $"\\addplot[color={color hex}, very thin, {marksOf marked}, forget plot{dash dashName}] table[x index={xColumn}, y index={y}] {file csv};\n"

/// Markers at the rows whose column <c>filter</c> equals <c>value</c>.
let marks (csv: string) (filter: int) (value: int) (xColumn: int) (y: int) (hex: string) (name: string) =
    $"\\addplot[color={color hex}, only marks, mark=*, mark size=1.5pt] table[x index={xColumn}, y index={y}, {rows filter value}] {file csv};\n" +
    $"\\addlegendentry{{{escape name}}}\n"

/// A line through given points (a fitted line, which the CSV does not hold).
let through (points: (float * float) list) (hex: string) (dashName: string) (name: string) =
    let coordinates = points |> List.map (fun (x, y) -> $"({number x},{number y})") |> String.concat " "
    $"\\addplot[color={color hex}, no marks{dash dashName}] coordinates {{{coordinates}}};\n" +
    $"\\addlegendentry{{{escape name}}}\n"

/// Marks at given points (each run's regime where its curve ends), one legend entry.
let points (at: (float * float) list) (hex: string) (mark: string) (name: string) =
    let coordinates = at |> List.map (fun (x, y) -> $"({number x},{number y})") |> String.concat " "
    $"\\addplot[color=black, fill={color hex}, only marks, mark={mark}, mark size=2pt] coordinates {{{coordinates}}};\n" +
    $"\\addlegendentry{{{escape name}}}\n"

/// Markers of one shape at the rows whose column <c>filter</c> equals <c>value</c> (the phase figure's runs of one regime),
/// one legend entry.
let shapes (csv: string) (filter: int) (value: int) (xColumn: int) (y: int) (hex: string) (mark: string) (name: string) =
    $"\\addplot[color=black, fill={color hex}, only marks, mark={mark}, mark size=2pt] table[x index={xColumn}, y index={y}, {rows filter value}] {file csv};\n" +
    $"\\addlegendentry{{{escape name}}}\n"

/// A whole figure: a tikzpicture holding one axis <paramref name="aspect"/> times as high as wide with the given plots, the
/// legend under it; <paramref name="axisOptions"/> are further pgfplots axis options, each line ending ",\n".
let figureWith (axisOptions: string) (aspect: float) (id: string) (csv: string) (title: string) (xTitle: string) (yTitle: string) (logX: bool) (logY: bool) (plots: string list) =
    let b = StringBuilder()
    b.Append($"%% {id}: {title}. Written by ReluStudy; the plots read {csv} (this folder, or \\relustudydata).\n")
     .Append("\\providecommand\\relustudydata{}\n")
     .Append("\\begin{tikzpicture}\n\\begin{axis}[\n")
     .Append($"  width=\\linewidth, height={number aspect}\\linewidth,\n")
     .Append($"  title={{{escape title}}}, xlabel={{{escape xTitle}}}, ylabel={{{escape yTitle}}},\n")
     .Append(if logX then "  xmode=log, log ticks with fixed point,\n" else "  enlarge x limits=false,\n")
     .Append(if logY then "  ymode=log, log ticks with fixed point,\n" else "")
     .Append("  table/col sep=comma, unbounded coords=discard, filter discard warning=false,\n")
     .Append("  legend style={font=\\scriptsize, at={(0.5,-0.18)}, anchor=north, legend columns=3, cells={anchor=west}},\n")
     .Append("  tick label style={font=\\footnotesize}, title style={font=\\small}, label style={font=\\small},\n")
     .Append(axisOptions)
     .Append("]\n")
    |> ignore
    for p in plots do b.Append(p) |> ignore
    b.Append("\\end{axis}\n\\end{tikzpicture}\n").ToString()

/// A whole figure with only the common axis options.
let figure aspect id csv title xTitle yTitle logX logY plots = figureWith "" aspect id csv title xTitle yTitle logX logY plots
