// P4: the iterations to a fixed loss target against the step eta at one width (m = 256, L = 3, MNIST 3 vs 8): the
// theory predicts k_eps ~ 1/eta while eta*m stays below the stability ceiling (about 10 at L = 3; here at most 6.1).
// Five steps on a geometric grid (x2), three seeds, every iteration logged so k_eps is exact.
//   dotnet fsi dsl/studies/step.fsx -- --plan     plan only
//   dotnet fsi dsl/studies/step.fsx               run what is missing (results/step), then publish site/
// Takes 70 s from a fresh clone on the shipped data (2-core AMD EPYC, Zen 3, AVX2), publishing the site included.
#load "../ReluStudy.fsx"
open ReluStudy.Dsl

let step =
    study "step" {
        summary "P4: iterations to the loss target against the step, MNIST 3 vs 8, m = 256, L = 3"
        data (Mnist.digits 3 8)
        n 200
        depth 3
        widths [ 256 ]
        optimizers [ for eta in [ 0.0015; 0.003; 0.006; 0.012; 0.024 ] -> Gd.FullBatch(step = eta) ]
        iterations 5_000
        stop_at_loss 0.077
        seeds [ 1; 2; 3 ]
        log (Every 1)
        track [ Loss; DistanceFromInit; PatternChangeRatio ]
        compare [ Fit P4 ]
    }

exit (StudySite.main fsi.CommandLineArgs "site" [ step ])
