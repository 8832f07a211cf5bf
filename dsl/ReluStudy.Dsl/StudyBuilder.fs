/// The study "name" { ... } builder: one keyword per setting, each remembering where it was written.
namespace ReluStudy.Dsl

open System.Runtime.CompilerServices
open System.Runtime.InteropServices

/// Builds a study. Declaring it runs nothing; Run checks it and returns a Study.
type StudyBuilder(name: string) =
    member _.Yield(_: unit) = StudyState.Empty name

    /// Lets a misspelled keyword produce the compiler's "Maybe you want ..." suggestion.
    member _.Zero() = StudyState.Empty name

    member _.Run(state: StudyState) : Study = Study.Check state

    /// Sets a one-line description of the study.
    [<CustomOperation "summary">]
    member _.Summary(s, text: string, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        Written.give "summary" "summary" { File = file; Line = line } text (fun s g -> { s with Summary = Some g }) s

    /// Sets the data set.
    [<CustomOperation "data">]
    member _.Data(s, data: DataSet, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        Written.give "data" "data" { File = file; Line = line } ([ data ]) (fun s g -> { s with Data = Some g }) s

    /// Sets the data sets to sweep.
    [<CustomOperation "datasets">]
    member _.Datasets(s, data: DataSet list, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        Written.give "data" "datasets" { File = file; Line = line } data (fun s g -> { s with Data = Some g }) s

    /// Sets the number of training examples n (class-balanced for class pairs).
    [<CustomOperation "n">]
    member _.N(s, n: int, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        Written.give "n" "n" { File = file; Line = line } n (fun s g -> { s with N = Some g }) s

    /// Sets the number of class-balanced test examples.
    [<CustomOperation "test_n">]
    member _.TestN(s, n: int, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        Written.give "test_n" "test_n" { File = file; Line = line } n (fun s g -> { s with TestN = Some g }) s

    /// Sets mu, the last input coordinate of Assumption 4.1.
    [<CustomOperation "mu">]
    member _.Mu(s, mu: float, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        Written.give "mu" "mu" { File = file; Line = line } mu (fun s g -> { s with Mu = Some g }) s

    /// Sets the preprocessing of image and CSV data.
    [<CustomOperation "preprocess">]
    member _.Preprocess(s, how: Preprocess, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        Written.give "preprocess" "preprocess" { File = file; Line = line } how (fun s g -> { s with Preprocess = Some g }) s

    /// Sets the seed of the data subset draw (kept apart from the initialisation seeds).
    [<CustomOperation "data_seed">]
    member _.DataSeed(s, seed: int, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        Written.give "data_seed" "data_seed" { File = file; Line = line } seed (fun s g -> { s with DataSeed = Some g }) s

    /// Sets the network: Deep (Zou et al.) or TwoLayer (Du et al.).
    [<CustomOperation "model">]
    member _.Model(s, model: Model, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        Written.give "model" "model" { File = file; Line = line } model (fun s g -> { s with Model = Some g }) s

    /// Sets the depth L of the deep model.
    [<CustomOperation "depth">]
    member _.Depth(s, depth: int, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        Written.give "depths" "depth" { File = file; Line = line } ([ depth ]) (fun s g -> { s with Depths = Some g }) s

    /// Sets the depths to sweep.
    [<CustomOperation "depths">]
    member _.Depths(s, depths: int list, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        Written.give "depths" "depths" { File = file; Line = line } depths (fun s g -> { s with Depths = Some g }) s

    /// Sets the width m (every hidden layer).
    [<CustomOperation "width">]
    member _.Width(s, width: int, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        Written.give "widths" "width" { File = file; Line = line } ([ width ]) (fun s g -> { s with Widths = Some g }) s

    /// Sets the widths to sweep.
    [<CustomOperation "widths">]
    member _.Widths(s, widths: int list, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        Written.give "widths" "widths" { File = file; Line = line } widths (fun s g -> { s with Widths = Some g }) s

    /// Sets the loss of the deep model.
    [<CustomOperation "loss">]
    member _.Loss(s, loss: Loss, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        Written.give "loss" "loss" { File = file; Line = line } loss (fun s g -> { s with Loss = Some g }) s

    /// Sets the optimizer and its step size.
    [<CustomOperation "optimizer">]
    member _.Optimizer(s, optimizer: Optimizer, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        Written.give "optimizers" "optimizer" { File = file; Line = line } ([ optimizer ]) (fun s g -> { s with Optimizers = Some g }) s

    /// Sets the optimizers (or step sizes) to sweep.
    [<CustomOperation "optimizers">]
    member _.Optimizers(s, optimizers: Optimizer list, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        Written.give "optimizers" "optimizers" { File = file; Line = line } optimizers (fun s g -> { s with Optimizers = Some g }) s

    /// Searches each run's largest stable step in [from, to] instead of training at one step: full-batch GD from the run's
    /// W(0) for `iterations` steps per probe, stable when every step lowers the loss; probes from, then to, then bisects the
    /// range geometrically 8 times. Takes the place of optimizer. Each run also measures S(W(0)), the loss Hessian's top
    /// eigenvalue at its initialisation, once before its probes, for 2/S(W(0)) beside the step found.
    [<CustomOperation "stable_step">]
    member _.StableStep(s, range: float * float, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        Written.give "stable_step" "stable_step" { File = file; Line = line } range (fun s g -> { s with StableStep = Some g }) s

    /// Sets the iteration budget K.
    [<CustomOperation "iterations">]
    member _.Iterations(s, k: int, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        Written.give "iterations" "iterations" { File = file; Line = line } k (fun s g -> { s with Iterations = Some g }) s

    /// Sets when a run diverges: once its loss exceeds this multiple of max(L_S(W(0)), 1) (default 1000); a catapult's loss
    /// rises far before it falls.
    [<CustomOperation "divergence_factor">]
    member _.DivergenceFactor(s, factor: float, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        Written.give "divergence_factor" "divergence_factor" { File = file; Line = line } factor (fun s g -> { s with DivergenceFactor = Some g }) s

    /// Stops a run once its training loss is at most epsilon.
    [<CustomOperation "stop_at_loss">]
    member _.StopAtLoss(s, epsilon: float, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        Written.give "stop_at_loss" "stop_at_loss" { File = file; Line = line } epsilon (fun s g -> { s with StopAtLoss = Some g }) s

    /// Stops a run once every training example is classified correctly.
    [<CustomOperation "stop_at_zero_error">]
    member _.StopAtZeroError(s, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        Written.give "stop_at_zero_error" "stop_at_zero_error" { File = file; Line = line } () (fun s g -> { s with StopAtZeroError = Some g }) s

    /// Trains ML.NET's classic classifiers on each data set's train/test split, for the report's test-error comparison.
    [<CustomOperation "baselines">]
    member _.Baselines(s, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        Written.give "baselines" "baselines" { File = file; Line = line } () (fun s g -> { s with Baselines = Some g }) s

    /// Sets the initialisation seed.
    [<CustomOperation "seed">]
    member _.Seed(s, seed: int, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        Written.give "seeds" "seed" { File = file; Line = line } ([ seed ]) (fun s g -> { s with Seeds = Some g }) s

    /// Sets the initialisation seeds to sweep.
    [<CustomOperation "seeds">]
    member _.Seeds(s, seeds: int list, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        Written.give "seeds" "seeds" { File = file; Line = line } seeds (fun s g -> { s with Seeds = Some g }) s

    /// Sets which iterations get a metrics row.
    [<CustomOperation "log">]
    member _.Log(s, logging: Logging, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        Written.give "log" "log" { File = file; Line = line } logging (fun s g -> { s with Log = Some g }) s

    /// Sets the quantities the study is about.
    [<CustomOperation "track">]
    member _.Track(s, metrics: Metric list, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        Written.give "track" "track" { File = file; Line = line } metrics (fun s g -> { s with Track = Some g }) s

    /// Measures the sharpness every s iterations (and at k = 0 and the last) instead of every 500; turns it on as tracking
    /// Sharpness does.
    [<CustomOperation "sharpness_every">]
    member _.SharpnessEvery(s, every: int, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        Written.give "sharpness_every" "sharpness_every" { File = file; Line = line } every (fun s g -> { s with SharpnessEvery = Some g }) s

    /// Takes the sharpness's Hessian on a seeded subsample of at most this many training examples (default 5000: every
    /// row of a smaller set); turns it on as tracking Sharpness does.
    [<CustomOperation "hessian_n">]
    member _.HessianN(s, rows: int, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        Written.give "hessian_n" "hessian_n" { File = file; Line = line } rows (fun s g -> { s with HessianN = Some g }) s

    /// Sets the theory to compare the measurements against.
    [<CustomOperation "compare">]
    member _.Compare(s, overlays: Overlay list, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        Written.give "compare" "compare" { File = file; Line = line } overlays (fun s g -> { s with Compare = Some g }) s

[<AutoOpen>]
module StudyBuilderEntry =
    /// Declares a study; its keywords go between the braces.
    let study name = StudyBuilder name
