module ReluStudy.Dsl.Tests.DeclarationTests

open System.IO
open Microsoft.FSharp.Reflection
open Xunit
open ReluStudy.Core.Results
open ReluStudy.Dsl

[<Fact>]
let ``Every prediction the language can name is one the fits know, and every fit the core has can be named`` () =
    let named = FSharpType.GetUnionCases typeof<Prediction> |> Array.map _.Name |> Set.ofArray
    let known = Seq.append ReluStudy.Core.Theory.Fits.ScalingQuantities.DeepPredictions ReluStudy.Core.Theory.Fits.ScalingQuantities.TwoLayerPredictions |> Set.ofSeq
    Assert.Equal<Set<string>>(known, named)
    let quantities = Seq.append (ReluStudy.Core.Theory.Fits.ScalingQuantities.Deep()) (ReluStudy.Core.Theory.Fits.ScalingQuantities.TwoLayer()) |> Seq.map _.Prediction |> Set.ofSeq
    Assert.Equal<Set<string>>(known, quantities)

[<Fact>]
let ``track and compare reach study.json as declared; leaving both out declares nothing`` () =
    let declared =
        study "d" {
            data (Mnist.digits 3 8)
            widths [ 16 ]
            optimizer (Gd.FullBatch(step = 0.01))
            iterations 1
            track [ Loss; PatternChangeRatio ]
            compare [ Bounds; Fit P3 ]
        }
    Assert.Equal<TrackedQuantity list>([ TrackedQuantity.Loss; TrackedQuantity.PatternChangeRatio ], List.ofSeq declared.Declaration.Track)
    Assert.Equal<Comparison list>([ Comparison(ComparisonKind.Bounds); Comparison.FitOf "P3" ], List.ofSeq declared.Declaration.Compare)
    let nothing = study "n" { data (Mnist.digits 3 8); widths [ 16 ]; optimizer (Gd.FullBatch(step = 0.01)); iterations 1 }
    Assert.Null(nothing.Declaration.Track)
    Assert.Null(nothing.Declaration.Compare)
    Assert.Empty(nothing.Declaration.Baselines)

/// Runs a tiny study with the given declaration and publishes it; returns its page's chart ids and Markdown.
let private publish (s: Study) =
    let results = Paths.tempFolder ()
    let options = { Study.defaults () with Results = results; Interactive = false }
    let summaries = Study.runWith options System.Threading.CancellationToken.None [ s ]
    Assert.True((snd summaries.Head).Succeeded)
    let site = Path.Combine(results, "site")
    let page = (ReluStudy.Reports.Site.publish ReluStudy.Reports.Site.NoPdf results site).Pages |> List.find (fun p -> p.Path = $"{s.Name}/index")
    page.Figures |> List.map _.Id, page.Markdown

let private tinyDeclared name =
    study name {
        data (Mnist.digits 3 8)
        n 40
        depth 2
        widths [ 16; 32 ]
        optimizer (Gd.FullBatch(step = 0.05))
        iterations 4
        log (Every 1)
    }

[<Fact>]
let ``A study that tracks only the loss gets the loss figures and no distance, pattern or width-scaling section`` () =
    let s =
        study "loss-only" {
            data (Mnist.digits 3 8)
            n 40
            depth 2
            widths [ 16; 32 ]
            optimizer (Gd.FullBatch(step = 0.05))
            iterations 4
            track [ Loss ]
        }
    let ids, markdown = publish s
    Assert.Equal<string list>([ "fig1-loss"; "collapse-loss" ], ids)
    for absent in [ "Figure 2"; "Figure 3"; "## Scaling fits"; "## Theory and bounds"; "activation-pattern" ] do
        Assert.DoesNotContain(absent, markdown)
    Assert.Contains("- track: Loss", markdown)

[<Fact>]
let ``compare decides the theory drawn: a named fit gets the width-scaling section with that fit only`` () =
    let s =
        study "fit-p1" {
            data (Mnist.digits 3 8)
            n 40
            depth 2
            widths [ 16; 32 ]
            optimizer (Gd.FullBatch(step = 0.05))
            iterations 4
            track [ GradientNorm ]
            compare [ Fit P1 ]
        }
    let ids, markdown = publish s
    Assert.Equal<string list>([ "gradient-norm"; "scaling-p1"; "scaling-p1-last" ], ids)
    Assert.Contains("## Scaling fits", markdown)
    Assert.DoesNotContain("| P3 |", markdown)
    Assert.DoesNotContain("## Theory and bounds", markdown)
    // Declaring nothing keeps every figure of the deep model (the gradient norm's only when tracked by name) and every fit.
    let everything, markdown = publish (tinyDeclared "everything")
    for id in [ "fig1-loss"; "fig1-error"; "fig2-spectral"; "fig2-frobenius"; "fig3-patterns"; "collapse-loss"; "collapse-distance"; "kernel-change"; "scaling-p1" ] do
        Assert.Contains(id, everything)
    Assert.DoesNotContain("gradient-norm", everything)
    for section in [ "## Scaling fits"; "## Theory and bounds"; "## Step size against the stability ceiling"; "| P3 |"; "| P19 |" ] do
        Assert.Contains(section, markdown)
