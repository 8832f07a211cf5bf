// The edge of stability (Cohen et al. 2021, "Gradient descent on neural networks typically occurs at the edge of
// stability"): full-batch GD on CIFAR-10 cat vs ship (n = 500 of the shipped subset), L = 3, m = 256, where the loss
// Hessian's sharpness S(W) rises during training (progressive sharpening) until it reaches 2/eta and then hovers there
// while the loss keeps falling, non-monotonically.
//   eos     squared loss, each seed's step set against its own sharpness at initialisation: eta = c * 2/S(W(0)) with
//           c = 1/1.1 and 1/1.5, so 2/eta = 1.1 S(W(0)) and 1.5 S(W(0)) (S(W(0)) differs by seed by up to 20 %, so one
//           step for all seeds would put them at different distances from the edge); three seeds each; the sharpness
//           every 100 iterations on every row; claims progressive-sharpening and edge-of-stability per step.
//   eos-ce  cross-entropy beside it, at 2/eta = 1.1 S(W(0)), one seed: its sharpness rises past 2/eta and then falls as
//           the margins grow (l'' shrinks), so the edge is "reached with a non-monotone loss" rather than held.
// The settings come from measurements made before this study (seed 1, S(W(0)) = 298.8; seeds 2 and 3: 252.3, 292.2): at
// 2/eta = 1.1 S(W(0)) the sharpness reached 0.9 * 2/eta by k = 400 and hovered at 0.98 of it; at 1.5 S(W(0)) by k = 1300,
// then 0.977. Hence 2000 iterations: the second half (the edge-of-stability claim's window) starts after both got there.
//   dotnet fsi dsl/studies/eos.fsx -- --plan     plan only
//   dotnet fsi dsl/studies/eos.fsx               run what is missing (results/eos*), then publish site/
#load "../ReluStudy.fsx"
open ReluStudy.Dsl

let edge name description lossKind (multiples: float list) seedList budget =
    study name {
        summary description
        data (Cifar10.classes "cat" "ship")
        n 500
        depth 3
        width 256
        loss lossKind
        optimizers [ for c in multiples -> Gd.Critical(multiple = c, curvature = Hessian) ]
        iterations budget
        seeds seedList
        log (Every 10)
        track [ Loss; TrainError; Sharpness ]
        sharpness_every 100
    }

let squared =
    edge "eos" "The edge of stability: squared loss, CIFAR-10 cat vs ship, L = 3, m = 256, 2/eta = 1.1, 1.2 and 1.5 S(W(0))"
        Squared [ 1.0 / 1.1; 1.0 / 1.2; 1.0 / 1.5 ] [ 1; 2; 3 ] 3_000

let crossEntropy =
    edge "eos-ce" "The edge of stability with cross-entropy: the same network at 2/eta = 1.2 S(W(0))"
        CrossEntropy [ 1.0 / 1.2 ] [ 1; 2; 3 ] 2_000

exit (StudySite.main fsi.CommandLineArgs "site" [ squared; crossEntropy ])
