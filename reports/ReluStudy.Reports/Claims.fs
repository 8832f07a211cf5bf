/// The paper's figure claims checked on a study's runs ([theory](../theory.html), section 9): per claim and comparison a verdict,
/// the test it rests on with its p-values, and one sentence on why comparisons differ; written to the page and to claims.json.
module ReluStudy.Reports.Claims

open System.Globalization
open System.Text
open ReluStudy.Core.Results
open ReluStudy.Core.Theory.Claims

/// Which claims a group's checks are: Zou et al.'s figure claims (over widths) or Cohen et al.'s sharpness claims (per step).
type Family =
    | Figures
    | Sharpness

/// The checks of one group of runs: for the figure claims runs that differ only in width and seed ("" when the study has
/// one group), for the sharpness claims runs that differ only in seed.
type Checked = { Family: Family; Setting: string; Checks: ClaimCheck list }

/// A sharpness group's name: its sweep values but the seed, and its 2/eta — for runs at a multiple c of their own critical
/// step, one 2/eta per seed: the multiple of the curvature it is and the seeds' range.
let private sharpnessSetting (group: RunResult list) =
    let r = group.Head
    let inv = CultureInfo.InvariantCulture
    let axes = r.Axes |> Seq.filter (fun a -> a.Key <> "seed") |> Seq.sortBy _.Key |> Seq.map (fun a -> $"{a.Key} = {a.Value}") |> List.ofSeq
    let edges = group |> List.map (fun g -> 2.0 / g.Config.Step)
    let edge =
        match r.Config with
        | :? DeepRunConfiguration as c when c.StepMultiple.HasValue ->
            System.String.Format(inv, "2/eta = {0:G4} {1} ({2:G4} to {3:G4} over the seeds)",
                                 1.0 / c.StepMultiple.Value, ReluStudy.Core.Training.StepCurvatures.Symbol c.Curvature, List.min edges, List.max edges)
        | _ -> System.String.Format(inv, "2/eta = {0:G4}", edges.Head)
    String.concat ", " (axes @ [ edge ])

/// Claims per group of deep runs that differ only in width and seed, then the sharpness claims per group of runs that
/// measured their sharpness and differ only in seed.
let check (runs: RunResult list) : Checked list =
    // a step search's trajectories are at a different step per width, so the figures' claims do not compare them
    let deep =
        runs |> List.filter (fun r -> match r.Config with :? DeepRunConfiguration as c -> isNull c.StepSearch | _ -> false)
    // the claims compare widths: a group of one width (a depth or step sweep) has nothing to say
    let groups = deep |> List.groupBy (fun r -> r.Config.Setting SweepAxis.Width) |> List.filter (fun (_, g) -> (g |> List.distinctBy _.Width).Length > 1)
    let sharpened =
        deep |> List.filter (fun r -> r.SharpnessRows.Count > 1)
        |> List.groupBy (fun r -> r.Axes |> Seq.filter (fun a -> a.Key <> "seed") |> Seq.map (fun a -> a.Key, a.Value) |> Seq.sort |> List.ofSeq)
        |> List.sortBy fst
    [ for setting, group in groups ->
          { Family = Figures; Setting = (if groups.Length > 1 then setting else ""); Checks = List.ofSeq (FigureClaims.Check(ResizeArray group)) }
      for _, group in sharpened ->
          let setting = sharpnessSetting group
          { Family = Sharpness; Setting = setting; Checks = List.ofSeq (SharpnessClaims.Check(ResizeArray group, setting)) } ]

let private inv = CultureInfo.InvariantCulture

let private statistic (c: ClaimCheck) =
    match c.Test, Option.ofNullable c.PValue with
    | "equivalence", Some p when c.Id = SharpnessClaims.Edge ->
        System.String.Format(inv, "late S/(2/eta) {0:G4} (seed mean; p = {1:G2} within 1 +- {2}, {3:G2} outside; {4} seeds)", c.Statistic.Value, p, c.Margin.Value, c.PValueOtherWay.Value, c.Values.Count)
    | "equivalence", Some p ->
        System.String.Format(inv, "slope {0:F3} against log m, lazy regime {1:+0.0#;-0.0#;0} +- {2} (TOST p = {3:G2})", c.Slope.Value, c.PredictedExponent.Value, c.Margin.Value, p)
    | "t", Some p ->
        System.String.Format(inv, "ln(S(k_e)/S(0)) = {0:G3} (seed mean); t = {1:G3}, p = {2:G2} rising, {3:G2} falling; {4} seeds", c.Means[0], c.Statistic.Value, p, c.PValueOtherWay.Value, c.Values.Count)
    | "every seed", _ -> c.Method
    | test, Some p ->
        let name = if test = OrderedTrend.Page then "Page's L" else "Jonckheere-Terpstra J"
        System.String.Format(inv, "{0} = {1:G6} ({2}; p = {3:G2} falling, {4:G2} rising; {5} values)", name, c.Statistic.Value, c.Method, p, c.PValueOtherWay.Value, c.Values.Count)
    | _ -> c.Missing |> Option.ofObj |> Option.defaultValue ""

