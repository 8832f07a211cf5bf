// The README's main job: Figures 1-3 of Zou et al. (training loss, distance from initialisation, activation
// pattern change vs iteration, one curve per width) on MNIST 3 vs 8 and CIFAR-10 cat vs ship, at a scale that
// finishes in about five minutes on a 2-core machine, on the data shipped in the repo.
//   dotnet fsi dsl/studies/quick.fsx -- --plan     plan only
//   dotnet fsi dsl/studies/quick.fsx               run what is missing (results/quick-mnist, results/quick-cifar)
#load "../ReluStudy.fsx"
open ReluStudy.Dsl

let mnist =
    study "quick-mnist" {
        summary "Zou et al. Fig. 1-3 at small scale: MNIST 3 vs 8"
        data (Mnist.digits 3 8)
        n 1_000
        depth 15
        widths [ 64; 128; 256; 512 ]
        loss CrossEntropy
        optimizer (Gd.FullBatch(step = 0.002))
        iterations 300
        seeds [ 1; 2 ]
        track [ Loss; TrainError; DistanceFromInit; PatternChangeRatio ]
        compare [ Bounds; Fit "P1"; Fit "P6"; Fit "P8" ]
    }

let cifar =
    study "quick-cifar" {
        summary "Zou et al. Fig. 1-3 at small scale: CIFAR-10 cat vs ship"
        data (Cifar10.classes "cat" "ship")
        n 800 // the shipped subset holds 400 of each class
        depth 15
        widths [ 64; 128; 256; 512 ]
        loss CrossEntropy
        optimizer (Gd.FullBatch(step = 0.002))
        iterations 300
        seeds [ 1; 2 ]
        track [ Loss; TrainError; DistanceFromInit; PatternChangeRatio ]
        compare [ Bounds; Fit "P1"; Fit "P6"; Fit "P8" ]
    }

exit (Study.main fsi.CommandLineArgs [ mnist; cifar ])
