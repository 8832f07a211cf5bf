// P11b: the largest stable step against depth at a width far above every depth (m = 256, L/m <= 1/32; MNIST 3 vs 8,
// n = 200). Each run searches [0.001, 1] for the largest step at which every one of 100 full-batch GD steps from its
// W(0) lowers the loss (the range's ends, then 8 geometric bisections). The theory's sufficient step goes like L^-3; the
// tangent kernel's ceiling 8n/(m lambda_max), printed beside each run, predicts about L^-1 (lambda_max grows like L).
//   dotnet fsi dsl/studies/stable-depth.fsx -- --plan     plan only
//   dotnet fsi dsl/studies/stable-depth.fsx               run what is missing (results/stable-depth), then publish site/
// Each run also measures S(W(0)) once before its probes, for 2/S(W(0)) beside eta*.
// Takes 53 s from empty results (2-core AMD EPYC, family 26, Zen 5, AVX-512), publishing the site included.
// Measured: P11b b = -1.69 [-1.89, -1.49], inconsistent with both the ceiling's -0.82 and -3; 2/S(W(0)) goes like
// L^-0.83 [-1.82, 0.16], the ceiling like L^-0.82, and neither describes eta* (eta*/prediction 0.22-1.17 and 0.28-1.78,
// the ratios' slopes -0.86 [-1.44, -0.28] and -0.87 [-1.00, -0.73]): deeper networks fail below both predictions.
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
