// The README's main job: Figures 1-3 of Zou et al. (training loss, distance from initialisation, activation
// pattern change vs iteration, one curve per width) on MNIST 3 vs 8 and CIFAR-10 cat vs ship, at a scale that
// finishes in about five minutes on a 2-core machine, on the data shipped in the repo.
//   dotnet fsi dsl/studies/quick.fsx -- --plan     plan only
//   dotnet fsi dsl/studies/quick.fsx               run what is missing (results/quick-mnist, results/quick-cifar),
//                                                  then publish site/index.html
#load "../ReluStudy.fsx"
open ReluStudy.Dsl

/// Figures 1-3 for one class pair, and test error beside ML.NET's baselines; everything but the data is shared.
let figures name description (pair: DataSet) examples testExamples =
    study name {
        summary description
        data pair
        n examples
        test_n testExamples
        depth 15
        widths [ 64; 128; 256; 512 ]
        loss CrossEntropy
        optimizer (Gd.FullBatch(step = 0.002))
        iterations 300
        seeds [ 1; 2 ]
        track [ Loss; TrainError; DistanceFromInit; PatternChangeRatio; TestError ]
        compare [ Bounds; Fit P1; Fit P6; Fit P8 ]
        baselines
    }

let mnist = figures "quick-mnist" "Zou et al. Fig. 1-3 at small scale: MNIST 3 vs 8" (Mnist.digits 3 8) 1_000 500

// The shipped subsets hold 500 MNIST and 200 CIFAR-10 test examples of the two classes.
let cifar = figures "quick-cifar" "Zou et al. Fig. 1-3 at small scale: CIFAR-10 cat vs ship" (Cifar10.classes "cat" "ship") 800 200

// Runs what is missing, then publishes every study under the results folder to site/.
exit (StudySite.main fsi.CommandLineArgs "site" [ mnist; cifar ])
