// The README's main job: Zou et al.'s Figures 1-3 (training loss, distance from initialisation, activation-pattern
// change against iteration, one curve per width) at the paper's depth L = 15 on MNIST 3 vs 8 and CIFAR-10 cat vs ship,
// with every claim of the figures checked and the width-scaling predictions fitted, on the data shipped in the repo.
//   dotnet fsi dsl/studies/quick.fsx -- --plan     plan only
//   dotnet fsi dsl/studies/quick.fsx               run what is missing (results/quick-*), then publish site/index.html
//
// How the settings were chosen (the pages say the same):
// - five widths and three seeds, so that every claim and every fit can reach a verdict (a rank correlation needs 4
//   widths, a fit 5 widths and 3 seeds);
// - one step for every width of a study, below the tangent kernel's stability ceiling (eta*m < 8n/lambda_max, about
//   2.8 at L = 15 and 10 at L = 3) and, measured, small enough that no run's loss rises by more than 5 % between
//   logged rows: MNIST 0.0012 (0.003 made the wider runs spike), CIFAR-10 0.0008, the fits 0.006;
// - every run stops at its study's fixed loss target, so that all widths are compared at the same loss: 0.077
//   (about 0.1 L_S(0)) for MNIST and the fits, 0.35 for CIFAR-10, whose loss falls slowly at L = 15 and spikes once
//   below 0.3; a wider network gets there sooner, which also keeps the job short.
// Fits need runs in the lazy regime (L/m <= 1/8): at L = 15 only widths from 128 qualify, too few for a verdict, so
// a second, shallower study (L = 3) fits them over six widths.
#load "../ReluStudy.fsx"
open ReluStudy.Dsl

/// Figures 1-3 for one class pair, claims checked, test error beside ML.NET's baselines.
let figures name description (pair: DataSet) examples testExamples (eta: float) target budget =
    study name {
        summary description
        data pair
        n examples
        test_n testExamples
        depth 15
        widths [ 32; 64; 128; 256; 512 ]
        loss CrossEntropy
        optimizer (Gd.FullBatch(step = eta))
        iterations budget
        stop_at_loss target
        seeds [ 1; 2; 3 ]
        track [ Loss; TrainError; DistanceFromInit; PatternChangeRatio; TangentKernel; TestError ]
        compare [ Bounds; InfiniteWidth; Linearized ]
        baselines
    }

// The shipped subsets hold 500 MNIST and 200 CIFAR-10 test examples of the two classes.
let mnist = figures "quick-mnist" "Zou et al. Fig. 1-3 at L = 15: MNIST 3 vs 8" (Mnist.digits 3 8) 300 500 0.0012 0.077 5_000

// CIFAR-10 at L = 15 fits slowly and its loss spikes late at the MNIST step: a smaller step and a higher target.
let cifar = figures "quick-cifar" "Zou et al. Fig. 1-3 at L = 15: CIFAR-10 cat vs ship" (Cifar10.classes "cat" "ship") 200 200 0.0008 0.35 10_000

/// The width-scaling predictions over five widths in the lazy range (L/m <= 1/8 from m = 24 at L = 3; m = 32 changes
/// a little over 20 % of its activation patterns on the way to the target, so the widths start at 64).
let fits =
    study "quick-fits" {
        summary "Width exponents at L = 3 on MNIST 3 vs 8, every width lazy"
        data (Mnist.digits 3 8)
        n 200
        depth 3
        widths [ 64; 128; 256; 512; 1_024 ]
        optimizer (Gd.FullBatch(step = 0.006))
        iterations 5_000
        stop_at_loss 0.077
        seeds [ 1; 2; 3 ]
        log (Every 1)
        track [ Loss; GradientNorm; DistanceFromInit; PatternChangeRatio; TangentKernel ]
        compare [ Fit P1; Fit P3; Fit P6; Fit P8; Fit P9; Fit P19; Fit P20; InfiniteWidth ]
    }

/// Figures 1-3 as the paper sets them out: panel (a) MNIST, panel (b) CIFAR-10.
let paper = Paper.figures "quick-paper" "Zou et al. Figures 1-3 at L = 15" [ "MNIST 3 vs 8", mnist; "CIFAR-10 cat vs ship", cifar ]

// Runs what is missing, then publishes every study under the results folder (and the paper's layout) to site/.
exit (StudySite.mainWith fsi.CommandLineArgs "site" [ mnist; cifar; fits ] [ paper ])
