namespace ReluStudy.Core.Studies;

/// <summary>Receives a sweep's progress: runs starting, their iterations, and how they end.</summary>
public interface IStudyProgress
{
    void Started(PlannedRun run, int threads);

    void Iteration(PlannedRun run, int iteration, int lastIteration, double loss);

    /// <summary>The run ended with <paramref name="status"/>, or (null) was left to another process writing it.</summary>
    void Finished(PlannedRun run, Training.RunStatus? status, string? message);

    /// <summary>A line about work that is not a run.</summary>
    void Note(string message) { }

    /// <summary>ML.NET's baselines on one data set started; they take about <paramref name="estimatedSeconds"/>.</summary>
    void BaselinesStarted(string what, double estimatedSeconds) => Note($"{what}: started");

    /// <summary>The baselines on one data set ended: their test accuracies, or why they failed.</summary>
    void BaselinesFinished(string what, string result) => Note($"{what}: {result}");
}
