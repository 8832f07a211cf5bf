/// The typed vocabulary of a study: data sets, models, losses, optimizers, logging, metrics, overlays.
namespace ReluStudy.Dsl

/// A binary task or synthetic set.
type DataSet =
    /// MNIST digits a (label +1) and b (label -1).
    | Mnist of a: int * b: int
    /// CIFAR-10 classes by name or index, a (+1) and b (-1).
    | Cifar10 of a: string * b: string
    /// A CSV/TSV file: the class label in the first column, then the features; classes a (+1) and b (-1) as written in the file.
    | Csv of path: string * a: string * b: string
    /// n points uniform on the unit sphere in R^d, labels y ~ N(0, 1) (Du et al.; two-layer model only).
    | Sphere of d: int
    /// Two classes +-1 on the unit sphere in R^d whose different-label points are at least phi apart.
    | SeparatedSphere of d: int * phi: float

/// MNIST class pairs.
module Mnist =
    /// MNIST digits a vs b.
    let digits a b = Mnist(a, b)

/// CIFAR-10 class pairs.
module Cifar10 =
    /// CIFAR-10 classes a vs b ("cat", "ship", ... or "0".."9").
    let classes a b = Cifar10(a, b)

/// Which network.
type Model =
    /// Zou et al.: L hidden ReLU layers, He init, fixed +-1 output layer.
    | Deep
    /// Du et al.: f = (1/sqrt m) sum_r a_r relu(w_r'x), a fixed.
    | TwoLayer
    /// Du et al.'s two-layer model with both layers trained.
    | TwoLayerBothLayers

/// Margin losses of the deep model (the two-layer model always uses 1/2 sum (f - y)^2).
type Loss =
    | CrossEntropy
    | SquareHinge
    | SmoothedHinge
    | Squared

/// The optimizer and its step size.
type Optimizer =
    /// Full-batch gradient descent with step size eta.
    | FullBatch of step: float
    /// Mini-batch SGD: B distinct examples per step.
    | MiniBatch of step: float * batch: int
    /// Full-batch GD at c times each run's own critical step: eta = c * 2 / lambda(W(0)), lambda(W(0)) the top eigenvalue at
    /// initialisation on every training row (measured before training) of the loss Hessian's Gauss-Newton part or of the whole
    /// Hessian (S(W(0))).
    | Critical of multiple: float * curvature: Curvature

/// Which top eigenvalue at W(0) a multiple of the critical step divides.
and Curvature =
    /// lambda_GN(W(0)), the Gauss-Newton part's: the edge of GD on the linearised network (Lewkowycz et al.'s lambda0).
    | GaussNewton
    /// S(W(0)), the whole loss Hessian's (the sharpness): the edge of GD on the loss's quadratic model (Cohen et al.).
    | Hessian

/// Gradient descent.
type Gd =
    /// Full-batch GD with the given step size.
    static member FullBatch(step: float) = Optimizer.FullBatch step
    /// Full-batch GD at the given multiple c of each run's critical step 2 / lambda_GN(W(0)): below 1 the linearised model
    /// converges; for the squared loss c = eta * lambda0 / 2 of Lewkowycz et al. (lazy below 1, catapult above, then divergence).
    /// With curvature = Hessian, c times 2 / S(W(0)), the sharpness's edge: 2/eta = S(W(0)) / c (c = 1/1.1: 2/eta = 1.1 S(W(0))).
    static member Critical(multiple: float, ?curvature: Curvature) = Optimizer.Critical(multiple, defaultArg curvature GaussNewton)

/// Stochastic gradient descent.
type Sgd =
    /// Mini-batch SGD with the given step size and batch size.
    static member MiniBatch(step: float, batch: int) = Optimizer.MiniBatch(step, batch)

/// Which iterations get a metrics row.
type Logging =
    /// Every iteration to 10, ten per decade, about 100 evenly spaced, and the last.
    | Default
    /// Every s-th iteration and the last.
    | Every of stride: int

