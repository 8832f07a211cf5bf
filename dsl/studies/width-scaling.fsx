// The width exponents of docs/theory.md (section 4) with room for a verdict: seven widths, all in the lazy range
// (L/m <= 1/8 at L = 3), five seeds, every run stopped at the same fixed target L_S <= 0.077 (about 0.1 L_S(0)) and
// every iteration logged so that the target iteration is exact. P1: squared gradient norm at initialisation (+1);
// P3: iterations to the target (-1); P6: distance at the target (-1/2); P8: pattern change at the target (-1/2
// typical, -1/3 bound); P19, P20: the tangent kernel's change at the target and its distance from its limit (-1/2).
// One step for all widths (P3 and P6 are at a fixed eta), below the stability ceiling of the widest (relustudy tangent-kernel).
// Fit again with: relustudy fit results/width-scaling
#load "../ReluStudy.fsx"
open ReluStudy.Dsl

let scaling =
    study "width-scaling" {
        summary "Width exponents P1, P3, P6, P8, P19, P20 at L = 3 on MNIST 3 vs 8"
        data (Mnist.digits 3 8)
        n 500
        depth 3
        widths [ 32; 64; 128; 256; 512; 1_024; 2_048 ]
        optimizer (Gd.FullBatch(step = 0.001))
        iterations 20_000
        stop_at_loss 0.077
        seeds [ 1; 2; 3; 4; 5 ]
        log (Every 1)
        track [ GradientNorm; DistanceFromInit; PatternChangeRatio; TangentKernel ]
        compare [ Fit P1; Fit P3; Fit P6; Fit P8; Fit P9; Fit P19; Fit P20 ]
    }

exit (Study.main fsi.CommandLineArgs [ scaling ])
