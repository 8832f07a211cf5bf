namespace ReluStudy.Core.Results;

/// <summary>slurm/runs.json: the plan's runs in order, by which an array task finds its run and relustudy status lists them.</summary>
public sealed record SlurmRunList
{
    public const string FormatName = "relustudy-runs";
    public const int CurrentSchema = 2;

    public string Format { get; init; } = FormatName;
    public int Schema { get; init; } = CurrentSchema;
    public required string Study { get; init; }
    public required IReadOnlyList<SlurmListedRun> Runs { get; init; }

    public void Write(string studyFolder) => VersionedJson.Write(ResultsLayout.SlurmRunsPath(studyFolder), this, ResultsJson.Files.SlurmRunList);

    /// <summary>The run list of a submitted study; null when the study was never submitted.</summary>
    public static SlurmRunList? Read(string studyFolder) =>
        File.Exists(ResultsLayout.SlurmRunsPath(studyFolder))
            ? VersionedJson.Read(ResultsLayout.SlurmRunsPath(studyFolder), ResultsJson.Files.SlurmRunList, FormatName, CurrentSchema)
            : null;
}

/// <summary>One run of a submitted study: its plan index (the array task's), id and label.</summary>
public sealed record SlurmListedRun(int Index, string Id, string Label);

/// <summary>slurm/submit.json: the task command and resources of the first submission (re-submissions reuse them) and every array submitted.</summary>
public sealed record SlurmSubmission
{
    public const string FormatName = "relustudy-submit";
    public const int CurrentSchema = 2;

    public string Format { get; init; } = FormatName;
    public int Schema { get; init; } = CurrentSchema;
    public required IReadOnlyList<string> Command { get; init; }
    public required string WorkingDirectory { get; init; }
    public required int Cpus { get; init; }
    public required int MemMb { get; init; }
    public required string Time { get; init; }
    public string? Partition { get; init; }
    public string? Account { get; init; }
    public required IReadOnlyList<string> ExtraLines { get; init; }
    public int? Throttle { get; init; }
    public required IReadOnlyList<SlurmJob> Jobs { get; init; }

    public void Write(string studyFolder) => VersionedJson.Write(ResultsLayout.SlurmSubmissionPath(studyFolder), this, ResultsJson.Files.SlurmSubmission);

    /// <summary>The submissions of a study; null when it was never submitted.</summary>
    public static SlurmSubmission? Read(string studyFolder) =>
        File.Exists(ResultsLayout.SlurmSubmissionPath(studyFolder))
            ? VersionedJson.Read(ResultsLayout.SlurmSubmissionPath(studyFolder), ResultsJson.Files.SlurmSubmission, FormatName, CurrentSchema)
            : null;
}

/// <summary>One job array: its Slurm job id, the offset added to its task ids, and the plan indices it runs.</summary>
public sealed record SlurmJob(string JobId, int Offset, IReadOnlyList<int> PlanIndices, string SubmittedUtc);
