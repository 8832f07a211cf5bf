// P12: for the square-hinge and the smoothed-hinge loss the derivation gives linear convergence whose rate grows like
// eta*m, so at one step the rate of the linear phase (minus the slope of ln L_S against k) scales like m^1. Five widths
// in the lazy range at L = 3 (MNIST 3 vs 8), three seeds, every iteration logged; each run stops at L_S <= 0.02 (about
// 1 % of the square hinge's and 2.5 % of the smoothed hinge's initial loss). Each loss has one step for every width,
// below its stability ceiling at m = 1024 (the planner prints it): 0.002 for the smoothed hinge (ceiling eta*m = 2.55),
// 0.001 for the square hinge, whose l'' is 2 (ceiling 1.28; at 0.002 its widest width was left out of the fits).
//   dotnet fsi dsl/studies/losses.fsx -- --plan     plan only
//   dotnet fsi dsl/studies/losses.fsx               run what is missing (results/loss-*), then publish site/
// Takes 3 min 2 s from a fresh clone on the shipped data (2-core AMD EPYC, Zen 3, AVX2), publishing the site included.
#load "../ReluStudy.fsx"
open ReluStudy.Dsl

let withLoss name (l: Loss) (eta: float) =
    study name {
        summary $"P12: the linear phase's rate against width, {l} loss, MNIST 3 vs 8, L = 3"
        data (Mnist.digits 3 8)
        n 200
        depth 3
        widths [ 64; 128; 256; 512; 1_024 ]
        loss l
        optimizer (Gd.FullBatch(step = eta))
        iterations 10_000
        stop_at_loss 0.02
        seeds [ 1; 2; 3 ]
        log (Every 1)
        track [ Loss; DistanceFromInit; PatternChangeRatio ]
        compare [ Fit P12; Fit P3; Fit P6; Fit P8 ]
    }

exit (StudySite.main fsi.CommandLineArgs "site" [ withLoss "loss-square-hinge" SquareHinge 0.001; withLoss "loss-smoothed-hinge" SmoothedHinge 0.002 ])
