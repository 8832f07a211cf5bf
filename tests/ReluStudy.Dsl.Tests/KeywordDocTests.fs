module ReluStudy.Dsl.Tests.KeywordDocTests

open System.IO
open System.Text.RegularExpressions
open Xunit
open ReluStudy.Dsl

[<Fact>]
let ``The README's keyword table lists exactly the builder's keywords`` () =
    let builder =
        typeof<StudyBuilder>.GetMethods()
        |> Seq.choose (fun m ->
            m.GetCustomAttributes(typeof<CustomOperationAttribute>, false)
            |> Seq.tryHead
            |> Option.map (fun a -> (a :?> CustomOperationAttribute).Name))
        |> Set.ofSeq
    let readme = File.ReadAllText(Path.Combine(Paths.repo, "README.md"))
    let section = readme.Substring(readme.IndexOf "### Study keywords")
    let section = section.Substring(0, section.IndexOf("\n## ", 5) |> fun i -> if i < 0 then section.Length else i)
    let documented =
        Regex.Matches(section, @"^\| `([a-z_]+)`", RegexOptions.Multiline) |> Seq.map _.Groups[1].Value |> Set.ofSeq
    Assert.True(builder.Count >= 20, $"found only {builder.Count} keywords")
    Assert.Equal<Set<string>>(builder, documented)
