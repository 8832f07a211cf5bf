/// The figures of a study page: Zou et al.'s Figures 1-3 and their companions for the deep network, Du et al.'s for the
/// two-layer model, each with the quantity it shows (a study's track list picks among them).
module ReluStudy.Reports.Figures

open ReluStudy.Core.Results
open ReluStudy.Reports.Bands
open ReluStudy.Reports.Charts
open ReluStudy.Reports.Results

/// A figure of the study's page and the quantity it shows.
type Shown = { Quantity: TrackedQuantity; Title: string; Text: string; Figure: Figure }

let private shown quantity title text figure = { Quantity = quantity; Title = title; Text = text; Figure = figure }

/// The first logged iteration where the run's outputs leave the linearised prediction: ‖u_net − u_lin‖ > 0.1·‖u_net − u(0)‖.
let departure (r: RunResult) =
    r.PredictionRows
    |> Seq.tryFind (fun row -> row[MetricColumns.OutputGapLinearized] |> Option.ofNullable |> Option.exists (fun g -> g > 0.1))
    |> Option.map (fun row -> float row.Iteration)

/// The whole kernel's rows of kernel.csv (layer 0).
let private wholeKernel (r: RunResult) = r.TangentKernelRows |> Seq.filter (fun row -> row[MetricColumns.Layer] = System.Nullable 0.0)

