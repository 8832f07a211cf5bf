/// The result tables (fits, claims, bounds, baselines), built once and written both as the page's Markdown and as
/// booktabs LaTeX, so the paper's table and the web page's never disagree.
module ReluStudy.Reports.Tables

open System.Text

/// A table: its caption (LaTeX only; the page has its own heading), its header, its rows of plain-text cells, and the
/// columns shown in bold (a verdict).
type Table =
    { Caption: string
      Header: string list
      Rows: string list list
      Bold: int list }

let table caption header rows = { Caption = caption; Header = header; Rows = rows; Bold = [] }

/// A GitHub-flavoured Markdown table (a cell's "|" escaped, its line breaks written as spaces).
let markdown (t: Table) =
    let b = StringBuilder()
    let row (cells: string list) bold =
        let shown =
            cells |> List.mapi (fun i (c: string) ->
                let c = c.Replace("|", "\\|").Replace("\n", " ")
                if bold && List.contains i t.Bold && c <> "" then $"**{c}**" else c)
        b.Append("| ").Append(String.concat " | " shown).Append(" |\n") |> ignore
    row t.Header false
    b.Append("|").Append(String.replicate t.Header.Length "---|").Append("\n") |> ignore
    for r in t.Rows do row r true
    b.ToString()

/// Cells longer than this wrap (a tabularx X column); shorter ones keep their width.
let private wrapAt = 28

/// A booktabs table at the text width: short columns left-aligned, long ones wrapping.
let latex (t: Table) =
    let escape = Pgf.escape
    let columns =
        t.Header
        |> List.mapi (fun i h ->
            let longest = (h :: (t.Rows |> List.map (fun r -> List.item i r))) |> List.map String.length |> List.max
            if longest > wrapAt then ">{\\raggedright\\arraybackslash}X" else "l")
        |> String.concat ""
    let row (cells: string list) bold =
        cells
        |> List.mapi (fun i c -> if bold && List.contains i t.Bold && c <> "" then $"\\textbf{{{escape c}}}" else escape c)
        |> String.concat " & "
    // tabularx only when a column wraps: without an X column it has nothing to stretch.
    let opening, closing =
        if columns.Contains "X" then $"\\begin{{tabularx}}{{\\linewidth}}{{{columns}}}", "\\end{tabularx}"
        else $"\\begin{{tabular}}{{{columns}}}", "\\end{tabular}"
    let b = StringBuilder()
    b.Append("\\begin{table}[htbp]\n\\centering\\small\n")
     .Append($"\\caption{{{escape t.Caption}}}\n")
     .Append(opening).Append("\n\\toprule\n")
     .Append(row t.Header false).Append(" \\\\\n\\midrule\n") |> ignore
    for r in t.Rows do b.Append(row r true).Append(" \\\\\n") |> ignore
    b.Append("\\bottomrule\n").Append(closing).Append("\n\\end{table}\n").ToString()
