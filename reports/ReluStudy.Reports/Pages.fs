/// Page generators: results in, Markdown out. Charts appear as {{chart:ID}} placeholders, which the HTML
/// page replaces with the interactive chart and the Markdown copy with a link to the chart's CSV.
module ReluStudy.Reports.Pages

open System.Text
open ReluStudy.Core.Results
open ReluStudy.Core.Theory
open ReluStudy.Reports.Bands
open ReluStudy.Reports.Charts
open ReluStudy.Reports.Results

/// One page: where it goes (without extension), its title, its Markdown and its charts.
type Page = { Path: string; Title: string; Markdown: string; Figures: Figure list }

/// Runs done (finished without breaking down), broken down (diverged or collapsed), failed, and unfinished (running,
/// interrupted or killed).
let private counts (runs: Run list) =
    let n f = runs |> List.filter f |> List.length
    n (fun r -> r.Status.IsUsableForFits()), n (fun r -> r.Status.BrokeDown()), n (fun r -> r.Status = RunStatus.Failed),
    n (fun r -> not (r.Status.IsFinished()) && r.Status <> RunStatus.Failed)

/// Whether any run of the study has finished (completed, target reached or diverged): a study without one has nothing
/// to draw yet.
let hasFinished (s: Study) = s.Runs |> List.exists (fun r -> r.Status.IsFinished())

/// The table a theorist reads first: one row per prediction of the catalogue, with the studies that check it and their
/// verdicts (a fit's, per quantity and setting), the studies whose figure shows it, or what no study measures yet.
let private predictionTable (studies: (Study * Scaling.Fitted list * Claims.Checked list) list) (studyPages: Page list) =
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
                      [ for s, fits, _ in studies do
                            let mine = fits |> List.filter (fun f -> f.Fit.Quantity.Prediction = p.Id)
                            if not mine.IsEmpty then
                                link s, s.Name + ": " + (mine |> List.map (fun f -> $"{f.Id}{exponent f}, {Scaling.verdict f}") |> String.concat "; ") ]
                  match checks with
                  | [] -> [ p.Id; p.Statement; "-"; "no study here fits it" ]
                  | _ -> [ p.Id; p.Statement; checks |> List.map fst |> String.concat ", "; checks |> List.map snd |> String.concat " — " ]
              | PredictionCheck.Figure ->
                  let showing =
                      // a figure of one width has nothing to compare
                      [ for s, _, _ in studies do
                            let widths = s.Runs |> List.map _.Width |> List.distinct |> List.length
                            if widths > 1 && studyPages |> List.exists (fun page -> page.Path = $"{s.Name}/index" && page.Figures |> List.exists (fun f -> f.Id = p.Figure)) then
                                link s ]
                  [ p.Id; p.Statement; (if showing.IsEmpty then "-" else String.concat ", " showing)
                    (if showing.IsEmpty then "no study here draws it" else $"read off the figure `{p.Figure}` (no fitted verdict)") ]
              | _ -> [ p.Id; p.Statement; "-"; $"not measured yet: needs {p.Missing}" ] ]
    Tables.table "Every prediction, its study and its verdict" [ "prediction"; "the theory says"; "checked by"; "verdict" ] rows

