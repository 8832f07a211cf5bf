// P11b: the largest stable step against depth at a width far above every depth (m = 256, L/m <= 1/32; MNIST 3 vs 8,
// n = 200). Each run searches [0.001, 1] for the largest step at which every one of 100 full-batch GD steps from its
// W(0) lowers the loss (the range's ends, then 8 geometric bisections). The theory's sufficient step goes like L^-3; the
// tangent kernel's ceiling 8n/(m lambda_max), printed beside each run, predicts about L^-1 (lambda_max grows like L).
//   dotnet fsi dsl/studies/stable-depth.fsx -- --plan     plan only
//   dotnet fsi dsl/studies/stable-depth.fsx               run what is missing (results/stable-depth), then publish site/
// Takes 82 s from a fresh clone on the shipped data (2-core AMD EPYC, Zen 3, AVX2), publishing the site included.
#load "../ReluStudy.fsx"
open ReluStudy.Dsl

let stableDepth =
    study "stable-depth" {
        summary "P11b: the largest stable step against depth, MNIST 3 vs 8, m = 256, 100 steps per probe"
        data (Mnist.digits 3 8)
        n 200
        depths [ 2; 3; 4; 6; 8 ]
        widths [ 256 ]
        stable_step (0.001, 1.0)
        iterations 100
        seeds [ 1; 2; 3 ]
        track [ Loss; DistanceFromInit; PatternChangeRatio ]
        compare [ Fit P11b ]
    }

exit (StudySite.main fsi.CommandLineArgs "site" [ stableDepth ])
