using ReluStudy.Core.Data;
using ReluStudy.Core.Model;
using ReluStudy.Core.Training;
using ReluStudy.Tests.Curvature;
using ReluStudy.Tests.Theory;
using Xunit.Abstractions;

namespace ReluStudy.Tests.Training;

/// <summary>
/// <see cref="CriticalStep"/>: the step it resolves is c·2/λ_GN(W(0)) with λ_GN the top eigenvalue of a Gauss–Newton matrix
/// formed densely in float64 from a finite-difference Jacobian of an independent float64 copy of the network; it is the
/// value sharpness.csv records at k = 0, on any thread count; and its rules.
/// </summary>
public class CriticalStepTests(ITestOutputHelper output)
{
    private const int N = 9, D = 6;
    private static readonly int[] Widths = [8, 6, 4];

    // Central differences of f in float64: truncation ≈ h²·|∂³f| and rounding ≈ 1e-16/h, both ≈ 1e-12 here, far below the
    // float32 products' ≈ 1e-7 that the tolerance is for (f is piecewise linear in each weight, so only a kink within ±h
    // could spoil it; the clearance below rules that out).
    private const double H = 1e-6;
    private const double Tolerance = 1e-5;

    private static Dataset Data(ulong seed)
    {
        var rng = new Core.Numerics.Rng(seed);
        float[] x = Enumerable.Range(0, N * D).Select(_ => (float)(rng.NextNormal() / Math.Sqrt(D))).ToArray();
        float[] y = Enumerable.Range(0, N).Select(i => x[i * D] - x[i * D + 1] > 0 ? 1f : -1f).ToArray();
        return new Dataset(x, y, D);
    }

    /// <summary>ℓ″ written out again: the squared loss ½(1 − z)² has 1, cross-entropy log(1 + e^(−z)) has e^(−z)/(1 + e^(−z))².</summary>
    private static double SecondDerivative(LossKind loss, double z) => loss switch
    {
        LossKind.Squared => 1,
        LossKind.CrossEntropy => Math.Exp(-z) / ((1 + Math.Exp(-z)) * (1 + Math.Exp(-z))),
        _ => throw new ArgumentOutOfRangeException(nameof(loss)),
    };

    /// <summary>λ_max((1/n)Jᵀdiag(ℓ″)J) at the network's weights, J (n × P) by central differences of the float64 outputs.</summary>
    private static double DenseGaussNewtonTop(DeepReluNet net, Dataset data, LossKind loss)
    {
        var reference = new Float64Network(net);
        int p = reference.W.Sum(w => w.Length);
        var jacobian = new double[N, p];
        int column = 0;
        foreach (double[] w in reference.W)
            for (int t = 0; t < w.Length; t++, column++)
            {
                double saved = w[t];
                w[t] = saved + H;
                double[] plus = reference.Outputs(data.Features, N);
                w[t] = saved - H;
                double[] minus = reference.Outputs(data.Features, N);
                w[t] = saved;
                for (int i = 0; i < N; i++) jacobian[i, column] = (plus[i] - minus[i]) / (2 * H);
            }
        double[] f = reference.Outputs(data.Features, N);
        var g = new double[p, p];
        for (int i = 0; i < N; i++)
        {
            double weight = SecondDerivative(loss, data.Labels[i] * f[i]) / N;
            for (int a = 0; a < p; a++)
                for (int b = 0; b < p; b++) g[a, b] += weight * jacobian[i, a] * jacobian[i, b];
        }
        return JacobiEigen.Eigenvalues(g)[^1];
    }