/// The index: the predictions with their studies and verdicts, every study with its runs done, diverged, failed and
/// unfinished, and its fits' verdicts, then per study one paragraph on what the theory predicted and what was measured.
let index (studies: (Study * Scaling.Fitted list * Claims.Checked list) list) (studyPages: Page list) : Page =
    let b = StringBuilder()
    b.Append("# ReluStudy results\n\n") |> ignore
    b.Append("Does gradient descent on a wide deep ReLU network behave as the convergence theorems say? ") |> ignore
    b.Append("Each study below shows Figures 1-3 of Zou et al. (training loss, distance from initialisation, activation-pattern change) per width, seeds aggregated as mean with a min-max band.\n\n") |> ignore
    b.Append("| study | runs | done | diverged or collapsed | failed | unfinished | scaling predictions |\n|---|---|---|---|---|---|---|\n") |> ignore
    for s, fits, _ in studies do
        let d, v, f, u = counts s.Runs
        let verdicts =
            fits
            |> List.filter (fun q -> not (isNull q.Fit.Fit))
            |> List.map (fun q -> $"{q.Id}: {Scaling.verdict q}")
            |> String.concat "; "
        b.Append($"| [{s.Name}]({s.Name}/index.html) | {s.Runs.Length} | {d} | {v} | {f} | {u} | {verdicts} |\n") |> ignore
    b.Append("\n## Predictions\n\n") |> ignore
    b.Append("Each prediction of the theory ([theory](theory.html), section 4), the studies here that check it and their verdicts.\n\n") |> ignore
    b.Append(Tables.markdown (predictionTable studies studyPages)).Append("\n") |> ignore
    if not (studies |> List.exists (fun (s, _, _) -> hasFinished s)) then
        b.Append("**No study here has a finished run yet**, so there is nothing to draw: run a study's script (it resumes what was started), then publish again.\n\n") |> ignore
    for s, fits, claims in studies do
        match Claims.summary claims fits with
        | "" -> ()
        | paragraph -> b.Append($"**{s.Name}.** {paragraph}\n\n") |> ignore
    b.Append("[The theory in the project's words](theory.html) · [Glossary of names](glossary.html)\n") |> ignore
    { Path = "index"; Title = "ReluStudy results"; Markdown = b.ToString(); Figures = [] }

let private section (b: StringBuilder) (title: string) (text: string) (figure: Figure) =
    b.Append($"## {title}\n\n{text}\n\n{{{{chart:{figure.Id}}}}}\n\n[Data as CSV]({figure.Id}.csv)\n\n") |> ignore

/// A figure of the study's page and the quantity it shows.
type private Shown = { Quantity: TrackedQuantity; Title: string; Text: string; Figure: Figure }

let private shown quantity title text figure = { Quantity = quantity; Title = title; Text = text; Figure = figure }

/// The first logged iteration where the run's outputs leave the linearised prediction: ‖u_net − u_lin‖ > 0.1·‖u_net − u(0)‖.
let private departure (r: Run) =
    r.Predictions
    |> List.tryFind (fun row -> row.Values.TryFind MetricColumns.OutputGapLinearized.Name |> Option.exists (fun g -> g > 0.1))
    |> Option.map (fun row -> float row.Iteration)