/// Preprocessing of image and CSV data.
type Preprocess =
    /// Assumption 4.1: x = (sqrt(1 - mu^2) z/||z||, mu).
    | Paper
    /// Rows as given.
    | Raw

/// Quantities a study is about: each decides which figures its page shows (every run records all of them but Sharpness,
/// which the runs record only when the study tracks it).
type Metric =
    /// Figure 1: the training loss (the two-layer model's residual).
    | Loss
    /// Figure 1: the training error.
    | TrainError
    /// Test error against width, beside the baselines.
    | TestError
    /// The full-batch gradient norm.
    | GradientNorm
    /// Figure 2: the distance from initialisation (the two-layer model's neuron movement).
    | DistanceFromInit
    /// Figure 3: the activation-pattern change ratio.
    | PatternChangeRatio
    /// The tangent kernel during training (the two-layer model's lambda_min(H(k))).
    | TangentKernel
    /// The loss Hessian's top eigenvalues during training beside 2/eta (deep model; sharpness.csv): tracking it turns the
    /// measurement on, at k = 0, every 500 iterations and the last (sharpness_every, hessian_n set it).
    | Sharpness

/// A scaling prediction the fits test, against width unless said (docs/theory.md lists each with its source).
type Prediction =
    /// Deep: the squared gradient norm at initialisation grows like m.
    | P1
    /// Deep, against depth (sweep depths, m >> L): the squared gradient norm at initialisation grows like L (bracket [0, 3]).
    | P2
    /// Deep: the iterations to a fixed loss target fall like 1/m.
    | P3
    /// Deep, against the step (sweep optimizers' steps at one width): the iterations to a fixed loss target fall like 1/eta.
    | P4
    /// Deep: the distance from initialisation at the target falls like m^(-1/2).
    | P6
    /// Deep: the activation-pattern change ratio at the target falls like m^(-1/2) (bound m^(-1/3)).
    | P8
    /// Deep: the initial loss L_S(W(0)) does not depend on m (exponent 0; about 0.772 once m >> L).
    | P9
    /// Deep, with stable_step (from, to) and a widths sweep: the largest stable step falls like 1/m.
    | P11
    /// Deep, with stable_step (from, to) and a depths sweep (m >> L): the largest stable step falls like 1/L (the theory's
    /// sufficient step like L^-3).
    | P11b
    /// Deep, square or smoothed hinge loss: the linear phase's rate -d ln L_S/dk grows like m (it is proportional to eta*m).
    | P12
    /// Deep, SGD sweeping the mini-batch size B (optimizers [ Sgd.MiniBatch(step = eta, batch = B) ... ]): iterations and
    /// examples seen to the target, and the distance and pattern change there, fitted against B. No text predicts these
    /// exponents: they are measured and reported, not judged.
    | SgdBatch
    /// Deep: the empirical kernel's relative change at the target falls like m^(-1/2).
    | P19
    /// Deep: the initial kernel's distance from its infinite-width limit falls like m^(-1/2).
    | P20
    /// Two-layer: ||H(0) - H_inf||_F falls like m^(-1/2).
    | P13
    /// Two-layer: ||H(k) - H(0)||_2 falls like m^(-1/2).
    | P14
    /// Two-layer: the largest neuron movement falls like m^(-1/2).
    | P15
    /// Two-layer: the share of changed activation patterns falls like m^(-1/2).
    | P16

/// Theory to draw beside the measurements.
type Overlay =
    /// Each paper's required width and iterations for this data (relustudy bounds).
    | Bounds
    /// The width-scaling fit of one prediction.
    | Fit of Prediction
    /// Du et al. Theorem 4.1's envelope (1 - eta lambda0 / 2)^k ||y - u(0)||^2 and Corollary 4.1's R'.
    | Envelope
    /// The training the infinite-width tangent kernel predicts, beside Figures 1-2 and on the eta*m*k plots.
    | InfiniteWidth
    /// The training the network's own initial kernel predicts, and the iteration where the run leaves it.
    | Linearized
