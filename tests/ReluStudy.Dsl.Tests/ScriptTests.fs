module ReluStudy.Dsl.Tests.ScriptTests

open System
open System.Diagnostics
open System.IO
open System.Text.Json
open Xunit

/// dotnet fsi SCRIPT -- ARGS, with the full data sets when this machine has them (as CI runs).
let private fsiStart (script: string) (args: string list) =
    let start = ProcessStartInfo("dotnet", RedirectStandardOutput = true, RedirectStandardError = true)
    for a in [ "fsi"; script; "--" ] @ args do start.ArgumentList.Add a
    Paths.fullData |> Option.iter (fun dir -> start.Environment["RELUSTUDY_DATA"] <- dir)
    start

/// Runs dotnet fsi on a script with arguments; returns the exit code, stdout and stderr.
let private fsi (script: string) (args: string list) =
    use p = Process.Start(fsiStart script args)
    let out = p.StandardOutput.ReadToEndAsync()
    let err = p.StandardError.ReadToEndAsync()
    p.WaitForExit()
    p.ExitCode, out.Result, err.Result

[<Fact>]
let ``Every shipped study plans without running anything`` () =
    for name in [ "quick"; "du2019"; "width-scaling"; "paper"; "depth"; "step"; "losses"; "sgd-batch"; "stable-width"; "stable-depth"; "catapult"; "eos" ] do
        let results = Paths.tempFolder ()
        let code, out, err = fsi (Path.Combine(Paths.repo, "dsl", "studies", name + ".fsx")) [ "--plan"; "--results"; results ]
        if name = "paper" && Paths.fullData.IsNone then
            // The paper's scale needs the full data sets; without them the plan must fail clearly.
            Assert.True(code = 2 || code = 3, $"paper without the full data: exit {code}")
            Assert.StartsWith("error: --n: a balanced subset of 9943", err)
            Assert.Contains("that is the small subset shipped in the repository: for the full set run 'relustudy data fetch mnist'", err)
        else
            Assert.True((code = 0), $"{name}: exit {code}\n{out}\n{err}")
            Assert.Contains("runs,", out)
            Assert.Contains("still to run on this machine", out)
            Assert.Empty(Directory.GetFileSystemEntries results)
            // quick's Figure 1 widths include L/m above the lazy range's 1/8: the plan says so before running
            if name = "quick" then
                Assert.Contains("warning: L = 15, m = 32: L/m = 0.469 is above 0.125: the fits leave these runs out", out)
            if name = "catapult" then
                Assert.Contains("critical step: each run's step is c x 2/lambda_GN(W(0)), measured before it trains on its", out)
            if name.StartsWith "stable-" then
                Assert.Contains("each run searches its largest stable step in [0.001, 1]: up to 10 probes of 100 iterations", out)
                // every search measures S(W(0)) once before its probes, and the plan counts it
                Assert.Contains("  sharpness: 1 measurement per run (S(W(0)), before the probes) on 200 rows: at most ", out)

/// Writes folder/name.fsx: the loader's #load, open ReluStudy.Dsl, then the given lines.
let private script folder name (body: string list) =
    let path = Path.Combine(folder, name + ".fsx")
    let loader = Path.Combine(Paths.repo, "dsl", "ReluStudy.fsx").Replace("\\", "/")
    File.WriteAllText(path, String.Join("\n", [ $"#load \"{loader}\""; "open ReluStudy.Dsl" ] @ body) + "\n")
    path

let private tinyStudy folder =
    script folder "tiny"
        [ ""
          "let tiny ="
          "    study \"tiny\" {"
          "        data (Mnist.digits 3 8)"
          "        n 200"
          "        depth 3"
          "        widths [ 32; 64 ]"
          "        optimizer (Gd.FullBatch(step = 0.01))"
          "        iterations 400"
          "        seeds [ 1; 2 ]"
          "    }"
          ""
          "exit (Study.main fsi.CommandLineArgs [ tiny ])" ]

let private statuses results =
    Directory.GetDirectories(Path.Combine(results, "tiny"))
    |> Array.choose (fun d ->
        let record = ReluStudy.Core.Results.ResultsLayout.In(d, ReluStudy.Core.Results.ResultsLayout.Record)
        if File.Exists record then
            try
                use json = JsonDocument.Parse(File.ReadAllText record)
                Some(json.RootElement.GetProperty("status").GetString())
            with _ -> None
        else None)

