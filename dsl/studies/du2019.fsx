// Du, Zhai, Poczos & Singh (ICLR 2019), section 5: the two-layer network on n points uniform on the unit
// sphere in R^d with Gaussian labels, 100 steps of full-batch GD, several widths. The paper uses
// n = d = 1000; the default here is smaller so it runs in a few minutes - set both to 1_000 for the paper.
//   dotnet fsi dsl/studies/du2019.fsx -- --plan
#load "../ReluStudy.fsx"
open ReluStudy.Dsl

let n', d = 200, 200 // the paper: 1_000, 1_000

let du =
    study "du2019" {
        summary "Du et al. 2019, section 5: two-layer ReLU network on the unit sphere"
        model TwoLayer
        data (Sphere d)
        n n'
        widths [ 250; 500; 1_000; 2_000; 4_000; 8_000; 16_000 ]
        optimizer (Gd.FullBatch(step = 0.5)) // stable below 2 / lambda_max(H) (about 1.5)
        iterations 100
        seeds [ 1 .. 10 ]
        log (Every 1)
        track [ Loss; DistanceFromInit; PatternChangeRatio; TangentKernel ]
        compare [ Envelope; Fit P13; Fit P14; Fit P15; Fit P16 ]
    }

exit (Study.main fsi.CommandLineArgs [ du ])
