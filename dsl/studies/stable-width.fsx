// P11: the largest stable step against width (L = 3, MNIST 3 vs 8, n = 200). Each run searches [0.001, 1] for the largest
// step at which every one of 100 full-batch GD steps from its W(0) lowers the loss: the range's ends, then 8 geometric
// bisections (a bracket within 2.7 %). The theory predicts 1/m; the tangent kernel's ceiling 8n/(m lambda_max) is printed beside it.
//   dotnet fsi dsl/studies/stable-width.fsx -- --plan     plan only
//   dotnet fsi dsl/studies/stable-width.fsx               run what is missing (results/stable-width), then publish site/
// Each run also measures S(W(0)) once before its probes, for 2/S(W(0)) beside eta*.
// Takes 2 min 12 s from empty results (2-core AMD EPYC, family 26, Zen 5, AVX-512), publishing the site included.
// Measured: P11 b = -0.69 [-0.75, -0.63], inconsistent with -1; 2/S(W(0)) goes like m^-0.98 [-1.16, -0.80] and the kernel
// ceiling like m^-1, and neither describes eta*: eta* S(W(0))/2 runs from 0.42-0.64 at m = 64-128 (where every search
// failed late, at k = 35-53, as training raised the curvature) to 0.63-1.32 from m = 256 (where most failed at k = 0, on
// W(0) itself); the ratios' slopes 0.29 [0.13, 0.45] (2/S(W(0))) and 0.31 [0.27, 0.35] (ceiling), both "does not describe".
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