let private deepFigures (declared: StudyDeclaration) (runs: Run list) =
    let k = "iteration k"
    let emk = "eta*m*k"
    let c (column: MetricColumn) = column.Name
    let sgd = runs |> List.exists (fun r -> r.Config |> List.contains ("optimizer", "sgd"))
    let what = if sgd then " (GD prediction of the same step)" else " prediction"
    /// The infinite-width (dashed) and linearised (dotted) predictions of a column, each over its width's band.
    let predicted (infinite: MetricColumn) (linearized: MetricColumn) =
        let over (column: MetricColumn) (label: string) dash =
            ofColumn _.Predictions (c column) Iteration runs |> List.map (fun b -> { Of = b.Name; Band = { b with Name = b.Name + label + what }; Dash = dash })
        (if declared.Draws ComparisonKind.InfiniteWidth then over infinite " infinite-width" "dash" else [])
        @ (if declared.Draws ComparisonKind.Linearized then over linearized " linearised" "dot" else [])
    // The infinite-width loss against eta*m*k is (nearly) one curve for every width: the finest step's is the reference.
    let reference =
        if not (declared.Draws ComparisonKind.InfiniteWidth) then []
        else
            ofColumn _.Predictions (c MetricColumns.LossInfinite) StepTimesWidthTimesIteration runs
            |> List.sortBy (fun b -> b.X |> List.tryItem 1 |> Option.defaultValue infinity)
            |> List.truncate 1
            |> List.map (fun b -> { Of = ""; Band = { b with Name = $"infinite-width prediction ({b.Name}){what}" }; Dash = "dash" })
    let wholeKernel (r: Run) = r.Kernel |> List.filter (fun row -> row.Values.TryFind MetricColumns.Layer.Name = Some 0.0)
    [ shown TrackedQuantity.Loss "Figure 1: training loss" "`L_S(W(k))` per width (Zou et al. Fig. 1): wider networks should reach a given loss sooner at the same step size."
          (figureWith "fig1-loss" "Training loss" k "L_S" true (ofMetric (c MetricColumns.Loss) Iteration runs) (predicted MetricColumns.LossInfinite MetricColumns.LossLinearized))
      shown TrackedQuantity.TrainError "Figure 1: training error" "Fraction of training examples with `y f(x) <= 0`."
          (figureWith "fig1-error" "Training error" k "error" false (ofMetric (c MetricColumns.TrainError) Iteration runs)
              (predicted MetricColumns.TrainErrorInfinite MetricColumns.TrainErrorLinearized))
      shown TrackedQuantity.DistanceFromInit "Figure 2: distance from initialisation (spectral)" "`max_l ||W_l(k) - W_l(0)||_2`, the theory's norm (Zou et al. Fig. 2): wider networks should move less."
          (figure "fig2-spectral" "Distance from initialisation, spectral" k "max_l ||W_l - W_l(0)||_2" false (ofMetric (c MetricColumns.DistanceSpectralMax) Iteration runs))
      shown TrackedQuantity.DistanceFromInit "Figure 2: distance from initialisation (Frobenius)" "`(sum_l ||W_l(k) - W_l(0)||_F^2)^(1/2)`."
          (figureWith "fig2-frobenius" "Distance from initialisation, Frobenius" k "||W - W(0)||_F" false (ofMetric (c MetricColumns.DistanceFrobenius) Iteration runs)
              (predicted MetricColumns.DistanceFrobeniusInfinite MetricColumns.DistanceFrobeniusLinearized))
      shown TrackedQuantity.PatternChangeRatio "Figure 3: activation-pattern change" "Fraction of the `n * sum_l m_l` hidden units whose on/off state differs from initialisation (Zou et al. Fig. 3)."
          (figure "fig3-patterns" "Activation-pattern change ratio" k "R(k)" true (ofMetric (c MetricColumns.PatternChangeRatio) Iteration runs))
      shown TrackedQuantity.Loss "Collapse: loss against eta*m*k" "In the lazy regime these curves coincide for every width (P5, [theory](../theory.html)): a fixed step acts like a kernel step proportional to eta*m."
          (figureWith "collapse-loss" "Training loss against eta*m*k" emk "L_S" true (ofMetric (c MetricColumns.Loss) StepTimesWidthTimesIteration runs) reference)
      shown TrackedQuantity.DistanceFromInit "Collapse: distance against eta*m*k" "`sqrt(m) D(k)` against `eta*m*k` is width-independent in the lazy regime (P7, [theory](../theory.html)); here `D` itself: at the same eta*m*k a wider network has moved less."
          (figure "collapse-distance" "Spectral distance against eta*m*k" emk "max_l ||W_l - W_l(0)||_2" false (ofMetric (c MetricColumns.DistanceSpectralMax) StepTimesWidthTimesIteration runs))
      shown TrackedQuantity.GradientNorm "Gradient norm" "`||grad L_S(W(k))||_F`, the full-batch gradient over all layers: Lemma 5.2 sandwiches its square between two multiples of m."
          (figure "gradient-norm" "Gradient norm" k "||grad L_S||_F" true (ofMetric (c MetricColumns.GradNorm) Iteration runs))
      shown TrackedQuantity.Kernel "The tangent kernel during training" "`||K(k) - K(0)||_F / ||K(0)||_F` of the network's empirical tangent kernel on a fixed subsample of the training set: the lazy regime keeps it near 0, and wider networks should change theirs less (P19)."
          (figure "kernel-change" "Relative change of the empirical tangent kernel" k "||K(k) - K(0)|| / ||K(0)||" false (ofColumn wholeKernel (c MetricColumns.KernelChange) Iteration runs))
      shown TrackedQuantity.Loss "Leaving the linearised model" "The first logged iteration at which the network's outputs are more than 10 % of their movement away from the linearised prediction, `||u(k) - u_lin(k)|| > 0.1 ||u(k) - u(0)||`, against width (mean and range over seeds; runs that never leave it are left out). The lazy regime predicts it comes later for wider networks."
          (figure "departure" "Iteration the run leaves its linearised prediction" "width m" "iteration" false (perWidth [] "departure iteration" departure runs)) ]
    |> List.filter (fun f ->
        match f.Figure.Id with
        | "kernel-change" -> not (List.isEmpty (runs |> List.collect wholeKernel))
        | "departure" -> declared.Draws ComparisonKind.Linearized && f.Figure.Traces > 0
        | _ -> true)

