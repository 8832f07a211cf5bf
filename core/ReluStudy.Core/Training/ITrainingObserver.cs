namespace ReluStudy.Core.Training;

/// <summary>Receives a run's rows as they are produced (files, progress display).</summary>
public interface ITrainingObserver
{
    /// <summary>Called once per iteration k with L_S(W(k)) when it is known (always for GD; the batch loss for SGD).</summary>
    void OnIteration(int iteration, int lastIteration, double loss, double trainError);

    /// <summary>Called for every logged iteration, in order.</summary>
    void OnRow(MetricsRow row);

    /// <summary>Called at every iteration of the Gram schedule (logged or not) with the empirical kernel at W(k).</summary>
    void OnTangentKernel(IReadOnlyList<TangentKernelRow> rows) { }

    /// <summary>Called at every iteration of the sharpness schedule (logged or not) with the loss Hessian's top eigenvalues at W(k).</summary>
    void OnSharpness(SharpnessRow row) { }
}
