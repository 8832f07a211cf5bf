/// A sweep's progress on the console: a line when a run starts or ends, and on a terminal a status line redrawn at
/// most twice a second with runs done / running / queued, the ETA and each running run's iteration.
namespace ReluStudy.Dsl

open System
open System.Collections.Concurrent
open System.Diagnostics
open System.Threading
open ReluStudy.Core.Results
open ReluStudy.Core.Studies

type ConsoleStudyProgress(plan: StudyPlan, output: IO.TextWriter, interactive: bool) =
    let clock = Stopwatch.StartNew()
    let running = ConcurrentDictionary<string, string * int * int * float>()
    let gate = obj ()
    let total = plan.Runs |> Seq.filter (fun r -> r.State <> RunState.Done) |> Seq.length
    let mutable finished = 0
    let mutable lastDraw = 0L

    let status () =
        let doneCount, runningCount = Volatile.Read &finished, running.Count
        let elapsed = clock.Elapsed.TotalSeconds
        let eta =
            if doneCount > 0 then elapsed / float doneCount * float (total - doneCount)
            else max 0.0 (plan.EstimatedSeconds - elapsed)
        let runs =
            running.Values
            |> Seq.truncate 3
            |> Seq.map (fun (label, k, last, loss) -> $"""{label} k {k}/{last}{(if Double.IsNaN loss then "" else $" loss {loss:G4}")}""")
            |> String.concat "; "
        $"done {doneCount}/{total}, running {runningCount}, queued {max 0 (total - doneCount - runningCount)}, ETA {TimeSpan.FromSeconds(Math.Round eta):g}"
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
            Interlocked.Increment &finished |> ignore
            let what = match Option.ofNullable runStatus with Some s -> s.Name() | None -> "left to another process"
            line $"""{what,-14} {run.Spec.Label} ({run.Id}){(match message with null -> "" | m -> ": " + m)}  [{status ()}]"""

        member _.Note(message) = line message
