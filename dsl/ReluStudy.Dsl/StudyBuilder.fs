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
        let p = { File = file; Line = line }
        Written.record "summary" "summary" p (fun s -> { s with Summary = Some { Value = text; At = p; Keyword = "summary" } }) s

    /// Sets the data set.
    [<CustomOperation "data">]
    member _.Data(s, data: DataSet, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        let p = { File = file; Line = line }
        Written.record "data" "data" p (fun s -> { s with Data = Some { Value = [ data ]; At = p; Keyword = "data" } }) s

    /// Sets the data sets to sweep.
    [<CustomOperation "datasets">]
    member _.Datasets(s, data: DataSet list, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        let p = { File = file; Line = line }
        Written.record "data" "datasets" p (fun s -> { s with Data = Some { Value = data; At = p; Keyword = "datasets" } }) s

    /// Sets the number of training examples n (class-balanced for class pairs).
    [<CustomOperation "n">]
    member _.N(s, n: int, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        let p = { File = file; Line = line }
        Written.record "n" "n" p (fun s -> { s with N = Some { Value = n; At = p; Keyword = "n" } }) s

    /// Sets the number of class-balanced test examples.
    [<CustomOperation "test_n">]
    member _.TestN(s, n: int, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        let p = { File = file; Line = line }
        Written.record "test_n" "test_n" p (fun s -> { s with TestN = Some { Value = n; At = p; Keyword = "test_n" } }) s

    /// Sets mu, the last input coordinate of Assumption 4.1.
    [<CustomOperation "mu">]
    member _.Mu(s, mu: float, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        let p = { File = file; Line = line }
        Written.record "mu" "mu" p (fun s -> { s with Mu = Some { Value = mu; At = p; Keyword = "mu" } }) s

    /// Sets the preprocessing of image and CSV data.
    [<CustomOperation "preprocess">]
    member _.Preprocess(s, how: Preprocess, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        let p = { File = file; Line = line }
        Written.record "preprocess" "preprocess" p (fun s -> { s with Preprocess = Some { Value = how; At = p; Keyword = "preprocess" } }) s

    /// Sets the seed of the data subset draw (kept apart from the initialisation seeds).
    [<CustomOperation "data_seed">]
    member _.DataSeed(s, seed: int, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        let p = { File = file; Line = line }
        Written.record "data_seed" "data_seed" p (fun s -> { s with DataSeed = Some { Value = seed; At = p; Keyword = "data_seed" } }) s

    /// Sets the network: Deep (Zou et al.) or TwoLayer (Du et al.).
    [<CustomOperation "model">]
    member _.Model(s, model: Model, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        let p = { File = file; Line = line }
        Written.record "model" "model" p (fun s -> { s with Model = Some { Value = model; At = p; Keyword = "model" } }) s

    /// Sets the depth L of the deep model.
    [<CustomOperation "depth">]
    member _.Depth(s, depth: int, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        let p = { File = file; Line = line }
        Written.record "depths" "depth" p (fun s -> { s with Depths = Some { Value = [ depth ]; At = p; Keyword = "depth" } }) s

    /// Sets the depths to sweep.
    [<CustomOperation "depths">]
    member _.Depths(s, depths: int list, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        let p = { File = file; Line = line }
        Written.record "depths" "depths" p (fun s -> { s with Depths = Some { Value = depths; At = p; Keyword = "depths" } }) s

    /// Sets the width m (every hidden layer).
    [<CustomOperation "width">]
    member _.Width(s, width: int, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        let p = { File = file; Line = line }
        Written.record "widths" "width" p (fun s -> { s with Widths = Some { Value = [ width ]; At = p; Keyword = "width" } }) s

    /// Sets the widths to sweep.
    [<CustomOperation "widths">]
    member _.Widths(s, widths: int list, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        let p = { File = file; Line = line }
        Written.record "widths" "widths" p (fun s -> { s with Widths = Some { Value = widths; At = p; Keyword = "widths" } }) s

    /// Sets the loss of the deep model.
    [<CustomOperation "loss">]
    member _.Loss(s, loss: Loss, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        let p = { File = file; Line = line }
        Written.record "loss" "loss" p (fun s -> { s with Loss = Some { Value = loss; At = p; Keyword = "loss" } }) s

    /// Sets the optimizer and its step size.
    [<CustomOperation "optimizer">]
    member _.Optimizer(s, optimizer: Optimizer, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        let p = { File = file; Line = line }
        Written.record "optimizers" "optimizer" p (fun s -> { s with Optimizers = Some { Value = [ optimizer ]; At = p; Keyword = "optimizer" } }) s

    /// Sets the optimizers (or step sizes) to sweep.
    [<CustomOperation "optimizers">]
    member _.Optimizers(s, optimizers: Optimizer list, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        let p = { File = file; Line = line }
        Written.record "optimizers" "optimizers" p (fun s -> { s with Optimizers = Some { Value = optimizers; At = p; Keyword = "optimizers" } }) s

    /// Searches each run's largest stable step in [from, to] instead of training at one step: full-batch GD from the run's
    /// W(0) for `iterations` steps per probe, stable when every step lowers the loss; probes from, then to, then bisects the
    /// range geometrically 8 times. Takes the place of optimizer.
    [<CustomOperation "stable_step">]
    member _.StableStep(s, range: float * float, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        let p = { File = file; Line = line }
        Written.record "stable_step" "stable_step" p (fun s -> { s with StableStep = Some { Value = range; At = p; Keyword = "stable_step" } }) s

    /// Sets the iteration budget K.
    [<CustomOperation "iterations">]
    member _.Iterations(s, k: int, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        let p = { File = file; Line = line }
        Written.record "iterations" "iterations" p (fun s -> { s with Iterations = Some { Value = k; At = p; Keyword = "iterations" } }) s

    /// Stops a run once its training loss is at most epsilon.
    [<CustomOperation "stop_at_loss">]
    member _.StopAtLoss(s, epsilon: float, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        let p = { File = file; Line = line }
        Written.record "stop_at_loss" "stop_at_loss" p (fun s -> { s with StopAtLoss = Some { Value = epsilon; At = p; Keyword = "stop_at_loss" } }) s

    /// Stops a run once every training example is classified correctly.
    [<CustomOperation "stop_at_zero_error">]
    member _.StopAtZeroError(s, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        let p = { File = file; Line = line }
        Written.record "stop_at_zero_error" "stop_at_zero_error" p (fun s -> { s with StopAtZeroError = Some { Value = (); At = p; Keyword = "stop_at_zero_error" } }) s

    /// Trains ML.NET's classic classifiers on each data set's train/test split, for the report's test-error comparison.
    [<CustomOperation "baselines">]
    member _.Baselines(s, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        let p = { File = file; Line = line }
        Written.record "baselines" "baselines" p (fun s -> { s with Baselines = Some { Value = (); At = p; Keyword = "baselines" } }) s

    /// Sets the initialisation seed.
    [<CustomOperation "seed">]
    member _.Seed(s, seed: int, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        let p = { File = file; Line = line }
        Written.record "seeds" "seed" p (fun s -> { s with Seeds = Some { Value = [ seed ]; At = p; Keyword = "seed" } }) s

    /// Sets the initialisation seeds to sweep.
    [<CustomOperation "seeds">]
    member _.Seeds(s, seeds: int list, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        let p = { File = file; Line = line }
        Written.record "seeds" "seeds" p (fun s -> { s with Seeds = Some { Value = seeds; At = p; Keyword = "seeds" } }) s

    /// Sets which iterations get a metrics row.
    [<CustomOperation "log">]
    member _.Log(s, logging: Logging, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        let p = { File = file; Line = line }
        Written.record "log" "log" p (fun s -> { s with Log = Some { Value = logging; At = p; Keyword = "log" } }) s

    /// Sets the quantities the study is about.
    [<CustomOperation "track">]
    member _.Track(s, metrics: Metric list, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        let p = { File = file; Line = line }
        Written.record "track" "track" p (fun s -> { s with Track = Some { Value = metrics; At = p; Keyword = "track" } }) s

    /// Sets the theory to compare the measurements against.
    [<CustomOperation "compare">]
    member _.Compare(s, overlays: Overlay list, [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string, [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int) =
        let p = { File = file; Line = line }
        Written.record "compare" "compare" p (fun s -> { s with Compare = Some { Value = overlays; At = p; Keyword = "compare" } }) s

[<AutoOpen>]
module StudyBuilderEntry =
    /// Declares a study; its keywords go between the braces.
    let study name = StudyBuilder name
