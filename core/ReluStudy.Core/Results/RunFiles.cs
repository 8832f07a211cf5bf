namespace ReluStudy.Core.Results;

/// <summary>The files of a results folder: one folder per study (study.json), one per run inside it.</summary>
public static class RunFiles
{
    /// <summary>The run's record: configuration, status, summary, software and machine (<see cref="RunRecordFile"/>).</summary>
    public const string Record = "run.json";
    /// <summary>A study run's canonical configuration, content id and sweep values (<see cref="SpecRecord"/>).</summary>
    public const string Spec = "spec.json";
    /// <summary>One row per logged iteration (<see cref="RunTables.Metrics"/>, <see cref="RunTables.TwoLayerMetrics"/>).</summary>
    public const string Metrics = "metrics.csv";
    /// <summary>The deep network's per-layer rows (<see cref="RunTables.Layers"/>).</summary>
    public const string Layers = "layers.csv";
    /// <summary>The training the tangent kernel predicts (<see cref="RunTables.Predictions"/>).</summary>
    public const string Predictions = "prediction.csv";
    /// <summary>The empirical tangent kernel during training (<see cref="RunTables.Kernel"/>).</summary>
    public const string Kernel = "kernel.csv";
    /// <summary>The state a killed run resumes from, while it runs.</summary>
    public const string Checkpoint = "checkpoint.safetensors";
    /// <summary>The deep network's final weights.</summary>
    public const string FinalWeights = "final.safetensors";
    /// <summary>Held (an operating-system lock) by the one process writing the run.</summary>
    public const string Lock = "run.lock";
    /// <summary>A study's declaration and runs (<see cref="StudyIndex"/>).</summary>
    public const string StudyIndex = "study.json";

    public static string In(string folder, string file) => Path.Combine(folder, file);

    /// <summary>Whether a run was ever started in <paramref name="folder"/>.</summary>
    public static bool HoldsRun(string folder) => File.Exists(In(folder, Record));

    /// <summary>Whether <paramref name="folder"/> is a study's folder.</summary>
    public static bool HoldsStudy(string folder) => File.Exists(In(folder, StudyIndex));

    /// <summary>What a study folder looks like, for the errors that find none.</summary>
    public const string StudyShape = "a study is a folder holding study.json and one folder per run (run.json, metrics.csv), as a study script writes results/<study>/";

    /// <summary>Why <paramref name="root"/> cannot be published (it holds no study folder), or null when it can.</summary>
    public static string? WhyNoStudy(string root) =>
        StudyFoldersUnder(root).Count == 0 ? $"report: {root} holds no study; {StudyShape}" : null;

    /// <summary>The study folders directly under <paramref name="root"/>, in name order.</summary>
    public static IReadOnlyList<string> StudyFoldersUnder(string root) =>
        Directory.GetDirectories(root).Where(HoldsStudy).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Every run folder at or under the given paths, in path order.</summary>
    public static IEnumerable<string> RunFoldersUnder(IEnumerable<string> roots) =>
        roots.SelectMany(root => HoldsRun(root)
                ? [Path.GetFullPath(root)]
                : Directory.EnumerateFiles(root, Record, SearchOption.AllDirectories).Select(f => Path.GetDirectoryName(Path.GetFullPath(f))!))
            .Distinct().Order(StringComparer.Ordinal);
}
