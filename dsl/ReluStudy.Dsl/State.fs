/// What a study declares, as written: every setting with the position of its keyword.
namespace ReluStudy.Dsl

/// A setting, the position of the keyword that gave it and that keyword as written ("depth" or "depths"), so that a
/// problem names the keyword the study used.
type Given<'T> = { Value: 'T; At: Position; Keyword: string }

/// Everything a study declares, as written (unchecked).
type StudyState =
    { Name: string
      /// Setting names in the order written, each with the keyword that gave it, for "given twice".
      Written: (string * string * Position) list
      Summary: Given<string> option
      Data: Given<DataSet list> option
      N: Given<int> option
      TestN: Given<int> option
      Mu: Given<float> option
      Preprocess: Given<Preprocess> option
      DataSeed: Given<int> option
      Model: Given<Model> option
      Depths: Given<int list> option
      Widths: Given<int list> option
      Loss: Given<Loss> option
      Optimizers: Given<Optimizer list> option
      /// The range of a search for the largest stable step, in place of an optimizer.
      StableStep: Given<float * float> option
      Iterations: Given<int> option
      /// A run diverges once its loss exceeds this multiple of max(L_S(W(0)), 1).
      DivergenceFactor: Given<float> option
      StopAtLoss: Given<float> option
      StopAtZeroError: Given<unit> option
      Seeds: Given<int list> option
      Log: Given<Logging> option
      Track: Given<Metric list> option
      /// The sharpness schedule's stride and its subsample's largest size.
      SharpnessEvery: Given<int> option
      HessianN: Given<int> option
      Compare: Given<Overlay list> option
      Baselines: Given<unit> option }

    static member Empty name =
        { Name = name; Written = []; Summary = None; Data = None; N = None; TestN = None; Mu = None; Preprocess = None
          DataSeed = None; Model = None; Depths = None; Widths = None; Loss = None; Optimizers = None; StableStep = None; Iterations = None
          DivergenceFactor = None; StopAtLoss = None; StopAtZeroError = None; Seeds = None; Log = None; Track = None; SharpnessEvery = None; HessianN = None
          Compare = None; Baselines = None }

module internal Written =
    let at (file: string option) (line: int option) =
        { File = defaultArg file ""; Line = defaultArg line 0 }

    /// Records that setting was written at position and applies the update, unless the setting was already
    /// given: then the first value stays (and is checked) and the repetition is reported.
    let record setting keyword position (update: StudyState -> StudyState) (state: StudyState) =
        let first = state.Written |> List.exists (fun (s, _, _) -> s = setting)
        let state = { state with Written = state.Written @ [ (setting, keyword, position) ] }
        if first then state else update state

    /// Records keyword's value as setting (see record): the update receives it as the Given that problems point back to.
    let give setting keyword position (value: 'T) (update: StudyState -> Given<'T> -> StudyState) state =
        record setting keyword position (fun s -> update s { Value = value; At = position; Keyword = keyword }) state
