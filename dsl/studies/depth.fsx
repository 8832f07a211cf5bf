// P2: the squared gradient norm at initialisation against depth L, at a width far above every depth (m = 512, so
// L/m <= 1/32). The theory brackets the exponent in [0, 3]; the tangent kernel's diagonal growing like L*m/2 predicts
// +1. Only W(0) matters, so each run takes 20 iterations; five seeds.
//   dotnet fsi dsl/studies/depth.fsx -- --plan     plan only
//   dotnet fsi dsl/studies/depth.fsx               run what is missing (results/depth), then publish site/
// Takes 39 s from a fresh clone on the shipped data (2-core AMD EPYC, Zen 3, AVX2), publishing the site included.
#load "../ReluStudy.fsx"
open ReluStudy.Dsl

let depth =
    study "depth" {
        summary "P2: the squared gradient norm at initialisation against depth, MNIST 3 vs 8, m = 512"
        data (Mnist.digits 3 8)
        n 200
        depths [ 2; 3; 4; 6; 8; 12; 16 ]
        widths [ 512 ]
        optimizer (Gd.FullBatch(step = 0.002))
        iterations 20
        seeds [ 1; 2; 3; 4; 5 ]
        log (Every 1)
        track [ Loss; GradientNorm ]
        compare [ Fit P2 ]
    }

exit (StudySite.main fsi.CommandLineArgs "site" [ depth ])
