// The study the Slurm test submits as a job array and also runs locally: four small runs, long enough
// for a task to be cancelled after its first checkpoint.
#load "../dsl/ReluStudy.fsx"
open ReluStudy.Dsl

let cluster =
    study "slurm-test" {
        summary "run as a Slurm job array and locally; the results must match"
        data (Mnist.digits 3 8)
        n 200
        depth 3
        widths [ 32; 48 ]
        optimizer (Gd.FullBatch(step = 0.01))
        iterations 6000
        seeds [ 1; 2 ]
        log (Every 100)
    }

exit (Study.main fsi.CommandLineArgs [ cluster ])
