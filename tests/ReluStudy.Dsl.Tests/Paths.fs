module ReluStudy.Dsl.Tests.Paths

open System
open System.IO

/// The repository root (the folder holding ReluStudy.sln).
let repo =
    let rec up (dir: string) =
        if isNull dir then failwith "ReluStudy.sln not found above the test binaries"
        elif File.Exists(Path.Combine(dir, "ReluStudy.sln")) then dir
        else up (Path.GetDirectoryName dir)
    up AppContext.BaseDirectory

/// A fresh empty folder under the system temp folder.
let tempFolder () =
    let dir = Path.Combine(Path.GetTempPath(), "relustudy-dsl-tests", Guid.NewGuid().ToString("N"))
    Directory.CreateDirectory dir |> ignore
    dir

/// The full data sets when this machine has them ($RELUSTUDY_DATA or ../shared/data).
let fullData =
    match Environment.GetEnvironmentVariable "RELUSTUDY_DATA" with
    | null | "" ->
        let shared = Path.GetFullPath(Path.Combine(repo, "..", "shared", "data"))
        if Directory.Exists(Path.Combine(shared, "mnist")) then Some shared else None
    | dir -> Some dir