/// The two-layer figures; with bounds, Du et al.'s envelope and R' beside the residual and the movement of each width.
let private twoLayerFigures (bounds: bool) (runs: Run list) =
    let k = "iteration k"
    let c (column: MetricColumn) = column.Name
    let beside (column: MetricColumn) suffix =
        if bounds then ofMetric (c column) Iteration runs |> List.map (fun b -> { b with Name = b.Name + suffix }) else []
    [ shown TrackedQuantity.Loss "Residual and envelope" "`||y - u(k)||^2` measured, and Du et al. Theorem 4.1's envelope `(1 - eta lambda0 / 2)^k ||y - u(0)||^2` (the envelope curves)."
          (figure "residual" "||y - u(k)||^2 and its envelope" k "||y - u||^2" true
              (ofMetric (c MetricColumns.ResidualSquared) Iteration runs @ beside MetricColumns.Envelope " envelope"))
      shown TrackedQuantity.DistanceFromInit "Weight movement" "`max_r ||w_r(k) - w_r(0)||_2` and Corollary 4.1's bound `R' = 4 sqrt(n) ||y - u(0)|| / (sqrt(m) lambda0)` (the R' curves; log scale)."
          (figure "movement" "Largest neuron movement and R'" k "max_r ||w_r - w_r(0)||" true
              (ofMetric (c MetricColumns.MaxWeightDistance) Iteration runs @ beside MetricColumns.RPrime " R'"))
      shown TrackedQuantity.PatternChangeRatio "Activation-pattern changes" "Fraction of the `m n` patterns changed since `k = 0` (Lemma 3.2)."
          (figure "patterns" "Pattern-change fraction" k "fraction" false (ofMetric (c MetricColumns.PatternChangeRatio) Iteration runs))
      shown TrackedQuantity.Kernel "Smallest eigenvalue of H(k)" "`lambda_min(H(k))` on the Gram schedule; Lemma 3.2 keeps it above `lambda0 / 2`."
          (figure "lambda-min" "lambda_min(H(k))" k "lambda_min" false (ofMetric (c MetricColumns.LambdaMinH) Iteration runs)) ]

