using ReluStudy.Core.Training;

namespace ReluStudy.Cli;

/// <summary>Forwards to several observers.</summary>
internal sealed class Observers(params ITrainingObserver[] observers) : ITrainingObserver
{
    public void OnIteration(int iteration, int lastIteration, double loss, double trainError)
    {
        foreach (ITrainingObserver o in observers) o.OnIteration(iteration, lastIteration, loss, trainError);
    }

    public void OnRow(MetricsRow row)
    {
        foreach (ITrainingObserver o in observers) o.OnRow(row);
    }
}
