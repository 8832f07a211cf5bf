/// A study's page: its figures against iteration and against eta*m*k, the regime against the step multiple (runs at
/// multiples of their critical step), its claims, step checks, scaling fits,
/// generalisation, theory, then the methods, and a link to its LaTeX folder.
module ReluStudy.Reports.StudyPage

open System.Text
open ReluStudy.Core.Results
open ReluStudy.Core.Training
open ReluStudy.Reports.Page
open ReluStudy.Reports.Results

/// Whether any run of the study has finished (any status that has its result: the budget, the target, zero training
/// error, divergence or collapse): a study without one has nothing to draw yet.
let hasFinished (s: Study) = s.Runs |> List.exists (fun r -> r.Status.IsFinished())

/// The study's sweep values, one line per axis, values in numeric order.
let private axes (b: StringBuilder) (s: Study) =
    let order (v: string) =
        match System.Double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture) with
        | true, x -> x, v
        | _ -> infinity, v
    for name, values in s.Runs |> List.collect (fun r -> r.Axes |> Seq.map (fun a -> a.Key, a.Value) |> List.ofSeq) |> List.groupBy fst |> List.sortBy fst do
        let listed = values |> List.map snd |> List.distinct |> List.sortBy order |> String.concat ", "
        b.Append($"- {name}: {listed}\n") |> ignore

let build (s: Study, scaling: Scaling.Fitted list, claims: Claims.Checked list, steps: ReluStudy.Core.Theory.Fits.PredictionAgreement list) : Page =
    let b = StringBuilder()
    b.Append($"# {s.Name}\n\n") |> ignore
    if s.Declaration.Summary <> "" then b.Append($"{s.Declaration.Summary}\n\n") |> ignore
    if not (hasFinished s) then
        b.Append($"**No run of this study has finished yet** ({s.Runs.Length} started): its figures and checks appear when one has. Run the study's script again to resume it.\n\n") |> ignore
    else
        b.Append(paperLine false) |> ignore
    axes b s
    b.Append($"\nCurves are means over seeds; the shaded band spans their minimum and maximum. {Bands.Rule}\n\n") |> ignore
    let usable = if hasFinished s then s.Runs |> List.filter (fun r -> r.Rows.Count > 0) else []
    let figures = Figures.ofStudy s.Declaration usable
    for f in figures do figureSection b f.Title f.Text f.Figure
    let phases = if usable.IsEmpty then None else StepPhases.section b s.Runs
    if claims |> List.exists (fun g -> g.Family = Claims.Sharpness) then
        b.Append("## The sharpness claims\n\n").Append(ReluStudy.Core.Theory.Claims.SharpnessClaims.Rules).Append(".\n\n") |> ignore
        Claims.sharpnessTables b claims
    Claims.section b claims
    Bounds.stepCheck b usable
    StepSearches.section b steps s.Runs
    if not scaling.IsEmpty then Scaling.section b scaling s.Runs
    let generalisation, generalisationFigures =
        if s.Declaration.Shows TrackedQuantity.TestError && not usable.IsEmpty then Generalisation.section s s.Runs else "", []
    b.Append(generalisation) |> ignore
    if s.Declaration.Draws ComparisonKind.Bounds then Bounds.section b s
    Methods.section b s
    { Path = $"{s.Name}/index"; Title = s.Name; Markdown = b.ToString()
      Figures = (figures |> List.map _.Figure) @ Option.toList phases @ (scaling |> List.choose _.Figure) @ generalisationFigures }
