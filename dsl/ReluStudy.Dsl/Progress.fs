/// A sweep's progress on the console: a line when a run or a data set's baselines start or end, and on a terminal a
/// status line redrawn at most twice a second with jobs done / running / queued, the ETA and each running run's iteration.
namespace ReluStudy.Dsl

open System
open System.Collections.Concurrent
open System.Diagnostics
open System.Threading
open ReluStudy.Core.Results
open ReluStudy.Core.Training
open ReluStudy.Core.Studies

/// The ETA counts the baselines too: they run beside the small runs, so the sweep ends when the later of the two does.
type ConsoleStudyProgress(plan: StudyPlan, output: IO.TextWriter, interactive: bool) =
    let clock = Stopwatch.StartNew()
    let running = ConcurrentDictionary<string, string * int * int * float>()
    let baselines = ConcurrentDictionary<string, float * float>() // what -> (started at, estimated seconds)
    let gate = obj ()
    let runs = plan.Runs |> Seq.filter (fun r -> r.State <> RunState.Done) |> Seq.length
    let baselineSeconds = plan.PendingBaselineSeconds |> List.ofSeq
    let total = runs + baselineSeconds.Length
    let mutable finishedRuns = 0
    let mutable finishedBaselines = 0
    let mutable lastDraw = 0L

    let eta () =
        let elapsed = clock.Elapsed.TotalSeconds
        let doneRuns = Volatile.Read &finishedRuns
        let forRuns =
            if doneRuns > 0 then elapsed / float doneRuns * float (runs - doneRuns)
            else max 0.0 (plan.EstimatedSeconds - elapsed)
        let started = baselines.Values |> Seq.sumBy (fun (at, estimate) -> max 0.0 (estimate - (elapsed - at)))
        let waiting = baselineSeconds |> List.skip (min baselineSeconds.Length (Volatile.Read &finishedBaselines + baselines.Count)) |> List.sum
        max forRuns (started + waiting)

    let status () =
        let finished = Volatile.Read &finishedRuns + Volatile.Read &finishedBaselines
        let active = running.Count + baselines.Count
        let runs =
            running.Values
            |> Seq.truncate 3
            |> Seq.map (fun (label, k, last, loss) -> $"""{label} k {k}/{last}{(if Double.IsNaN loss then "" else $" loss {loss:G4}")}""")
            |> String.concat "; "
        $"done {finished}/{total}, running {active}, queued {max 0 (total - finished - active)}, ETA {TimeSpan.FromSeconds(Math.Round(eta ())):g}"
        + (if runs.Length > 0 then " | " + runs else "")

    let line (text: string) =
        lock gate (fun () ->
            if interactive then output.Write("\r" + String(' ', 160) + "\r")
            output.WriteLine text)

    interface IStudyProgress with
        member _.Started(run, threads) =
            running[run.Id] <- (run.Spec.Label, 0, run.Spec.Iterations, nan)
            line $"start  {run.Spec.Label} ({run.Id}, {threads} thread(s))"

        member _.Iteration(run, iteration, lastIteration, loss) =
            running[run.Id] <- (run.Spec.Label, iteration, lastIteration, loss)
            let now = clock.ElapsedMilliseconds
            if interactive && now - Interlocked.Read &lastDraw >= 500L then
                Interlocked.Exchange(&lastDraw, now) |> ignore
                let s = status ()
                lock gate (fun () -> output.Write("\r" + (if s.Length > 160 then s.Substring(0, 160) else s.PadRight 160)))

        member _.Finished(run, runStatus, message) =
            running.TryRemove run.Id |> ignore
            Interlocked.Increment &finishedRuns |> ignore
            let what = match Option.ofNullable runStatus with Some s -> s.Name() | None -> "left to another process"
            line $"""{what,-14} {run.Spec.Label} ({run.Id}){(match message with null -> "" | m -> ": " + m)}  [{status ()}]"""

        member _.Note(message) = line message

        member _.BaselinesStarted(what, estimatedSeconds) =
            baselines[what] <- (clock.Elapsed.TotalSeconds, estimatedSeconds)
            line $"start  {what} (about {TimeSpan.FromSeconds(Math.Round estimatedSeconds):g})"

        member _.BaselinesFinished(what, result) =
            baselines.TryRemove what |> ignore
            Interlocked.Increment &finishedBaselines |> ignore
            line $"done   {what}: {result}  [{status ()}]"
