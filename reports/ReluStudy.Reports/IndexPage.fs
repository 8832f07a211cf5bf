/// The site's index: every prediction with the studies that check it and their verdicts, every study with its runs and
/// fits' verdicts, then per study one paragraph on what the theory predicted and what was measured.
module ReluStudy.Reports.IndexPage

open System.Text
open ReluStudy.Core.Training
open ReluStudy.Core.Theory
open ReluStudy.Reports.Page
open ReluStudy.Reports.Results

/// Runs done (finished without breaking down), broken down (diverged or collapsed), failed, and unfinished (running,
/// interrupted or killed).
let private counts (s: Study) =
    let n f = s.Runs |> List.filter (fun r -> f r.Status) |> List.length
    n _.IsUsableForFits(), n _.BrokeDown(), n (fun status -> status = RunStatus.Failed),
    n (fun status -> not (status.IsFinished()) && status <> RunStatus.Failed)

/// The table a theorist reads first: one row per prediction of the catalogue, with the studies that check it and their
/// verdicts (a fit's, per quantity and setting), the studies whose figure shows it, or what no study measures yet.
let private predictionTable (studies: (Study * Scaling.Fitted list * Claims.Checked list * ReluStudy.Core.Theory.Fits.PredictionAgreement list) list) (studyPages: Page list) =
    let link (s: Study) = $"[{s.Name}]({s.Name}/index.html)"
    let rows =
        [ for p in PredictionCatalogue.All do
              match p.Check with
              | PredictionCheck.Fitted ->
                  let exponent (f: Scaling.Fitted) =
                      match f.Fit.Fit with
                      | null -> ""
                      | fit -> System.String.Format(System.Globalization.CultureInfo.InvariantCulture, " b = {0:F2}", fit.Exponent)
                  let checks =
                      [ for s, fits, _, _ in studies do
                            let mine = fits |> List.filter (fun f -> f.Fit.Quantity.Prediction = p.Id)
                            if not mine.IsEmpty then
                                link s, s.Name + ": " + (mine |> List.map (fun f -> $"{f.Id}{exponent f}, {Scaling.verdict f}") |> String.concat "; ") ]
                  match checks with
                  | [] -> [ p.Id; p.Statement; "-"; "no study here fits it" ]
                  | _ -> [ p.Id; p.Statement; checks |> List.map fst |> String.concat ", "; checks |> List.map snd |> String.concat " — " ]
              | PredictionCheck.Figure ->
                  let showing =
                      // a figure of one width has nothing to compare
                      [ for s, _, _, _ in studies do
                            let widths = s.Runs |> List.map _.Width |> List.distinct |> List.length
                            if widths > 1 && studyPages |> List.exists (fun page -> page.Path = $"{s.Name}/index" && page.Figures |> List.exists (fun f -> f.Id = p.Figure)) then
                                link s ]
                  [ p.Id; p.Statement; (if showing.IsEmpty then "-" else String.concat ", " showing)
                    (if showing.IsEmpty then "no study here draws it" else $"read off the figure `{p.Figure}` (no fitted verdict)") ]
              | _ -> [ p.Id; p.Statement; "-"; $"not measured yet: needs {p.Missing}" ] ]
    Tables.table "Every prediction, its study and its verdict" [ "prediction"; "the theory says"; "checked by"; "verdict" ] rows

let build (studies: (Study * Scaling.Fitted list * Claims.Checked list * ReluStudy.Core.Theory.Fits.PredictionAgreement list) list) (studyPages: Page list) (paperPages: Page list) : Page =
    let b = StringBuilder()
    b.Append("# ReluStudy results\n\n") |> ignore
    b.Append("Does gradient descent on a wide deep ReLU network behave as the convergence theorems say? ") |> ignore
    b.Append("Each study below shows Figures 1-3 of Zou et al. (training loss, distance from initialisation, activation-pattern change) per width, seeds aggregated as mean with a min-max band.\n\n") |> ignore
    b.Append("| study | runs | done | diverged or collapsed | failed | unfinished | scaling predictions |\n|---|---|---|---|---|---|---|\n") |> ignore
    for s, fits, _, _ in studies do
        let d, v, f, u = counts s
        let verdicts =
            fits
            |> List.filter (fun q -> not (isNull q.Fit.Fit))
            |> List.map (fun q -> $"{q.Id}: {Scaling.verdict q}")
            |> String.concat "; "
        b.Append($"| [{s.Name}]({s.Name}/index.html) | {s.Runs.Length} | {d} | {v} | {f} | {u} | {verdicts} |\n") |> ignore
    if not paperPages.IsEmpty then
        let links = paperPages |> List.map (fun p -> $"[{p.Title}]({p.Path}.html)") |> String.concat ", "
        b.Append($"\nFigures 1-3 set out as the paper does, one panel per study: {links}.\n") |> ignore
    b.Append("\n## Predictions\n\n") |> ignore
    b.Append("Each prediction of the theory ([theory](theory.html), section 4), the studies here that check it and their verdicts.\n\n") |> ignore
    b.Append(Tables.markdown (predictionTable studies studyPages)).Append("\n") |> ignore
    if not (studies |> List.exists (fun (s, _, _, _) -> StudyPage.hasFinished s)) then
        b.Append("**No study here has a finished run yet**, so there is nothing to draw: run a study's script (it resumes what was started), then publish again.\n\n") |> ignore
    for s, fits, claims, steps in studies do
        match (Claims.summary claims fits + " " + StepSearches.summary steps).Trim() with
        | "" -> ()
        | paragraph -> b.Append($"**{s.Name}.** {paragraph}\n\n") |> ignore
    b.Append("[The theory in the project's words](theory.html) · [Glossary of names](glossary.html)\n") |> ignore
    { Path = "index"; Title = "ReluStudy results"; Markdown = b.ToString(); Figures = [] }