    [Theory]
    [InlineData(LossKind.Squared, 1.2)]
    [InlineData(LossKind.CrossEntropy, 0.5)]
    public void TheResolvedStepIsTheMultipleOfTwoOverADenseFloat64GaussNewtonTop(LossKind loss, double c)
    {
        Dataset data = Data(5);
        var config = new TrainingConfig { Widths = Widths, Loss = loss, StepSize = double.NaN, StepMultiple = c, Iterations = 10, Seed = 3, Threads = 2 };
        // The network the run trains: initialised from its seed as the Trainer initialises it.
        DeepReluNet net = DeepReluNet.Initialize(D, Widths, config.Seed);
        double clearance = new Float64Hessian(net, data.Features, data.Labels, N, loss).SmallestPreactivation();
        Assert.True(clearance > 1e-3, $"a pre-activation within {clearance:E1} of a kink: the differences would cross it");
        double lambda = DenseGaussNewtonTop(net, data, loss);

        TrainingConfig resolved = CriticalStep.Resolve(config, data);
        output.WriteLine($"{loss}: dense float64 lambda_GN {lambda:G10}, resolved {resolved.CriticalCurvature:G10}, step {resolved.StepSize:G10}");
        Assert.Equal(lambda, resolved.CriticalCurvature!.Value, Tolerance * lambda);
        Assert.Equal(c * 2 / lambda, resolved.StepSize, Tolerance * c * 2 / lambda);
        Assert.Equal(c * 2 / resolved.CriticalCurvature.Value, resolved.StepSize);
        Assert.Equal(c, resolved.StepMultiple);
        Assert.True(resolved.StepResolved);
        Assert.Empty(resolved.Problems(N));
        // Resolving again changes nothing (a resolved configuration keeps its measurement).
        Assert.Equal(resolved, CriticalStep.Resolve(resolved, data));
    }

    /// <summary>
    /// With the Hessian as the curvature the resolved step is c·2/S(W(0)), S the top eigenvalue of the whole loss Hessian
    /// formed densely in float64 column by column from an independent float64 Hessian-vector product.
    /// </summary>
    [Theory]
    [InlineData(LossKind.Squared, 1 / 1.1)]
    [InlineData(LossKind.CrossEntropy, 1 / 1.5)]
    public void WithTheHessianTheResolvedStepIsTheMultipleOfTwoOverADenseFloat64HessianTop(LossKind loss, double c)
    {
        Dataset data = Data(5);
        var config = new TrainingConfig
        {
            Widths = Widths, Loss = loss, StepSize = double.NaN, StepMultiple = c, StepCurvature = StepCurvature.Hessian, Iterations = 10, Seed = 3, Threads = 2,
        };
        DeepReluNet net = DeepReluNet.Initialize(D, Widths, config.Seed);
        var reference = new Float64Hessian(net, data.Features, data.Labels, N, loss);
        int p = (int)reference.Dimension;
        var hessian = new double[p, p];
        for (int j = 0; j < p; j++)
        {
            var unit = new double[p];
            unit[j] = 1;
            double[] column = reference.Multiply(unit);
            for (int i = 0; i < p; i++) hessian[i, j] = column[i];
        }
        double top = JacobiEigen.Eigenvalues(hessian)[^1];

        TrainingConfig resolved = CriticalStep.Resolve(config, data);
        double gaussNewton = DenseGaussNewtonTop(net, data, loss);
        output.WriteLine($"{loss}: dense float64 S(W(0)) {top:G10}, resolved {resolved.CriticalCurvature:G10}, lambda_GN {gaussNewton:G10}");
        Assert.Equal(top, resolved.CriticalCurvature!.Value, Tolerance * top);
        // the two curvatures differ here by far more than the tolerance, so measuring the wrong one could not pass
        Assert.True(Math.Abs(top - gaussNewton) > 100 * Tolerance * top, $"S {top} and lambda_GN {gaussNewton} too close to tell apart");
        // the same bits on any thread count, so a resumed run resolves the same step
        Assert.Equal(resolved.CriticalCurvature, CriticalStep.Resolve(config with { Threads = 1 }, data).CriticalCurvature);
        Assert.Equal(c * 2 / resolved.CriticalCurvature.Value, resolved.StepSize);
        Assert.Equal(StepCurvature.Hessian, resolved.StepCurvature);
    }

    [Fact]
    public void AStepCurvatureWithoutAMultipleIsAProblem() =>
        Assert.Contains("step-curvature: applies only to a step given as a multiple (step-multiple); got hessian with a step of 0.01",
            new TrainingConfig { Widths = [16, 16], StepSize = 0.01, StepCurvature = StepCurvature.Hessian, Iterations = 5 }.Problems(40));