let private deep (declared: StudyDeclaration) (runs: RunResult list) =
    let k = "iteration k"
    let emk = "eta*m*k"
    let sgd = runs |> List.exists (fun r -> Results.deep r |> Option.exists (fun c -> c.Optimizer = "sgd"))
    let what = if sgd then " (GD prediction of the same step)" else " prediction"
    /// The infinite-width (dashed) and linearised (dotted) predictions of a column, each over its width's band.
    let predicted (infinite: MetricColumn) (linearized: MetricColumn) =
        let over (column: MetricColumn) (label: string) dash =
            ofColumn _.PredictionRows column Iteration runs |> List.map (fun b -> { Of = b.Name; Band = { b with Name = b.Name + label + what }; Dash = dash })
        (if declared.Draws ComparisonKind.InfiniteWidth then over infinite " infinite-width" "dash" else [])
        @ (if declared.Draws ComparisonKind.Linearized then over linearized " linearised" "dot" else [])
    // The infinite-width loss against eta*m*k is (nearly) one curve for every width: the finest step's is the reference.
    let reference =
        if not (declared.Draws ComparisonKind.InfiniteWidth) then []
        else
            ofColumn _.PredictionRows MetricColumns.LossInfinite StepTimesWidthTimesIteration runs
            |> List.sortBy (fun b -> b.X |> List.tryItem 1 |> Option.defaultValue infinity)
            |> List.truncate 1
            |> List.map (fun b -> { Of = ""; Band = { b with Name = $"infinite-width prediction ({b.Name}){what}" }; Dash = "dash" })
    [ shown TrackedQuantity.Loss "Figure 1: training loss" "`L_S(W(k))` per width (Zou et al. Fig. 1): wider networks should reach a given loss sooner at the same step size."
          (figureWith "fig1-loss" "Training loss" k "L_S" true (ofMetric MetricColumns.Loss Iteration runs) (predicted MetricColumns.LossInfinite MetricColumns.LossLinearized))
      shown TrackedQuantity.TrainError "Figure 1: training error" "Fraction of training examples with `y f(x) <= 0`."
          (figureWith "fig1-error" "Training error" k "error" false (ofMetric MetricColumns.TrainError Iteration runs)
              (predicted MetricColumns.TrainErrorInfinite MetricColumns.TrainErrorLinearized))
      shown TrackedQuantity.DistanceFromInit "Figure 2: distance from initialisation (spectral)" "`max_l ||W_l(k) - W_l(0)||_2`, the theory's norm (Zou et al. Fig. 2): wider networks should move less."
          (figure "fig2-spectral" "Distance from initialisation, spectral" k "max_l ||W_l - W_l(0)||_2" false (ofMetric MetricColumns.DistanceSpectralMax Iteration runs))
      shown TrackedQuantity.DistanceFromInit "Figure 2: distance from initialisation (Frobenius)" "`(sum_l ||W_l(k) - W_l(0)||_F^2)^(1/2)`."
          (figureWith "fig2-frobenius" "Distance from initialisation, Frobenius" k "||W - W(0)||_F" false (ofMetric MetricColumns.DistanceFrobenius Iteration runs)
              (predicted MetricColumns.DistanceFrobeniusInfinite MetricColumns.DistanceFrobeniusLinearized))
      shown TrackedQuantity.PatternChangeRatio "Figure 3: activation-pattern change" "Fraction of the `n * sum_l m_l` hidden units whose on/off state differs from initialisation (Zou et al. Fig. 3)."
          (figure "fig3-patterns" "Activation-pattern change ratio" k "R(k)" true (ofMetric MetricColumns.PatternChangeRatio Iteration runs))
      shown TrackedQuantity.Loss "Collapse: loss against eta*m*k" "In the lazy regime these curves coincide for every width (P5, [theory](../theory.html)): a fixed step acts like a kernel step proportional to eta*m."
          (figureWith "collapse-loss" "Training loss against eta*m*k" emk "L_S" true (ofMetric MetricColumns.Loss StepTimesWidthTimesIteration runs) reference)
      shown TrackedQuantity.DistanceFromInit "Collapse: distance against eta*m*k" "`sqrt(m) D(k)` against `eta*m*k` is width-independent in the lazy regime (P7, [theory](../theory.html)); here `D` itself: at the same eta*m*k a wider network has moved less."
          (figure "collapse-distance" "Spectral distance against eta*m*k" emk "max_l ||W_l - W_l(0)||_2" false (ofMetric MetricColumns.DistanceSpectralMax StepTimesWidthTimesIteration runs))
      shown TrackedQuantity.GradientNorm "Gradient norm" "`||grad L_S(W(k))||_F`, the full-batch gradient over all layers: Lemma 5.2 sandwiches its square between two multiples of m."
          (figure "gradient-norm" "Gradient norm" k "||grad L_S||_F" true (ofMetric MetricColumns.GradNorm Iteration runs))
      shown TrackedQuantity.TangentKernel "The tangent kernel during training" "`||K(k) - K(0)||_F / ||K(0)||_F` of the network's empirical tangent kernel on a fixed subsample of the training set: the lazy regime keeps it near 0, and wider networks should change theirs less (P19)."
          (figure "kernel-change" "Relative change of the empirical tangent kernel" k "||K(k) - K(0)|| / ||K(0)||" false (ofColumn wholeKernel MetricColumns.TangentKernelChange Iteration runs))
      shown TrackedQuantity.Sharpness "Sharpness against 2/eta" "`S(W(k)) eta/2`, the training loss's Hessian's top eigenvalue over each run's own `2/eta` (solid, per width and step; each seed is divided by its own step, which differs between seeds when the step is a multiple of each run's curvature), its Gauss-Newton part's the same way (dotted) and the edge, 1 (dashed): GD on a quadratic is stable while `S < 2/eta`. Cohen et al. find the sharpness rising during training (progressive sharpening) until it reaches `2/eta` and then hovering there (the edge of stability); a catapult ends with it below `2/eta` ([theory](../theory.html), section 10). The sharpness is measured only on its schedule: the marked points are the measurements, the lines between them are not."
          (let over (column: MetricColumn) (row: CsvRow) =
               match Option.ofNullable row[column], Option.ofNullable row[MetricColumns.TwoOverStep] with
               | Some v, Some edge -> Some(v / edge)
               | _ -> None
           let edge (row: CsvRow) = if row.Has MetricColumns.TwoOverStep then Some 1.0 else None
           figureWith "sharpness" "Sharpness over each run's 2/eta" k "S(W(k)) eta/2" false (ofRows _.SharpnessRows (over MetricColumns.Sharpness) Iteration runs)
              ((ofRows _.SharpnessRows (over MetricColumns.GaussNewton) Iteration runs |> List.map (fun b -> { Of = b.Name; Band = { b with Name = b.Name + " Gauss-Newton" }; Dash = "dot" }))
               @ (ofRows _.SharpnessRows edge Iteration runs |> List.map (fun b -> { Of = b.Name; Band = { b with Name = b.Name + " edge (2/eta)" }; Dash = "dash" }))))
      shown TrackedQuantity.Loss "Leaving the linearised model" "The first logged iteration at which the network's outputs are more than 10 % of their movement away from the linearised prediction, `||u(k) - u_lin(k)|| > 0.1 ||u(k) - u(0)||`, against width (mean and range over seeds; runs that never leave it are left out). The lazy regime predicts it comes later for wider networks."
          (figure "departure" "Iteration the run leaves its linearised prediction" "width m" "iteration" false (perWidth [] "departure iteration" departure runs)) ]
    |> List.filter (fun f ->
        match f.Figure.Id with
        | "kernel-change" -> runs |> List.exists (wholeKernel >> Seq.isEmpty >> not)
        | "sharpness" -> runs |> List.exists (fun r -> r.SharpnessRows.Count > 0)
        | "departure" -> declared.Draws ComparisonKind.Linearized && f.Figure.Traces > 0
        | _ -> true)

