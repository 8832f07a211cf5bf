// Enough widths and seeds to fit the width exponents of theory.md section 7 with confidence intervals:
// P1 (squared gradient norm at initialisation, +1), P3 (iterations to L <= 0.1 L(0), -1), P6 (distance at that
// target, -1/2) and P8 (pattern change at that target, -1/2 typical, -1/3 bound). Every iteration is logged so
// the target iteration is exact. Fit with: relustudy fit results/width-scaling
#load "../ReluStudy.fsx"
open ReluStudy.Dsl

let scaling =
    study "width-scaling" {
        summary "Width exponents P1, P3, P6, P8 on MNIST 3 vs 8"
        data (Mnist.digits 3 8)
        n 500
        depth 5
        widths [ 32; 64; 128; 256; 512; 1_024 ]
        optimizer (Gd.FullBatch(step = 0.001)) // one eta for all widths: P3 and P6 are at fixed eta
        iterations 600
        stop_at_loss 0.07 // about 0.1 L(0): runs stop once past the fixed target
        seeds [ 1; 2; 3; 4; 5 ]
        log (Every 1)
        track [ GradientNorm; DistanceFromInit; PatternChangeRatio ]
        compare [ Fit P1; Fit P3; Fit P6; Fit P8 ]
    }

exit (Study.main fsi.CommandLineArgs [ scaling ])
