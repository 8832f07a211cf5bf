// The catapult (Lewkowycz et al. 2020, "The large learning rate phase of deep learning"): squared loss, L = 2, m = 512,
// MNIST 3 vs 8 (n = 300), full-batch GD at c times each run's own critical step, eta = c * 2/lambda_GN(W(0)), where
// lambda_GN(W(0)) = lambda_max(Theta_hat(0))/n is the top eigenvalue of the Gauss-Newton part of the loss Hessian at
// initialisation on every training row (for the squared loss Lewkowycz's lambda0, c their eta*lambda0/2). Below c = 1 the
// linearised model converges (lazy); above, the loss first rises, the kernel's top eigenvalue falls below 2/eta and training
// converges (catapult), until GD diverges.
//   catapult        to convergence (stop at L_S <= 0.01, at most 1600 iterations), every iteration logged, the Hessian's top
//                   values every 50 iterations on every row (hessian_n >= n, so sharpness.csv's gauss_newton at k = 0 is
//                   lambda_GN(W(0)) exactly), the kernel at k = 0, the powers of 2 and the last (kernel.csv).
//   catapult-early  the same runs' first 16 steps with the Hessian measured at every step, where the catapult happens (a
//                   measurement costs 13-46 Hessian products, 20-60 GD iterations' worth: every step of the long runs would
//                   take an hour).
// divergence_factor 1e6: a run is called diverged only once its loss runs away (c >= 12 pass 1e6 x L_S(W(0)) within 3-5
// steps); the default 1000x would stop none of the converging catapults (their peaks are at most 306x) but would call c = 10
// diverged at k = 4, hiding what its 25 000x excursion does.
//   dotnet fsi dsl/studies/catapult.fsx -- --plan     plan only
//   dotnet fsi dsl/studies/catapult.fsx               run what is missing (results/catapult*), then publish site/
// Takes 4 min 54 s from empty results on a 2-core AMD EPYC (family 26, Zen 5, AVX-512), both studies at three seeds, the
// site and its PDFs included (/usr/bin/time: 0.97 GB peak resident).
//
// Measured (lambda0 = lambda_GN(W(0)) = 252.8, 271.7, 259.6 for seeds 1-3; L_S(W(0)) = 1.271 for seed 1). Peak: the largest
// logged loss over L_S(W(0)) and its iteration; GN end: sharpness.csv's last gauss_newton over lambda0; the regimes by the
// rules of docs/theory.md section 10 (the page's table has every run).
//     c    regime (seeds 1, 2, 3)                 peak (k), seeds 1-3                       GN end / lambda0      status
//     0.5  kernel-moving, lazy, kernel-moving     none                                      1.18, 1.02, 1.09      target at k = 1276-1412
//     0.8  kernel-moving, lazy, kernel-moving     none                                      1.17, 1.01, 1.09      target at k = 796-883
//     1.2  catapult x 3                           1.94 (3), 2.68 (3), 2.54 (10)             0.83, 0.71, 0.81      target at k = 571-657
//     2    catapult x 3                           16.3 (2), 23.4 (2), 32.1 (4)              0.32, 0.29, 0.36      target at k = 458-484
//     4    catapult x 3                           32.3 (2), 57.3 (2), 81.5 (3)              0.25, 0.24, 0.24      target at k = 625-652
//     6    catapult x 3                           37.8 (1), 52.1 (1), 130 (2)               0.15, 0.13, 0.14      target at k = 423-637
//     8    catapult x 3                           62.2 (1), 86.3 (4), 306 (2)               0.076, 0.084, 0.088   target at k = 431-531
//     10   unstable, catapult, diverged           2.5e4 (6), 4.7e3 (4), 1.4e6 (6)           0.070, 0.079, -       seed 1 ran out at 1600
//                                                                                                                 (loss 0.20x, error 51 %),
//                                                                                                                 seed 3 diverged at k = 7
//     12-20 diverged x 9                          1.5e3 ... 6.2e5 at k = 2-4                -                     diverged at k = 3-5
// So on this network the loss never rises for c <= 0.8, where the kernel moves 1-2 % (seed 2, lazy) to 9-18 % (seeds 1, 3,
// kernel-moving) on the way to L_S = 0.01; catapults begin between 0.8 and 1.2: from c = 1.2 to 8 every seed's loss rises
// 1.9x to 306x within 1-10 steps, its Gauss-Newton top falls and every run converges, ending at 0.83-0.076 lambda0, below
// 2/eta = lambda0/c; c = 10 is the edge, where the seeds split three ways; every run at c >= 12 diverges within 5 steps.
// catapult-early (16 steps, the Hessian at every step) agrees, except that at c = 6 seed 1 has not yet brought its curvature
// below 2/eta by k = 16 (unstable there, a catapult in the full run).
#load "../ReluStudy.fsx"
open ReluStudy.Dsl

let multiples = [ 0.5; 0.8; 1.2; 2.0; 4.0; 6.0; 8.0; 10.0; 12.0; 16.0; 20.0 ]

let catapult =
    study "catapult" {
        summary "The catapult: squared loss, MNIST 3 vs 8, L = 2, m = 512, GD at c times each run's critical step 2/lambda_GN(W(0))"
        data (Mnist.digits 3 8)
        n 300
        depth 2
        width 512
        loss Squared
        optimizers [ for c in multiples -> Gd.Critical(multiple = c) ]
        iterations 1_600
        stop_at_loss 0.01
        divergence_factor 1e6
        seeds [ 1; 2; 3 ]
        log (Every 1)
        track [ Loss; TrainError; TangentKernel; Sharpness ]
        sharpness_every 50
        hessian_n 1_000
    }

let early =
    study "catapult-early" {
        summary "The catapult's first 16 steps: the loss Hessian's top values at every step, the runs of catapult"
        data (Mnist.digits 3 8)
        n 300
        depth 2
        width 512
        loss Squared
        optimizers [ for c in multiples -> Gd.Critical(multiple = c) ]
        iterations 16
        divergence_factor 1e6
        seeds [ 1; 2; 3 ]
        log (Every 1)
        track [ Loss; TangentKernel; Sharpness ]
        sharpness_every 1
        hessian_n 1_000
    }

exit (StudySite.main fsi.CommandLineArgs "site" [ catapult; early ])