let private methods (b: StringBuilder) (study: Study) =
    b.Append("## Methods\n\n") |> ignore
    let d = study.Declaration
    let listed (xs: 'T seq) = xs |> Seq.map string |> String.concat ", "
    let declared =
        [ "summary", d.Summary
          "track", (match d.Track with null -> "" | t -> listed t)
          "compare", (match d.Compare with null -> "" | c -> listed c)
          "baselines", listed d.Baselines ]
        |> List.filter (fun (_, v) -> v <> "")
    if not declared.IsEmpty then
        b.Append("Declared:\n\n") |> ignore
        for key, value in declared do b.Append($"- {key}: {value}\n") |> ignore
        b.Append("\n") |> ignore
    match study.Runs with
    | [] -> b.Append("No runs.\n") |> ignore
    | first :: _ ->
        let configured = first.Config |> List.filter (fun (k, _) -> k <> "train_source" && k <> "test_source" && k <> "widths")
        b.Append("Configuration of the first run (the sweep varies the columns of the run table):\n\n| setting | value |\n|---|---|\n") |> ignore
        for key, value in configured do
            let cell = value.Replace("|", "/").Replace("\n", " ")
            b.Append($"| {key} | {cell} |\n") |> ignore
        b.Append("\n| run | id | status | seconds |\n|---|---|---|---|\n") |> ignore
        for r in study.Runs do
            let seconds = r.Summary |> List.tryFind (fun (k, _) -> k = "seconds") |> Option.map snd |> Option.defaultValue ""
            b.Append($"| {r.Label} | {r.Id} | {r.Status.Name()} | {seconds} |\n") |> ignore
        if not study.Undeclared.IsEmpty then
            let folders = String.concat ", " study.Undeclared
            b.Append($"\n{study.Undeclared.Length} run folder(s) from an earlier declaration of this study are not shown (not in its study.json): {folders}.\n") |> ignore
        let troubled = study.Runs |> List.filter (fun r -> r.Status = RunStatus.Failed || r.Status.BrokeDown())
        if not troubled.IsEmpty then
            b.Append("\nFailed, diverged and collapsed runs:\n\n") |> ignore
            for r in troubled do
                let message = defaultArg r.Message ""
                b.Append($"- {r.Label} ({r.Id}): {r.Status.Name()}: {message}\n") |> ignore
        b.Append("\nSoftware and machine (first run):\n\n") |> ignore
        for key, value in first.Software @ first.Machine do b.Append($"- {key}: {value}\n") |> ignore

/// Per prepared data set the runner checked (data/*.json): the paragraphs on its assumptions and each paper's
/// requirement, and the table of requirements (none when an assumption fails).
let bounds (s: Study) : (string * Tables.Table option) list =
    let folder = System.IO.Path.Combine(s.Folder, "data")
    let files = if System.IO.Directory.Exists folder then System.IO.Directory.GetFiles(folder, "*.json") |> Array.sort |> List.ofArray else []
    let inv = System.Globalization.CultureInfo.InvariantCulture
    let f (v: float) = v.ToString("G4", inv)
    let joined (xs: int list) = if xs.IsEmpty then "none" else xs |> List.map string |> String.concat ", "
    let widths = s.Runs |> List.map _.Width |> List.distinct |> List.sort
    let zeroError =
        s.Runs
        |> List.filter (fun r -> r.Rows |> List.exists (fun row -> row.Values.TryFind MetricColumns.TrainError.Name = Some 0.0))
        |> List.map _.Width |> List.distinct |> List.sort
    let depth =
        s.Runs |> List.tryHead |> Option.bind (fun r -> r.Config |> List.tryFind (fun (k, _) -> k = "depth")) |> Option.map (snd >> float) |> Option.defaultValue 1.0
    [ for file in files do
          let b = StringBuilder()
          use json = System.Text.Json.JsonDocument.Parse(System.IO.File.ReadAllText file)
          let root = json.RootElement
          let num (name: string) = root.GetProperty(name).GetDouble()
          let n, phi, lambda0 = num "n", num "phi", num "lambda0"
          let dataset = root.GetProperty("dataset").GetString()
          let holds = if root.GetProperty("assumption_4_1_holds").GetBoolean() then "holds" else "fails"
          let d, minNorm, maxNorm, lambdaMax = num "d", f (num "min_norm"), f (num "max_norm"), f (num "lambda_max")
          b.Append($"Data {dataset}: n = {n}, d = {d}, norms in [{minNorm}, {maxNorm}] (Assumption 4.1 {holds}), ") |> ignore
          b.Append($"phi = {f phi} (Assumption 4.2), lambda0 = lambda_min(H_inf) = {f lambda0}, lambda_max = {lambdaMax}.\n\n") |> ignore
          if phi > 0.0 && lambda0 > 0.0 then
              let inputs = ReluStudy.Core.Theory.BoundInputs(n, depth, phi, lambda0, 0.1, log 2.0 / n)
              let widest = log10 (float (List.max widths))
              b.Append($"Each paper's requirement for this data at L = {depth}, delta = 0.1 and epsilon = log 2 / n (zero training error), as orders of magnitude with constants and log factors set to 1 (`?` unconfirmed), ") |> ignore
              b.Append($"next to the widths studied ({joined widths}) and those that reached zero training error ({joined zeroError}):\n\n") |> ignore
              let zczg = ReluStudy.Core.Theory.TheoremBounds.For inputs |> Seq.find (fun p -> p.Key = "ZCZG-ML")
              let required = zczg.Width.Log10.Value
              let requiredText, gapText = required.ToString("F1", inv), (required - widest).ToString("F1", inv)
              b.Append($"**Zou et al.'s theorem asks for m of order 10^{requiredText} on this data; the widest network studied has m = {List.max widths}: a gap of {gapText} orders of magnitude.**\n\n") |> ignore
              let rows =
                  [ for p in ReluStudy.Core.Theory.TheoremBounds.For inputs do
                        let cell (o: ReluStudy.Core.Theory.OrderOfMagnitude) =
                            let mark = if o.Confidence = ReluStudy.Core.Theory.Confidence.Unconfirmed then "?" else ""
                            if o.Log10.HasValue then "10^" + o.Log10.Value.ToString("F1", inv) + mark else "unknown" + mark
                        let gap = if p.Width.Log10.HasValue then (p.Width.Log10.Value - widest).ToString("F1", inv) + " orders of magnitude" else "-"
                        [ p.Key; cell p.Width; cell p.Iterations; gap ] ]
              let caption = $"Each paper's requirement on {dataset} (n = {n}, L = {depth}), orders of magnitude with constants set to 1 (? unconfirmed), against the widest network studied (m = {List.max widths})"
              b.ToString(), Some(Tables.table caption [ "paper"; "required width"; "iterations"; "gap to the widest network studied" ] rows)
          else
              b.Append("An assumption fails (phi = 0 or H_inf singular): no theorem's bound applies to this data.\n\n") |> ignore
              b.ToString(), None ]

/// The data-assumption check the runner stored in data/, and each paper's requirement beside the widths studied.
let private theory (b: StringBuilder) (s: Study) =
    match bounds s with
    | [] -> ()
    | checks ->
        b.Append("## Theory and bounds\n\n") |> ignore
        for text, table in checks do
            b.Append(text) |> ignore
            table |> Option.iter (fun t -> b.Append(Tables.markdown t).Append("\n") |> ignore)

/// Each width's eta*m against the largest at which the tangent kernel's prediction is stable (run.json's tangent_kernel).
let private stepCheck (b: StringBuilder) (runs: Run list) =
    let checks =
        runs
        |> List.choose (fun r ->
            match r.Result.Record.Summary, r.Result.Config with
            | null, _ -> None
            | summary, (:? DeepRunConfiguration as c) when not (isNull summary.TangentKernel) ->
                Some((r.Width, c.StepTimesWidth), summary.TangentKernel.MaxStableStepTimesWidth)
            | _ -> None)
        |> List.distinctBy fst
        |> List.sortBy fst
    if not checks.IsEmpty then
        let inv = System.Globalization.CultureInfo.InvariantCulture
        b.Append("## Step size against the stability ceiling\n\n") |> ignore
        b.Append("Gradient descent in function space with the infinite-width kernel is stable while `eta * m < 2 n / (max l'' * lambda_max(K_inf))` (8 n / lambda_max for cross-entropy); above it the lazy-regime predictions drawn beside the figures do not describe the runs ([theory](../theory.html), section 6).\n\n") |> ignore
        b.Append("| width m | eta*m | largest stable eta*m | |\n|---|---|---|---|\n") |> ignore
        for (width, etaM), ceiling in checks do
            let verdict = if etaM < ceiling then "below" else "**above: the predictions do not apply**"
            b.Append(System.String.Format(inv, "| {0} | {1:G4} | {2:G4} | {3} |\n", width, etaM, ceiling, verdict)) |> ignore
        b.Append("\n") |> ignore
        for (width, etaM), ceiling in checks |> List.filter (fun ((_, etaM), ceiling) -> etaM >= ceiling) do
            b.Append(System.String.Format(inv, "**Warning: m = {0}: eta*m = {1:G4} is above the stability ceiling {2:G4}.**\n\n", width, etaM, ceiling)) |> ignore

/// The width-scaling section: the table of fitted exponents (with the widths used and those left out) and a chart per quantity.
let private scalingSection (b: StringBuilder) (scaling: Scaling.Fitted list) =
    let inv = System.Globalization.CultureInfo.InvariantCulture
    b.Append(System.String.Format(inv, "## Scaling fits\n\nEach prediction's quantity against the axis it is fitted over (width m, depth L, step eta or batch B: the table's 'fitted over') on log-log axes ([theory](../theory.html), section 4): the least-squares line, the predicted slope drawn through the data, the fitted exponent with its 95 % bootstrap interval (resampling points, or whole seeds from {0} seeds on) and the verdict (section 8). Only runs that stay lazy enter a fit ({1}); the others are drawn grey. A verdict needs at least {2} values of the axis and {3} seeds; an interval within {4} of the prediction counts as consistent.\n\n",
                                  PowerLawFit.MinSeedsToResample, LazyRange.Rule, PowerLawFit.MinWidths, PowerLawFit.MinSeeds, PowerLawFit.Margin)) |> ignore
    b.Append(Tables.markdown (Scaling.table scaling)).Append("\n") |> ignore
    for f in scaling |> List.choose _.Figure do b.Append($"{{{{chart:{f.Id}}}}}\n\n[Data as CSV]({f.Id}.csv)\n\n") |> ignore

/// The line of a study page that links its LaTeX folder, and its PDF once one is built.
let private paperLine (pdf: bool) =
    let pdfLink = if pdf then $"[as PDF]({PaperFiles.Folder}/{PaperFiles.Pdf}) · " else ""
    $"For a paper: {pdfLink}[LaTeX]({PaperFiles.Folder}/{PaperFiles.Report}) (pgfplots figures reading each chart's CSV, booktabs tables, in the folder `{PaperFiles.Folder}/`); every chart's camera button downloads it as SVG.\n\n"

/// The study page once its PDF is built: the same page with the PDF linked.
let withPdf (page: Page) = { page with Markdown = page.Markdown.Replace(paperLine false, paperLine true) }

/// A study's page: its figures against iteration and against eta*m*k, its scaling fits, theory, then the methods, and a
/// link to its LaTeX folder (<see cref="withPdf"/> adds the PDF's).
let study (s: Study, scaling: Scaling.Fitted list, claims: Claims.Checked list) : Page =
    let b = StringBuilder()
    b.Append($"# {s.Name}\n\n") |> ignore
    if s.Declaration.Summary <> "" then b.Append($"{s.Declaration.Summary}\n\n") |> ignore
    if not (hasFinished s) then
        b.Append($"**No run of this study has finished yet** ({s.Runs.Length} started): its figures and checks appear when one has. Run the study's script again to resume it.\n\n") |> ignore
    else
        b.Append(paperLine false) |> ignore
    let axes = s.Runs |> List.collect (fun r -> Map.toList r.Axes) |> List.groupBy fst
    for name, values in axes do
        let order (v: string) =
            match System.Double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture) with
            | true, x -> x, v
            | _ -> infinity, v
        let listed = values |> List.map snd |> List.distinct |> List.sortBy order |> String.concat ", "
        b.Append($"- {name}: {listed}\n") |> ignore
    b.Append("\nCurves are means over seeds; the shaded band spans their minimum and maximum.\n\n") |> ignore
    let usable = if hasFinished s then s.Runs |> List.filter (fun r -> not r.Rows.IsEmpty) else []
    let declared = s.Declaration
    let figures =
        if usable.IsEmpty then []
        elif usable |> List.exists _.IsTwoLayer then twoLayerFigures (declared.Draws ComparisonKind.Envelope) usable
        else deepFigures declared usable
        // the gradient-norm figure is new: a study shows it when it tracks the gradient norm by name
        |> List.filter (fun f -> declared.Shows f.Quantity && (f.Quantity <> TrackedQuantity.GradientNorm || declared.Track <> null))
    for f in figures do section b f.Title f.Text f.Figure
    Claims.section b claims
    stepCheck b usable
    StepSearches.section b s.Runs
    if not scaling.IsEmpty then scalingSection b scaling
    let generalisation, generalisationFigures =
        if declared.Shows TrackedQuantity.TestError && not usable.IsEmpty then Generalisation.section s.Folder s.Runs else "", []
    b.Append(generalisation) |> ignore
    if declared.Draws ComparisonKind.Bounds then theory b s
    methods b s
    { Path = $"{s.Name}/index"; Title = s.Name; Markdown = b.ToString()
      Figures = (figures |> List.map _.Figure) @ (scaling |> List.choose _.Figure) @ generalisationFigures }