/// One group's checks as a table: claim, comparison, where it was compared, verdict (bold) and the statistic.
let table (g: Checked) : Tables.Table =
    let caption =
        match g.Family with
        | Sharpness -> $"The sharpness claims: {g.Setting}"
        | Figures -> if g.Setting = "" then "The figures' claims" else $"The figures' claims: {g.Setting}"
    { Tables.table caption [ "claim"; "comparison"; "at"; "verdict"; "statistic" ]
          [ for c in g.Checks -> [ c.Id; c.Comparison; c.At; c.VerdictName; statistic c ] ] with Bold = [ 3 ] }

/// The page's section: per group a table of claims × comparisons, then each claim's sentence.
let section (b: StringBuilder) (checkedGroups: Checked list) =
    let checkedGroups = checkedGroups |> List.filter (fun g -> g.Family = Figures)
    if checkedGroups |> List.exists (fun g -> not g.Checks.IsEmpty) then
        b.Append("## The paper's claims\n\n") |> ignore
        b.Append("Zou et al.'s Figures 1-3 claim that wider networks reach a given loss sooner, end closer to their initialisation and change fewer activation patterns. Each claim is checked at a fixed iteration (the paper's own plots), at a fixed loss target and at a fixed eta*m*k, over every width × seed value ([theory](../theory.html), section 9): ").Append(FigureClaims.Rules).Append(".\n\n") |> ignore
        for g in checkedGroups do
            if g.Setting <> "" then b.Append($"### {g.Setting}\n\n") |> ignore
            b.Append(Tables.markdown (table g)).Append("\n") |> ignore
            for claim in FigureClaims.All do
                b.Append("- ").Append(ClaimSentences.Explain(ResizeArray g.Checks, claim)).Append("\n") |> ignore
            b.Append("\n") |> ignore

/// What Cohen et al. claim, per sharpness claim.
let private sharpnessStatement (c: ClaimCheck) =
    if c.Id = SharpnessClaims.Sharpening then "the sharpness rises while it is below 2/eta"
    else $"late in training the sharpness stays within {100.0 * ReluStudy.Core.Theory.Regimes.RegimeRules.EdgeBand:G3} %% of 2/eta (cross-entropy: it reaches the edge with a loss that rises after it)"

/// A claim's sentence: the figure claims' across comparisons, a sharpness claim's with its statistic.
let private explain (g: Checked) (c: ClaimCheck) =
    match g.Family with
    | Figures -> ClaimSentences.Explain(ResizeArray g.Checks, FigureClaims.All |> Seq.find (fun a -> a.Id = c.Id))
    | Sharpness -> $"Cohen et al.'s claim that {sharpnessStatement c}: {c.VerdictName} at {c.At} ({statistic c})."

/// The sharpness claims' tables and sentences, for the sharpness section.
let sharpnessTables (b: StringBuilder) (checkedGroups: Checked list) =
    for g in checkedGroups |> List.filter (fun g -> g.Family = Sharpness) do
        b.Append(Tables.markdown (table g)).Append("\n") |> ignore
        for c in g.Checks do b.Append("- ").Append(explain g c).Append("\n") |> ignore
        b.Append("\n") |> ignore

/// claims.json: one entry per claim and comparison.
let record (checkedGroups: Checked list) =
    ClaimsRecord(
        Claims =
            ResizeArray
                [ for g in checkedGroups do
                      for c in g.Checks ->
                          ClaimRecord(
                              Id = c.Id, Comparison = c.Comparison, Verdict = c.VerdictName, At = c.At, Setting = g.Setting, Test = c.Test,
                              Method = c.Method, Statistic = c.Statistic, PValue = c.PValue, PValueOtherWay = c.PValueOtherWay,
                              PredictedExponent = c.PredictedExponent, Slope = c.Slope, Margin = c.Margin, Values = c.Values, Widths = c.Widths,
                              Means = c.Means, Missing = c.Missing,
                              Explanation = explain g c) ])

/// The index's paragraph for a study: what the theory predicted and what was measured, in one paragraph.
let summary (checkedGroups: Checked list) (fits: Scaling.Fitted list) =
    let b = StringBuilder()
    let checks = checkedGroups |> List.filter (fun g -> g.Family = Figures) |> List.collect _.Checks
    if not checks.IsEmpty then
        b.Append("The theory predicts that, in the lazy regime, wider networks reach a given loss sooner, end closer to their initialisation and change fewer activation patterns, compared at the same loss or the same eta*m*k. Measured: ") |> ignore
        let sentences = [ for claim in FigureClaims.All -> ClaimSentences.Summarise(ResizeArray checks, claim) ]
        b.Append(String.concat "; " sentences).Append(". ") |> ignore
    let fitted = fits |> List.filter (fun f -> not (isNull f.Fit.Fit))
    if not fitted.IsEmpty then
        b.Append("Scaling: ") |> ignore
        b.Append(fitted |> List.map (fun f -> System.String.Format(inv, "{0} b = {1:F2}, {2}", f.Id, f.Fit.Fit.Exponent, Scaling.verdict f)) |> String.concat "; ").Append(".") |> ignore
    b.ToString().Trim()
