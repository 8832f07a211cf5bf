// The study the crash test kills and resumes: small, several runs, checkpoints every few iterations.
#load "../dsl/ReluStudy.fsx"
open ReluStudy.Dsl

let crash =
    study "crash" {
        summary "killed at random moments and resumed"
        data (Mnist.digits 3 8)
        n 200
        depth 3
        widths [ 32; 48 ]
        optimizers [ Gd.FullBatch(step = 0.01); Sgd.MiniBatch(step = 0.01, batch = 32) ]
        iterations 12000
        seeds [ 1; 2 ]
        log (Every 100)
    }

exit (Study.main fsi.CommandLineArgs [ crash ])
