using ReluStudy.Core.Results;
using ReluStudy.Core.Data;
using ReluStudy.Core.Model;
using ReluStudy.Core.Theory;
using ReluStudy.Core.Training;
using ReluStudy.Core.Training.TwoLayer;
using ReluStudy.Core.Theory.DataChecks;

namespace ReluStudy.Tests.TwoLayer;

/// <summary>DZPS's two-layer model: gradients against finite differences, and Theorem 4.1's envelope.</summary>
public class TwoLayerTests
{
    /// <summary>A data set without μ (the checks here read the rows as given).</summary>
    private static readonly ReluStudy.Core.Data.DataDescription Described = new("synthetic", "+1", "-1", 0, 0, 0, null, "none", 0, "test", "test", null);

    private sealed class Rows : ITwoLayerObserver
    {
        public List<TwoLayerRow> All { get; } = [];
        public void OnRow(TwoLayerRow row) => All.Add(row);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OneStepMovesTheWeightsAlongTheFiniteDifferenceGradient(bool trainOutputLayer)
    {
        const int n = 6, d = 4, m = 9;
        (float[] x, double[] y) = SphereData.GaussianLabels(n, d, seed: 4);
        var config = new TwoLayerConfig { Width = m, StepSize = 1, Iterations = 1, Seed = 3, TrainOutputLayer = trainOutputLayer };
        TwoLayerTrainer trainer = TwoLayerTrainer.Create(config, x, y, d, out TwoLayerNet net);
        double[] w = net.Weights.Select(v => (double)v).ToArray();
        double[] a = net.Readout.Select(v => (double)v).ToArray();
        trainer.Train(new Rows());
        // With η = 1 the step is the gradient: G = W(0) − W(1), up to float32 rounding of W (≈ 6e-8·|W|).
        double[] gw = w.Select((v, t) => v - net.Weights[t]).ToArray();
        double[] ga = a.Select((v, r) => v - net.Readout[r]).ToArray();

        double Objective() => Loss(w, a, x, y, n, d, m);
        AssertClose(CentralDifferences(w, Objective), gw, "dL/dW");
        if (!trainOutputLayer)
        {
            Assert.All(ga, v => Assert.Equal(0.0, v));
            return;
        }
        AssertClose(CentralDifferences(a, Objective), ga, "dL/da");
    }

    [Fact]
    public void OnTheExperimentsSettingTheResidualStaysUnderTheEnvelope()
    {
        // DZPS §5 at a size a test affords: uniform points on the sphere, Gaussian labels, one width far above n.
        const int n = 80, d = 80;
        (float[] x, double[] y) = SphereData.GaussianLabels(n, d, seed: 7);
        var rows = new Rows();
        var config = new TwoLayerConfig { Width = 6000, StepSize = 0.5, Iterations = 60, Seed = 2, Threads = 2, Schedule = LogSchedule.Every(1) };
        TwoLayerOutcome outcome = TwoLayerTrainer.Run(config, x, y, d, rows);

        Assert.Equal(RunStatus.Completed, outcome.Status);
        Assert.Equal(61, rows.All.Count);
        Assert.True(outcome.Lambda0 > 0);
        foreach (TwoLayerRow row in rows.All)
        {
            Assert.True(row.ResidualSquared <= row.Envelope * (1 + 1e-12), $"k = {row.Iteration}: {row.ResidualSquared} > envelope {row.Envelope}");
            Assert.True(row.MaxWeightDistance <= row.RPrime, $"k = {row.Iteration}: max_r ||w_r - w_r(0)|| = {row.MaxWeightDistance} > R' = {row.RPrime}");
        }
        Assert.True(rows.All[^1].ResidualSquared < 1e-3 * rows.All[0].ResidualSquared);
        Assert.InRange(rows.All[^1].PatternChangeRatio, 1e-6, 0.1);
        // Lemma 3.2: H stays well conditioned near H∞ while the weights barely move.
        Assert.All(rows.All.Where(r => r.LambdaMinH is not null), r => Assert.True(r.LambdaMinH > outcome.Lambda0 / 2));
    }

