module ReluStudy.Dsl.Tests.CheckTests

open Xunit
open ReluStudy.Dsl

let private codes (s: Study) = s.Problems |> List.map _.Code

[<Fact>]
let ``All problems are reported at once with file, line, code, rule and value (golden text)`` () =
    let start = int __LINE__
    let s =
        study "golden" {
            data (Mnist.digits 3 3)
            n 1
            widths [ 64; -8; 64 ]
            optimizer (Gd.FullBatch(step = -0.001))
            iterations -5
            widths [ 32 ]
            seeds [ 1; -1 ]
        }
    let expected =
        [ $"CheckTests.fs({start + 3}): error RS0112: data: the two classes must differ; got 3,3"
          $"CheckTests.fs({start + 4}): error RS0101: n: must be >= 2; got 1"
          $"CheckTests.fs({start + 5}): error RS0102: widths: every width must be >= 1; got -8"
          $"CheckTests.fs({start + 5}): error RS0303: widths: every value must be distinct; got 64 2 times"
          $"CheckTests.fs({start + 6}): error RS0104: optimizer: every step size must be a finite number > 0; got step -0.001"
          $"CheckTests.fs({start + 7}): error RS0106: iterations: must be >= 0; got -5"
          $"CheckTests.fs({start + 8}): error RS0201: widths: may be given once; first given at line {start + 5}"
          $"CheckTests.fs({start + 9}): error RS0107: seeds: every seed must be >= 0; got -1" ]
    Assert.Equal<string list>(expected, s.Problems |> List.map string)
    Assert.Empty(s.Runs)

[<Fact>]
let ``A study missing its required settings names each of them`` () =
    let s = study "empty" { summary "nothing else" }
    Assert.Equal<string list>([ "RS0301"; "RS0301"; "RS0301"; "RS0301" ], codes s)
    Assert.Equal<string list>([ "data"; "widths"; "optimizer"; "iterations" ], s.Problems |> List.map _.Keyword)

let private valid = [ "RS0000" ] // marker: no problem expected

[<Fact>]
let ``Each rule fires on its own`` () =
    let cases: (Study * string) list =
        [ study "a" { data (Mnist.digits 3 8); widths [ 64 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 10; test_n 1 }, "RS0109"
          study "a" { data (Mnist.digits 3 8); widths [ 64 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 10; mu 1.5 }, "RS0108"
          study "a" { data (Mnist.digits 3 8); widths [ 64 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 10; depths [ 0 ] }, "RS0103"
          study "a" { data (Mnist.digits 3 8); widths [ 64 ]; optimizer (Sgd.MiniBatch(step = 0.01, batch = 0)); iterations 10 }, "RS0105"
          study "a" { data (Mnist.digits 3 8); n 100; widths [ 64 ]; optimizer (Sgd.MiniBatch(step = 0.01, batch = 200)); iterations 10 }, "RS0105"
          study "a" { data (Mnist.digits 3 8); widths [ 64 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 10; stop_at_loss -1.0 }, "RS0110"
          study "a" { data (Mnist.digits 3 8); widths [ 64 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 10; log (Every 0) }, "RS0111"
          study "a" { data (Cifar10.classes "cat" "dragon"); widths [ 64 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 10 }, "RS0112"
          study "a" { data (Csv("/no/such/file.csv", "0", "1")); widths [ 64 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 10 }, "RS0112"
          study "a" { datasets []; widths [ 64 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 10 }, "RS0113"
          study "a" { data (Mnist.digits 3 8); widths []; optimizer (Gd.FullBatch(step = 0.01)); iterations 10 }, "RS0113"
          study "a" { data (Mnist.digits 3 8); widths [ 63 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 10 }, "RS0114"
          study "a" { data (Mnist.digits 3 8); widths [ 64 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 10; data_seed -1 }, "RS0115"
          study "a" { data (Sphere 10); widths [ 64 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 10 }, "RS0302"
          study "a" { model TwoLayer; data (Sphere 10); depth 3; widths [ 64 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 10 }, "RS0302"
          study "a" { model TwoLayer; data (Sphere 10); loss Squared; widths [ 64 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 10 }, "RS0302"
          study "a" { data (Mnist.digits 3 8); preprocess Raw; mu 0.5; widths [ 64 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 10 }, "RS0302"
          study "a" { data (SeparatedSphere(10, 3.0)); widths [ 64 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 10 }, "RS0112"
          study "a/b" { data (Mnist.digits 3 8); widths [ 64 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 10 }, "RS0100"
          study "a" { data (Mnist.digits 3 8); iterations 1; widths [ 64 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 10 }, "RS0201"
          study "a" { data (Mnist.digits 3 8); widths [ 64 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 10; compare [ Fit P13 ] }, "RS0304"
          study "a" { data (Mnist.digits 3 8); widths [ 64 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 10; compare [ Envelope ] }, "RS0304"
          study "a" { model TwoLayer; data (Sphere 10); widths [ 64 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 10; compare [ Fit P1 ] }, "RS0304" ]
    for s, code in cases do
        Assert.True(codes s = [ code ], $"expected only {code}; got {s.Problems |> List.map string}")

[<Fact>]
let ``A valid study has no problems and declaring it runs nothing`` () =
    let s =
        study "ok" {
            data (Mnist.digits 3 8)
            widths [ 64; 128 ]
            optimizer (Gd.FullBatch(step = 0.01))
            iterations 10
        }
    Assert.Empty(s.Problems)
    Assert.Equal(2, s.Runs.Length)

[<Fact>]
let ``stable_step takes the optimizer's place, for the deep model, over a range that is one`` () =
    let start = int __LINE__
    let s =
        study "search" {
            data (Mnist.digits 3 8)
            width 64
            optimizer (Gd.FullBatch(step = 0.01))
            stable_step (0.5, 0.1)
            iterations 100
        }
    Assert.Equal<string list>(
        [ $"CheckTests.fs({start + 5}): error RS0302: optimizer: stable_step searches the step (full-batch GD), so leave out optimizer; stable_step is at line {start + 6}"
          $"CheckTests.fs({start + 6}): error RS0117: stable_step: the range's end must be finite and above its start (0.5); got 0.1" ],
        s.Problems |> List.map string)
    let two = study "two" { data (Mnist.digits 3 8); model TwoLayer; width 64; stable_step (0.0, 1.0); iterations 100 }
    Assert.Equal<string list>([ "RS0117"; "RS0302" ], codes two)

[<Fact>]
let ``A problem names the keyword the study wrote, depth or depths, width or widths`` () =
    let start = int __LINE__
    let s =
        study "named" {
            data (Mnist.digits 3 8)
            depth 0
            width 7
            optimizer (Gd.FullBatch(step = 0.01))
            iterations 5
            depths [ 2 ]
        }
    Assert.Equal<string list>(
        [ $"CheckTests.fs({start + 4}): error RS0103: depth: every depth must be >= 1; got 0"
          $"CheckTests.fs({start + 5}): error RS0114: width: the deep model's width must be even (its output layer v is half +1, half -1); got 7"
          $"CheckTests.fs({start + 8}): error RS0201: depths: sets what depth set at line {start + 4}; give one of them" ],
        s.Problems |> List.map string)
