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
// steps); the default 1000x would stop none of the converging catapults (their peaks are at most 62x) but would call c = 10
// diverged at k = 4, hiding what its 25 000x excursion does.
//   dotnet fsi dsl/studies/catapult.fsx -- --plan     plan only
//   dotnet fsi dsl/studies/catapult.fsx               run what is missing (results/catapult*), then publish site/
// Takes 4 min 48 s from empty results on a 2-core AMD EPYC (family 26, AVX-512; a shared VM), both studies, the site and
// its PDFs included (/usr/bin/time: 0.98 GB peak resident).
//
// Measured (seed 1: lambda0 = lambda_GN(W(0)) = 252.8, L_S(W(0)) = 1.271). Peak: the largest loss over L_S(W(0)) and its
// iteration (every iteration logged); GN: sharpness.csv's gauss_newton over lambda0, its least in the first 16 steps
// (catapult-early) and at the run's end (catapult); status and end from catapult's run.json.
//     c    eta      peak              GN least (k)    status at k           GN at the end   end
//     0.5  0.00396  none (1.00 at 0)  0.98 (2)        target-reached 1276   1.18            loss 0.01, error 0
//     0.8  0.00633  none (1.00 at 0)  0.96 (3)        target-reached  796   1.17            loss 0.01, error 0
//     1.2  0.00949  1.9x at 3         0.63 (7)        target-reached  657   0.83            loss 0.01, error 0
//     2    0.0158   16x at 2          0.13 (4)        target-reached  458   0.31            loss 0.01, error 0
//     4    0.0316   32x at 2          0.070 (5)       target-reached  625   0.25            loss 0.01, error 0
//     6    0.0475   38x at 1          0.039 (5)       target-reached  423   0.15            loss 0.01, error 0
//     8    0.0633   62x at 1          0.021 (8)       target-reached  431   0.076           loss 0.01, error 0.3 %
//     10   0.0791   25 000x at 6      0.0003 (9)      completed      1600   0.070           loss 0.26, error 51 %: at k = 9
//                                                                                           the outputs were ~0 (loss 0.50,
//                                                                                           error 99.7 %), most units dead
//     12   0.0949   1.4e5x at 4       rises: 124 (4)  diverged          5   -               L_S 1.9e7 x L_S(W(0))
//     16   0.127    2.8e4x at 3       rises: 54 (3)   diverged          4   -               L_S 6.6e7 x
//     20   0.158    1.5e3x at 2       rises: 13 (2)   diverged          3   -               L_S 2.5e6 x
// So on this network c <= 0.8 is lazy (the loss never rises, the kernel's top moves by 2-4 % and grows 17-18 % by the end),
// catapults begin between 0.8 and 1.2: from c = 1.2 to 8 the loss rises 1.9x to 62x within 1-3 steps, the Gauss-Newton top
// falls to 0.63-0.021 lambda0 by steps 4-8 and every run converges, ending at 0.83-0.076 lambda0, at or below 2/eta =
// lambda0/c (c = 1.2 and 4 end at its edge: 0.829 against 0.833, 0.245 against 0.25). c = 10 is the edge: the loss rises
// 25 000x and the excursion kills most units; c >= 12 diverge in 3-5 steps.
// Seeds 2 and 3, measured once with the same settings but log Default and no sharpness (lambda0 271.7 and 259.6): the same
// picture (c <= 0.8 no rise; 1.2-8 peaks 2.5x-306x at steps 1-10, all converge; c >= 12 diverge), and c = 10 splits: seed 2
// converges after a 4700x peak at step 4 (which the default 1000x divergence rule would have stopped), seed 3 diverges at
// step 7.
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