/// The two-layer figures; with bounds, Du et al.'s envelope and R' beside the residual and the movement of each width.
let private twoLayer (bounds: bool) (runs: RunResult list) =
    let k = "iteration k"
    let beside (column: MetricColumn) suffix =
        if bounds then ofMetric column Iteration runs |> List.map (fun b -> { b with Name = b.Name + suffix }) else []
    [ shown TrackedQuantity.Loss "Residual and envelope" "`||y - u(k)||^2` measured, and Du et al. Theorem 4.1's envelope `(1 - eta lambda0 / 2)^k ||y - u(0)||^2` (the envelope curves)."
          (figure "residual" "||y - u(k)||^2 and its envelope" k "||y - u||^2" true
              (ofMetric MetricColumns.ResidualSquared Iteration runs @ beside MetricColumns.Envelope " envelope"))
      shown TrackedQuantity.DistanceFromInit "Weight movement" "`max_r ||w_r(k) - w_r(0)||_2` and Corollary 4.1's bound `R' = 4 sqrt(n) ||y - u(0)|| / (sqrt(m) lambda0)` (the R' curves; log scale)."
          (figure "movement" "Largest neuron movement and R'" k "max_r ||w_r - w_r(0)||" true
              (ofMetric MetricColumns.MaxWeightDistance Iteration runs @ beside MetricColumns.RPrime " R'"))
      shown TrackedQuantity.PatternChangeRatio "Activation-pattern changes" "Fraction of the `m n` patterns changed since `k = 0` (Lemma 3.2)."
          (figure "patterns" "Pattern-change fraction" k "fraction" false (ofMetric MetricColumns.PatternChangeRatio Iteration runs))
      shown TrackedQuantity.TangentKernel "Smallest eigenvalue of H(k)" "`lambda_min(H(k))` on the Gram schedule; Lemma 3.2 keeps it above `lambda0 / 2`."
          (figure "lambda-min" "lambda_min(H(k))" k "lambda_min" false (ofMetric MetricColumns.LambdaMinH Iteration runs)) ]

/// The figures a study's declaration asks for, over its runs with rows.
let ofStudy (declared: StudyDeclaration) (runs: RunResult list) : Shown list =
    if runs.IsEmpty then []
    elif runs |> List.exists _.Config.IsTwoLayer then twoLayer (declared.Draws ComparisonKind.Envelope) runs
    else deep declared runs
    // the gradient-norm figure is new: a study shows it when it tracks the gradient norm by name
    |> List.filter (fun f -> declared.Shows f.Quantity && (f.Quantity <> TrackedQuantity.GradientNorm || declared.Track <> null))
