// P11: the largest stable step against width (L = 3, MNIST 3 vs 8, n = 200). Each run searches [0.001, 1] for the largest
// step at which every one of 100 full-batch GD steps from its W(0) lowers the loss: the range's ends, then 8 geometric
// bisections (a bracket within 2.7 %). The theory predicts 1/m; the tangent kernel's ceiling 8n/(m lambda_max) is printed beside it.
//   dotnet fsi dsl/studies/stable-width.fsx -- --plan     plan only
//   dotnet fsi dsl/studies/stable-width.fsx               run what is missing (results/stable-width), then publish site/
// Takes 2 min 55 s from a fresh clone on the shipped data (2-core AMD EPYC, Zen 3, AVX2), publishing the site included.
#load "../ReluStudy.fsx"
open ReluStudy.Dsl

let stableWidth =
    study "stable-width" {
        summary "P11: the largest stable step against width, MNIST 3 vs 8, L = 3, 100 steps per probe"
        data (Mnist.digits 3 8)
        n 200
        depth 3
        widths [ 64; 128; 256; 512; 1024 ]
        stable_step (0.001, 1.0)
        iterations 100
        seeds [ 1; 2; 3 ]
        track [ Loss; DistanceFromInit; PatternChangeRatio ]
        compare [ Fit P11 ]
    }

exit (StudySite.main fsi.CommandLineArgs "site" [ stableWidth ])
