/// How the pages mark a run's regime: one colour and one marker shape each, the same on the web charts, in the LaTeX
/// figures and in the run tables.
module ReluStudy.Reports.RegimeMarks

open ReluStudy.Core.Training

/// Colours apart from the curves' palette's first hues where it matters most (lazy green, edge red), shapes that tell
/// them apart in grey print too: (colour, plotly symbol, pgfplots mark).
let private marks =
    function
    | Regime.Lazy -> "#2ca02c", "circle", "*"
    | Regime.KernelMoving -> "#ff7f0e", "diamond", "diamond*"
    | Regime.Catapult -> "#9467bd", "triangle-up", "triangle*"
    | Regime.EdgeOfStability -> "#d62728", "square", "square*"
    | Regime.Unstable -> "#8c564b", "star", "star"
    | Regime.Diverged -> "#000000", "x", "x"
    | Regime.Collapsed -> "#7f7f7f", "cross", "+"
    | _ -> "#bbbbbb", "circle-open", "o"

let color regime = let c, _, _ = marks regime in c
let plotlySymbol regime = let _, s, _ = marks regime in s
let pgfMark regime = let _, _, m = marks regime in m

/// The legend's and the tables' name: "regime: edge-of-stability".
let legend (regime: Regime) = $"regime: {regime.Name()}"

/// A coloured glyph and the name, for a Markdown table cell.
let cell (regime: Regime) = $"""<span style="color:{color regime}">&#9679;</span> {regime.Name()}"""

/// Every regime from the theorems' own outwards (lazy first, the breakdowns and the unknown last), for legends and summaries.
let all = [ Regime.Lazy; Regime.KernelMoving; Regime.Catapult; Regime.EdgeOfStability; Regime.Unstable; Regime.Diverged; Regime.Collapsed; Regime.Unmeasured ]