    /// <summary>
    /// The measurement is sharpness.csv's Gauss–Newton run at k = 0 when that Hessian takes every row (the same start vector,
    /// the same products): the two agree to the bit, and neither depends on the thread count.
    /// </summary>
    [Fact]
    public void TheCurvatureIsSharpnessCsvsGaussNewtonAtZeroToTheBitOnAnyThreadCount()
    {
        Dataset data = TrainerTests.Separable(40, 8, 1);
        var config = new TrainingConfig
        {
            Widths = [32, 32], Loss = LossKind.Squared, StepSize = double.NaN, StepMultiple = 2, Iterations = 3, Seed = 7, Threads = 1,
            Sharpness = new SharpnessSettings { HessianN = 40 },
        };
        TrainingConfig one = CriticalStep.Resolve(config, data), two = CriticalStep.Resolve(config with { Threads = 2 }, data);
        Assert.Equal(one.CriticalCurvature, two.CriticalCurvature);
        var rows = new RecordingObserver();
        Trainer.Run(one, data, null, rows);
        Assert.Equal(0, rows.Sharpness[0].Iteration);
        Assert.Equal(one.CriticalCurvature, rows.Sharpness[0].Measure.GaussNewton);
        Assert.Equal(2 / one.StepSize, rows.Sharpness[0].TwoOverStep, 1e-12 * rows.Sharpness[0].TwoOverStep);
    }

    [Theory]
    [InlineData(0.0, OptimizerKind.GradientDescent, false, "step-multiple: must be a finite number > 0; got 0")]
    [InlineData(-1.0, OptimizerKind.GradientDescent, false, "step-multiple: must be a finite number > 0; got -1")]
    [InlineData(double.NaN, OptimizerKind.GradientDescent, false, "step-multiple: must be a finite number > 0; got NaN")]
    [InlineData(double.PositiveInfinity, OptimizerKind.GradientDescent, false, "step-multiple: must be a finite number > 0; got Infinity")]
    [InlineData(1.0, OptimizerKind.StochasticGradientDescent, false, "step-multiple: applies only to full-batch GD (c multiplies GD's critical step 2/lambda_GN(W(0))); got sgd")]
    [InlineData(1.0, OptimizerKind.GradientDescent, true, "step-multiple: does not apply to a step search (it searches the step itself); got both")]
    public void BadMultiplesAreProblemsNamingTheSetting(double c, OptimizerKind optimizer, bool search, string problem)
    {
        var config = new TrainingConfig
        {
            Widths = [16, 16], StepSize = double.NaN, StepMultiple = c, Iterations = 5, Optimizer = optimizer,
            BatchSize = optimizer == OptimizerKind.StochasticGradientDescent ? 4 : 0, StepSearch = search ? new StepSearch(0.01, 1) : null,
        };
        Assert.Equal([problem], config.Problems(40).Where(p => p.StartsWith("step-multiple", StringComparison.Ordinal)));
        // An unresolved multiple has no step to check: NaN is no problem until it is resolved.
        Assert.DoesNotContain(config.Problems(40), p => p.StartsWith("step:", StringComparison.Ordinal));
    }

    [Fact]
    public void TheTrainerRefusesAnUnresolvedMultiple()
    {
        var config = new TrainingConfig { Widths = [16, 16], StepSize = double.NaN, StepMultiple = 1, Iterations = 5 };
        var e = Assert.Throws<ArgumentException>(() => Trainer.Run(config, TrainerTests.Separable(20, 8, 1), null, new RecordingObserver()));
        Assert.StartsWith("step-multiple: the step c*2/lambda(W(0)) must be resolved before training", e.Message);
    }

    /// <summary>
    /// A network dead at W(0) has λ_GN(W(0)) = 0 and no critical step: the run stops there as a run at any step would
    /// (collapsed), with step 0 and the curvature recorded.
    /// </summary>
    [Fact]
    public void ANetworkDeadAtInitialisationHasNoCriticalStepAndCollapses()
    {
        Dataset data = TrainerTests.Separable(20, 8, 1);
        var config = new TrainingConfig { Widths = Enumerable.Repeat(2, 60).ToArray(), StepSize = double.NaN, StepMultiple = 1, Iterations = 5 };
        TrainingConfig resolved = CriticalStep.Resolve(config, data);
        Assert.Equal((0.0, 0.0), (resolved.CriticalCurvature!.Value, resolved.StepSize));
        Assert.StartsWith("step-multiple: the Gauss-Newton matrix at initialisation must have a positive top eigenvalue", CriticalStep.Problem(resolved));
        Assert.Empty(resolved.Problems(20));
        TrainingOutcome o = Trainer.Run(resolved, data, null, new RecordingObserver());
        Assert.Equal(RunStatus.Collapsed, o.Status);
        Assert.Contains("collapsed at initialisation", o.Message);
    }
}