    private sealed class Checkpoints : ITwoLayerCheckpointSink
    {
        public List<TwoLayerCheckpoint> Saved { get; } = [];
        // Copies: the trainer hands over its live arrays.
        public void Save(TwoLayerCheckpoint c) => Saved.Add(c with { Weights = (float[])c.Weights.Clone(), Readout = (float[])c.Readout.Clone() });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AResumedRunEqualsAnUninterruptedOne(bool trainOutputLayer)
    {
        const int n = 30, d = 8, m = 40;
        (float[] x, double[] y) = SphereData.GaussianLabels(n, d, seed: 5);
        var config = new TwoLayerConfig
        {
            Width = m, StepSize = 0.3, Iterations = 60, Seed = 2, TrainOutputLayer = trainOutputLayer, CheckpointEvery = 25,
            Schedule = LogSchedule.Every(5), TangentKernelEvery = 10,
        };
        var whole = new Rows();
        var saved = new Checkpoints();
        TwoLayerTrainer.Create(config, x, y, d, out TwoLayerNet reference).Train(whole, checkpoints: saved);
        Assert.Equal([25, 50], saved.Saved.Select(c => c.Iteration));

        var resumed = new Rows();
        TwoLayerTrainer.Create(config, x, y, d, out TwoLayerNet net).Train(resumed, resume: saved.Saved[0]);
        Assert.Equal(reference.Weights, net.Weights);
        Assert.Equal(reference.Readout, net.Readout);
        // Every row from the checkpoint on, all but the time column, including R', the envelope and H(k) - H(0).
        Assert.Equal(whole.All.Where(r => r.Iteration >= 25).Select(r => r with { Seconds = 0 }), resumed.All.Select(r => r with { Seconds = 0 }));
    }

    [Fact]
    public void TheSeparatedSphereHasUnitNormsAndAtLeastPhiBetweenClasses()
    {
        (float[] x, double[] y) = SphereData.Separated(60, 10, phi: 0.4, seed: 1);
        var data = new Dataset(x, y.Select(v => (float)v).ToArray(), 10);
        DataCheckRecord stats = DataStatistics.Compute(data, Described);
        Assert.InRange(stats.MinNorm, 1 - 1e-6, 1 + 1e-6);
        Assert.InRange(stats.MaxNorm, 1 - 1e-6, 1 + 1e-6);
        Assert.InRange(stats.Phi, 0.4 - 1e-6, 2);
        Assert.Equal(30, y.Count(v => v == 1));
    }

    /// <summary>(L(p + h·e_t) − L(p − h·e_t))/(2h) for every coordinate t of <paramref name="p"/>, which <paramref name="loss"/> reads.</summary>
    private static double[] CentralDifferences(double[] p, Func<double> loss)
    {
        const double h = 1e-6;
        var gradient = new double[p.Length];
        for (int t = 0; t < p.Length; t++)
        {
            double saved = p[t];
            p[t] = saved + h;
            double plus = loss();
            p[t] = saved - h;
            double minus = loss();
            p[t] = saved;
            gradient[t] = (plus - minus) / (2 * h);
        }
        return gradient;
    }

    /// <summary>½Σ_i ((1/√m)Σ_r a_r σ(w_rᵀx_i) − y_i)² in float64 with plain loops.</summary>
    private static double Loss(double[] w, double[] a, float[] x, double[] y, int n, int d, int m)
    {
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            double f = 0;
            for (int r = 0; r < m; r++)
            {
                double z = 0;
                for (int t = 0; t < d; t++) z += w[r * d + t] * x[i * d + t];
                f += a[r] * Math.Max(z, 0);
            }
            f /= Math.Sqrt(m);
            total += 0.5 * (f - y[i]) * (f - y[i]);
        }
        return total;
    }

    private static void AssertClose(double[] reference, double[] actual, string what)
    {
        double error = Math.Sqrt(reference.Select((r, t) => (r - actual[t]) * (r - actual[t])).Sum());
        double scale = Math.Sqrt(reference.Sum(r => r * r));
        Assert.True(scale > 0, $"{what}: zero gradient, the check would be vacuous");
        Assert.True(error <= 1e-4 * scale, $"{what}: relative error {error / scale:E2}");
    }
}
