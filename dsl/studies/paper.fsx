// Zou et al. at the paper's scale: full class pairs (MNIST 3 vs 8: 9,943 examples; CIFAR-10 cat vs ship:
// 7,931), L = 15, widths up to several thousand, three seeds. For a bigger machine (or a cluster):
// plan it here to see the cost. Needs the full data sets: relustudy data fetch mnist|cifar10 and
// RELUSTUDY_DATA=<the cache it prints> (or any folder holding the official files).
//   dotnet fsi dsl/studies/paper.fsx -- --plan
#load "../ReluStudy.fsx"
open ReluStudy.Dsl

/// Figures 1-3 at the paper's scale for one class pair.
let figures name description (pair: DataSet) examples =
    study name {
        summary description
        data pair
        n examples
        depth 15
        widths [ 100; 200; 400; 800; 1_600; 3_200 ]
        optimizer (Gd.FullBatch(step = 1e-4)) // the paper's value is not stated; small enough for m = 3200
        iterations 2_000
        seeds [ 1; 2; 3 ]
        track [ Loss; TrainError; DistanceFromInit; PatternChangeRatio ]
        compare [ Bounds; Fit P1; Fit P3; Fit P6; Fit P8 ]
    }

let mnist = figures "paper-mnist" "Zou et al. Fig. 1-3: MNIST 3 vs 8, paper scale" (Mnist.digits 3 8) 9_943
let cifar = figures "paper-cifar" "Zou et al. Fig. 1-3: CIFAR-10 cat vs ship, paper scale" (Cifar10.classes "cat" "ship") 7_931

exit (Study.main fsi.CommandLineArgs [ mnist; cifar ])
