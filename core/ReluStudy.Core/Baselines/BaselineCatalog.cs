using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace ReluStudy.Core.Baselines;

/// <summary>
/// The baselines: L-BFGS and SDCA logistic regression, FastTree and LightGBM, each single-threaded so that
/// the same seed gives the same model (SDCA and the tree learners are not reproducible across threads).
/// The tree grids stay small because a tree's cost grows with leaves × n × d: FastTree needs about 0.25 s
/// per 8-leaf tree and 0.7 s per 32-leaf tree on 800 CIFAR-10 images (d = 3073) here.
/// </summary>
public static class BaselineCatalog
{
    private static IReadOnlyList<IReadOnlyDictionary<string, double>> Grid(string a, double[] aValues, string? b = null, double[]? bValues = null) =>
        (from x in aValues
         from y in bValues ?? [double.NaN]
         select (IReadOnlyDictionary<string, double>)(b is null
             ? new SortedDictionary<string, double> { [a] = x }
             : new SortedDictionary<string, double> { [a] = x, [b] = y })).ToList();

    public static readonly IReadOnlyList<BaselineTrainer> All =
    [
        new("logistic-lbfgs", "logistic regression, L-BFGS", Grid("l2", [1e-4, 1e-2, 1]),
            (ml, p) => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                L2Regularization = (float)p["l2"], L1Regularization = 0, NumberOfThreads = 1,
            })),
        new("logistic-sdca", "logistic regression, SDCA", Grid("l2", [1e-4, 1e-2, 1]),
            (ml, p) => ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
            {
                L2Regularization = (float)p["l2"], NumberOfThreads = 1,
            })),
        new("fasttree", "boosted trees, FastTree", Grid("leaves", [8, 16], "trees", [50]),
            (ml, p) => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                NumberOfLeaves = (int)p["leaves"], NumberOfTrees = (int)p["trees"], LearningRate = 0.2, NumberOfThreads = 1,
            })),
        new("lightgbm", "boosted trees, LightGBM", Grid("leaves", [7, 31], "iterations", [100]),
            (ml, p) => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                NumberOfLeaves = (int)p["leaves"], NumberOfIterations = (int)p["iterations"], LearningRate = 0.1, NumberOfThreads = 1,
            })),
    ];
}
