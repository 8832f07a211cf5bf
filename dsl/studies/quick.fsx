// The README's main job: Zou et al.'s Figures 1-3 (training loss, distance from initialisation, activation-pattern
// change against iteration, one curve per width) at the paper's depth L = 15 on MNIST 3 vs 8 and CIFAR-10 cat vs ship,
// with every claim of the figures checked and the width-scaling predictions fitted, on the data shipped in the repo.
//   dotnet fsi dsl/studies/quick.fsx -- --plan     plan only
//   dotnet fsi dsl/studies/quick.fsx               run what is missing (results/quick-*), then publish site/index.html
//
// How the settings were chosen (the pages say the same):
// - five widths and three seeds in the figure studies, so that every claim can reach a verdict (Page's test over 5
//   widths x 3 seeds reaches p <= 0.05; a fit needs 5 axis values and 3 seeds);
// - one step for every width of a study, below the tangent kernel's stability ceiling (eta*m < 8n/lambda_max, about
//   2.8 at L = 15 and 10 at L = 3) and, measured, small enough that no run's loss rises by more than 5 % between
//   logged rows: MNIST 0.0012 (0.003 made the wider runs spike), CIFAR-10 0.0008 (the fits study's below);
// - every run stops at its study's fixed loss target, so that all widths are compared at the same loss: 0.077
//   (about 0.1 L_S(0)) for MNIST, 0.35 for CIFAR-10, whose loss falls slowly at L = 15 and spikes once
//   below 0.3; a wider network gets there sooner, which also keeps the job short;
// - the figure studies track the sharpness (the loss Hessian's top eigenvalue, at k = 0, every 500 iterations and the
//   last), so the step-size check sets each width's step against its own 2/S(W(0)) as well as against the kernel's
//   ceiling.
// Fits need runs lazy by their own kernel: at L = 15 and these targets no width qualifies (the kernel moves by far more
// than a tenth), so a third study, shallower and wider, stopped earlier, fits them.
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
        track [ Loss; TrainError; DistanceFromInit; PatternChangeRatio; TangentKernel; TestError; Sharpness ]
        compare [ Bounds; InfiniteWidth; Linearized ]
        baselines
    }

// The shipped subsets hold 500 MNIST and 200 CIFAR-10 test examples of the two classes.
let mnist = figures "quick-mnist" "Zou et al. Fig. 1-3 at L = 15: MNIST 3 vs 8" (Mnist.digits 3 8) 300 500 0.0012 0.077 5_000

// CIFAR-10 at L = 15 fits slowly and its loss spikes late at the MNIST step: a smaller step and a higher target.
let cifar = figures "quick-cifar" "Zou et al. Fig. 1-3 at L = 15: CIFAR-10 cat vs ship" (Cifar10.classes "cat" "ship") 200 200 0.0008 0.35 10_000

/// The width-scaling predictions over runs lazy by their own measurements: at the fits' point (the loss target) every
/// run's empirical tangent kernel has moved at most 0.1 and its outputs stay within 0.1 of its linearised model's
/// (docs/theory.md, section 8). Measured on this data (one seed each, n = 200): to the former target 0.077 at L = 3 the
/// kernel moved 0.9 at m = 1024 and 5.7 at m = 64; to L_S = 0.5 it moves 0.06-0.08 at m = 256 and 0.007 at m = 4096 at
/// L = 2 (0.13 at m = 256 at L = 3). Hence L = 2, widths 256-4096 and the target 0.5 (about 0.65 L_S(0)); the step keeps
/// eta*m from 0.1 to 1.6, below the stability ceiling, and k_eps between about 40 and 600. Six seeds: k_eps scatters by
/// seed (the initial outputs differ), and a t interval over three seeds is too wide to tell exponents apart.
let fits =
    study "quick-fits" {
        summary "Width exponents at L = 2 on MNIST 3 vs 8, over runs lazy by their own kernel"
        data (Mnist.digits 3 8)
        n 200
        depth 2
        widths [ 256; 512; 1_024; 2_048; 4_096 ]
        optimizer (Gd.FullBatch(step = 0.0004))
        iterations 5_000
        stop_at_loss 0.5
        seeds [ 1 .. 6 ]
        log (Every 1)
        track [ Loss; GradientNorm; DistanceFromInit; PatternChangeRatio; TangentKernel ]
        compare [ Fit P1; Fit P3; Fit P6; Fit P8; Fit P9; Fit P19; Fit P20; InfiniteWidth; Linearized ]
    }

/// Figures 1-3 as the paper sets them out: panel (a) MNIST, panel (b) CIFAR-10.
let paper = Paper.figures "quick-paper" "Zou et al. Figures 1-3 at L = 15" [ "MNIST 3 vs 8", mnist; "CIFAR-10 cat vs ship", cifar ]

// Runs what is missing, then publishes every study under the results folder (and the paper's layout) to site/.
exit (StudySite.mainWith fsi.CommandLineArgs "site" [ mnist; cifar; fits ] [ paper ])
