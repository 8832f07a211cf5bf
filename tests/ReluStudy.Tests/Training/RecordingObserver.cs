using ReluStudy.Core.Training;

namespace ReluStudy.Tests.Training;

/// <summary>Keeps every metrics row, kernel row and sharpness row a run reports.</summary>
internal sealed class RecordingObserver : ITrainingObserver
{
    public List<MetricsRow> All { get; } = [];
    public List<TangentKernelRow> Kernel { get; } = [];
    public List<SharpnessRow> Sharpness { get; } = [];
    public void OnIteration(int iteration, int lastIteration, double loss, double trainError) { }
    public void OnRow(MetricsRow row) => All.Add(row);
    public void OnTangentKernel(IReadOnlyList<TangentKernelRow> rows) => Kernel.AddRange(rows);
    public void OnSharpness(SharpnessRow row) => Sharpness.Add(row);
}