[<Fact>]
let ``A tiny study runs, survives a kill, resumes the unfinished runs and then hits the cache`` () =
    let folder = Paths.tempFolder ()
    let results = Path.Combine(folder, "results")
    let script = tinyStudy folder

    // Run and kill it while a run is in progress, after at least one has finished.
    use p = Process.Start(fsiStart script [ "--results"; results ])
    p.OutputDataReceived.Add ignore
    p.ErrorDataReceived.Add ignore
    p.BeginOutputReadLine()
    p.BeginErrorReadLine()
    let deadline = Stopwatch.StartNew()
    let mutable killedMidway = false
    while not p.HasExited && not killedMidway && deadline.Elapsed < TimeSpan.FromMinutes 3.0 do
        let s = if Directory.Exists(Path.Combine(results, "tiny")) then statuses results else [||]
        if s |> Array.contains "completed" && s |> Array.contains "running" then
            p.Kill true
            p.WaitForExit()
            killedMidway <- true
        else Threading.Thread.Sleep 20
    Assert.True(killedMidway, "the study finished before it could be interrupted; make it longer")
    let before = statuses results
    Assert.Contains("running", before)

    // Resume: finished runs are reused, the unfinished ones run again.
    let code, out, err = fsi script [ "--results"; results ]
    Assert.True((code = 0), $"resume: exit {code}\n{out}\n{err}")
    let reused = before |> Array.filter ((=) "completed") |> Array.length
    Assert.True(out.Contains($"study tiny: {reused} reused, {4 - reused} ran (0 diverged, 0 collapsed, 0 failed, 0 interrupted), 0 not started"), out)
    Assert.Equal<string array>(Array.create 4 "completed", statuses results)

    // Everything cached now.
    let code, out, _ = fsi script [ "--results"; results; "--plan" ]
    Assert.Equal(0, code)
    Assert.Contains("4 runs, 4 cached", out)
    let code, out, _ = fsi script [ "--results"; results ]
    Assert.Equal(0, code)
    Assert.Contains("study tiny: 4 reused, 0 ran", out)
    let index = File.ReadAllText(Path.Combine(results, "tiny", "study.json"))
    Assert.Contains("\"status\": \"completed\"", index)

[<Fact>]
let ``A study with problems prints them all and exits 2 before any compute`` () =
    let folder = Paths.tempFolder ()
    let script =
        script folder "bad"
            [ ""
              "let bad ="
              "    study \"bad\" {"
              "        data (Mnist.digits 3 8)"
              "        widths [ 64; -8 ]"
              "        optimizer (Gd.FullBatch(step = 0.01))"
              "        iterations -1"
              "    }"
              ""
              "exit (Study.main fsi.CommandLineArgs [ bad ])" ]
    let code, _, err = fsi script [ "--results"; Path.Combine(folder, "results") ]
    Assert.Equal(2, code)
    Assert.Contains("bad.fsx(7): error RS0102: widths: every width must be >= 1; got -8", err)
    Assert.Contains("bad.fsx(9): error RS0106: iterations: must be >= 0; got -1", err)
    Assert.Contains("2 problem(s); nothing was run", err)
    Assert.False(Directory.Exists(Path.Combine(folder, "results")))

[<Fact>]
let ``A plan says what the sharpness adds`` () =
    let folder = Paths.tempFolder ()
    let script =
        script folder "sharp"
            [ "let s ="
              "    study \"sharp\" {"
              "        data (Mnist.digits 3 8)"
              "        n 200"
              "        depth 3"
              "        widths [ 32 ]"
              "        optimizer (Gd.FullBatch(step = 0.01))"
              "        iterations 300"
              "        track [ Loss; Sharpness ]"
              "    }"
              "exit (Study.main fsi.CommandLineArgs [ s ])" ]
    let code, out, err = fsi script [ "--plan"; "--results"; Path.Combine(folder, "results") ]
    Assert.True((code = 0), $"exit {code}\n{out}\n{err}")
    Assert.Contains("  sharpness: 2 measurements per run (every 500) on 200 rows: at most ", out)
    Assert.Contains(" of these runs' (included above); up to ", out)

[<Fact>]
let ``A misspelled keyword gets the compiler's suggestion`` () =
    let script = script (Paths.tempFolder ()) "typo" [ "let s = study \"x\" { widht [ 64 ] }" ]
    let code, _, err = fsi script []
    Assert.NotEqual(0, code)
    Assert.Contains("'widht' is not defined. Maybe you want one of the following:", err)
    Assert.Contains("widths", err)

[<Fact>]
let ``An unknown prediction is a compile-time error at its line`` () =
    let script =
        script (Paths.tempFolder ()) "unknown"
            [ "let s ="
              "    study \"x\" {"
              "        data (Mnist.digits 3 8)"
              "        widths [ 64 ]"
              "        optimizer (Gd.FullBatch(step = 0.01))"
              "        iterations 1"
              "        compare [ Bounds; Fit P5 ]"
              "    }" ]
    let code, _, err = fsi script []
    Assert.NotEqual(0, code)
    Assert.Contains("unknown.fsx(9,", err)
    Assert.Contains("'P5' is not defined", err)
