/// The DSL's half of the bad-input contract, over generated studies: values drawn across and beyond every setting's rule
/// give one problem per broken rule (one line each, naming the keyword as written), and a study with a problem runs
/// nothing. The cases are the same on every run (seeds 0..N-1 of one stream); CsCheck shrinks a failing one from its seed.
module ReluStudy.Dsl.Tests.ProblemProperties

open System.IO
open CsCheck
open Xunit
open ReluStudy.Dsl

/// Drawn values of one study.
type Drawn =
    { A: int; B: int; N: int; Depths: int list; Widths: int list; Step: float; Iterations: int; Seeds: int list
      StopAtLoss: float; Mu: float }

    override d.ToString() = sprintf "%A" d

/// The study the values declare (a list of one value uses the singular keyword, to check the problems name it).
let declare (d: Drawn) =
    study "generated" {
        data (Mnist.digits d.A d.B)
        n d.N
        depths d.Depths
        widths d.Widths
        optimizer (Gd.FullBatch(step = d.Step))
        iterations d.Iterations
        seeds d.Seeds
        stop_at_loss d.StopAtLoss
        mu d.Mu
    }

/// The problems the rules predict for the values, by code: an independent count from each rule as the README states it.
let expected (d: Drawn) =
    let distinct xs = xs |> List.countBy id |> List.filter (fun (_, c) -> c > 1) |> List.length
    [ if d.A < 0 || d.A > 9 || d.B < 0 || d.B > 9 || d.A = d.B then "RS0112"
      if d.N < 2 then "RS0101"
      for depth in d.Depths do if depth < 1 then "RS0103"
      for _ in 1 .. distinct d.Depths do "RS0303"
      for w in d.Widths do
          if w < 1 then "RS0102"
          elif w % 2 <> 0 then "RS0114"
      for _ in 1 .. distinct d.Widths do "RS0303"
      if not (d.Step > 0.0 && System.Double.IsFinite d.Step) then "RS0104"
      if d.Iterations < 0 then "RS0106"
      for s in d.Seeds do if s < 0 then "RS0107"
      for _ in 1 .. distinct d.Seeds do "RS0303"
      if not (d.StopAtLoss >= 0.0) then "RS0110"
      if not (d.Mu > 0.0 && d.Mu < 1.0) then "RS0108" ]
    |> List.sort

let private ints = Gen.OneOf([| -3; -1; 0; 1; 2; 3; 4; 8; 9; 10; 64; 65 |])
let private reals = Gen.OneOf([| -1.0; -0.0; 0.0; 1e-320; 0.01; 0.5; 1.0; 1e308; nan; infinity; -infinity |])
let private intLists = (GenExtensions.get_Array ints).[1, 3] |> fun g -> g.Select(fun a -> List.ofArray a)

/// Five times in six a value that keeps its rule, else one drawn across and beyond it: about one study in six is valid.
let private mostly (valid: 'T array) (any: Gen<'T>) : Gen<'T> = Gen.Frequency<'T>([| struct (5, Gen.OneOf(valid) :> IGen<'T>); struct (1, any :> IGen<'T>) |])

let private drawn =
    Gen.Select(
        Gen.Select(mostly [| 3; 1 |] ints, mostly [| 8; 7 |] ints, mostly [| 2; 10; 100 |] ints, mostly [| [ 1 ]; [ 2; 3 ] |] intLists,
                   mostly [| [ 2 ]; [ 16; 32 ] |] intLists, (fun a b n depths widths -> a, b, n, depths, widths)),
        Gen.Select(mostly [| 0.01; 0.1 |] reals, mostly [| 0; 5 |] ints, mostly [| [ 1 ]; [ 1; 2 ] |] intLists, mostly [| 0.0; 0.1 |] reals,
                   mostly [| 0.5; 0.7 |] reals, (fun step k seeds eps mu -> step, k, seeds, eps, mu)),
        (fun (a, b, n, depths, widths) (step, k, seeds, eps, mu) ->
            { A = a; B = b; N = n; Depths = depths; Widths = widths; Step = step; Iterations = k; Seeds = seeds; StopAtLoss = eps; Mu = mu }))

[<Fact>]
let ``Every generated study gives one line per broken rule, naming its keyword, and runs nothing when it has one`` () =
    let contract (d: Drawn) =
        let s = declare d
        Assert.Equal<string list>(expected d, s.Problems |> List.map _.Code |> List.sort)
        for p in s.Problems do
            let line = string p
            Assert.DoesNotContain("\n", line)
            Assert.Matches(@"^ProblemProperties\.fs\(\d+\): error RS\d{4}: [a-z_]+: \S", line)
        if s.Problems.IsEmpty then Assert.NotEmpty(s.Runs)
        else
            Assert.Empty(s.Runs)
            let root = Paths.tempFolder ()
            let options = { Study.defaults () with Results = root }
            Assert.Throws<System.ArgumentException>(fun () -> Study.runWith options System.Threading.CancellationToken.None [ s ] |> ignore) |> ignore
            Assert.Empty(Directory.GetFileSystemEntries root)
    let mutable valid = 0
    for i in 0UL .. 399UL do
        let pcg = PCG(20261125u, i)
        let seed = pcg.ToString()
        let d = drawn.Generate(pcg, null, ref Unchecked.defaultof<_>)
        if (expected d).IsEmpty then valid <- valid + 1
        try
            contract d
        with first ->
            drawn.Sample(System.Action<Drawn> contract, seed = seed, iter = 300, threads = 1)
            raise (Xunit.Sdk.XunitException($"case {i} (seed {seed}): {d}\n{first}"))
    // a property whose studies were all broken would say nothing about the valid ones
    Assert.InRange(valid, 1, 399)
