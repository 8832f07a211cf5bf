namespace ReluStudy.Core.Results;

/// <summary>The names of a results folder's files, the only place they are written: one folder per study (study.json, data checks,
/// baselines, Slurm's files), one per run inside it, and the files a study's page adds (fits, claims).</summary>
public static class ResultsLayout
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
    /// <summary>The empirical tangent kernel during training (<see cref="RunTables.TangentKernel"/>).</summary>
    public const string TangentKernel = "kernel.csv";
    /// <summary>The loss Hessian's sharpness during training (<see cref="RunTables.Sharpness"/>).</summary>
    public const string Sharpness = "sharpness.csv";
    /// <summary>The state a killed run resumes from, while it runs.</summary>
    public const string Checkpoint = "checkpoint.safetensors";
    /// <summary>The deep network's final weights.</summary>
    public const string FinalWeights = "final.safetensors";
    /// <summary>Held (an operating-system lock) by the one process writing the run.</summary>
    public const string Lock = "run.lock";
    /// <summary>A study's declaration and runs (<see cref="StudyIndex"/>).</summary>
    public const string StudyIndex = "study.json";
    /// <summary>A study's folder of data checks, one per prepared data set (<see cref="DataCheckRecord"/>).</summary>
    public const string DataChecks = "data";
    /// <summary>A study's folder of baselines, one per prepared data set with a test split (<see cref="BaselinesRecord"/>).</summary>
    public const string Baselines = "baselines";
    /// <summary>A submitted study's folder: runs.json, submit.json, the batch script and the tasks' logs.</summary>
    public const string Slurm = "slurm";
    /// <summary>The run list a submitted study's array tasks index (<see cref="SlurmRunList"/>).</summary>
    public const string SlurmRuns = "runs.json";
    /// <summary>The submissions of a study (<see cref="SlurmSubmission"/>).</summary>
    public const string SlurmSubmissions = "submit.json";
    /// <summary>The batch script of a submitted study.</summary>
    public const string SlurmScript = "job.sh";
    /// <summary>The folder of the array tasks' logs.</summary>
    public const string SlurmLogs = "logs";
    /// <summary>A study page's fitted predictions (<see cref="FitsRecord"/>).</summary>
    public const string Fits = "fits.json";
    /// <summary>A study page's figure claims (<see cref="ClaimsRecord"/>).</summary>
    public const string Claims = "claims.json";
    /// <summary>A results root's folder of paper layouts, studies paired as the panels of the paper's figures (<see cref="PaperLayoutRecord"/>).</summary>
    public const string Papers = "papers";

    public static string In(string folder, string file) => Path.Combine(folder, file);

    /// <summary>A data set's file in a study's data or baselines folder: the first 16 hex digits of its checksum.</summary>
    public static string PerData(string studyFolder, string folder, string dataChecksum) => Path.Combine(studyFolder, folder, dataChecksum[..16] + ".json");

    /// <summary>The JSON files of a study's <paramref name="folder"/> (data or baselines), in name order; none without it.</summary>
    public static IEnumerable<string> FilesIn(string studyFolder, string folder) =>
        Directory.Exists(Path.Combine(studyFolder, folder)) ? Directory.GetFiles(Path.Combine(studyFolder, folder), "*.json").Order(StringComparer.Ordinal) : [];

    public static string PaperLayoutPath(string resultsRoot, string name) => Path.Combine(resultsRoot, Papers, name + ".json");

    public static string SlurmFolder(string studyFolder) => Path.Combine(studyFolder, Slurm);
    public static string SlurmRunsPath(string studyFolder) => Path.Combine(studyFolder, Slurm, SlurmRuns);
    public static string SlurmSubmissionPath(string studyFolder) => Path.Combine(studyFolder, Slurm, SlurmSubmissions);

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
