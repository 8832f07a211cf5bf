// SGD's mini-batch size B at one step (m = 256, L = 3, MNIST 3 vs 8, n = 200): no readable text confirms an exponent,
// so the iterations and the examples seen to the loss target, and the distance and the pattern change there, are
// fitted against B and reported without a verdict. Five batch sizes (x2), three seeds, every iteration logged.
//   dotnet fsi dsl/studies/sgd-batch.fsx -- --plan     plan only
//   dotnet fsi dsl/studies/sgd-batch.fsx               run what is missing (results/sgd-batch), then publish site/
// Takes 60 s from a fresh clone on the shipped data (2-core AMD EPYC, Zen 3, AVX2), publishing the site included.
#load "../ReluStudy.fsx"
open ReluStudy.Dsl

let batches =
    study "sgd-batch" {
        summary "SGD: iterations, examples seen, distance and pattern change at the loss target against the mini-batch size"
        data (Mnist.digits 3 8)
        n 200
        depth 3
        widths [ 256 ]
        optimizers [ for b in [ 8; 16; 32; 64; 128 ] -> Sgd.MiniBatch(step = 0.006, batch = b) ]
        iterations 20_000
        stop_at_loss 0.077
        seeds [ 1; 2; 3 ]
        log (Every 1)
        track [ Loss; DistanceFromInit; PatternChangeRatio ]
        compare [ Fit SgdBatch ]
    }

exit (StudySite.main fsi.CommandLineArgs "site" [ batches ])
