using System.Diagnostics;
using ReluStudy.Cli;
using ReluStudy.Core.Output;

namespace ReluStudy.Tests.Cli;

/// <summary>Output folders that cannot take a run: held by another process, unwritable, full.</summary>
public class OutputErrorTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => InProcessCli.Run(args);

    private static string[] Small(string outDir, params string[] extra) => InProcessCli.Small(outDir, extra);

    private static Dictionary<string, byte[]> Snapshot(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);

    [Fact]
    public void ARunHeldByAnotherProcess_Exit6_OneLine_NothingWritten()
    {
        string outDir = Path.Combine(TestPaths.TempFolder(), "run");
        using (RunLock.Acquire(outDir))
        {
            (int code, _, string err) = Run(Small(outDir));
            Assert.Equal(ExitCodes.RunLocked, code);
            Assert.Single(err.Trim().Split('\n'));
            Assert.Contains($"{outDir}: a run folder is written by one process at a time; another process holds run.lock", err);
            Assert.Equal([ResultsLayout.Lock], Directory.GetFiles(outDir).Select(Path.GetFileName));
            Assert.True(RunLock.IsHeld(outDir));
        }
        Assert.False(RunLock.IsHeld(outDir));
        Assert.Equal(ExitCodes.Ok, Run(Small(outDir)).Code); // released: the run goes ahead
    }

    [Fact]
    public void TheLockIsHeldAcrossProcesses_AndFreedWhenTheHolderIsKilled()
    {
        string outDir = Path.Combine(TestPaths.TempFolder(), "run");
        using var holder = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { typeof(Program).Assembly.Location, "train", "--data-dir", TestPaths.ShippedData, "--n", "200", "--depth", "3",
                             "--width", "256", "--iterations", "100000", "--out", outDir },
            RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        holder.OutputDataReceived += (_, _) => { };
        holder.ErrorDataReceived += (_, _) => { };
        holder.BeginOutputReadLine();
        holder.BeginErrorReadLine();
        try
        {
            var wait = Stopwatch.StartNew();
            while (!File.Exists(ResultsLayout.In(outDir, ResultsLayout.Record)) && wait.Elapsed < TimeSpan.FromMinutes(2)) Thread.Sleep(50);
            Assert.True(File.Exists(ResultsLayout.In(outDir, ResultsLayout.Record)), "the holding process never started its run");
            var e = Assert.Throws<OutputException>(() => RunLock.Acquire(outDir));
            Assert.True(e.IsLocked);
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
            holder.WaitForExit();
        }
        using RunLock mine = RunLock.Acquire(outDir); // SIGKILL left the file but not the lock
    }

    [Fact]
    public void AnOutputFolderThatCannotBeCreated_Exit5_NamesItAndTheReason()
    {
        string file = Path.Combine(TestPaths.TempFolder(), "not-a-folder");
        File.WriteAllText(file, "x");
        string outDir = Path.Combine(file, "run");
        (int code, _, string err) = Run(Small(outDir));
        Assert.Equal(ExitCodes.OutputUnusable, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains($"{outDir}: output folder must be a folder this process can create and write; got '", err);
        Assert.Equal("x", File.ReadAllText(file));
    }

    /// <summary>
    /// A real full disk: a 512 KiB tmpfs, one finished run on it, the rest filled. Needs root (CI runs as root);
    /// elsewhere the test is reported skipped.
    /// </summary>
    [FactNeeds(Need.Root)]
    public void AFullDisk_Exit5_KeepsEarlierResultsByteForByte_AndLeavesNoTemporaryFiles()
    {
        string mount = TestPaths.TempFolder();
        Assert.True(Mount(mount, "512k"), "running as root, yet a 512 KiB tmpfs could not be mounted");
        try
        {
            string earlier = Path.Combine(mount, "earlier");
            Assert.Equal(ExitCodes.Ok, Run(Small(earlier)).Code);
            Dictionary<string, byte[]> before = Snapshot(earlier);
            Fill(Path.Combine(mount, "filler"));

            (int code, _, string err) = Run(Small(Path.Combine(mount, "next"), "--checkpoint-every", "1"));
            Assert.Equal(ExitCodes.OutputUnusable, code);
            Assert.Single(err.Trim().Split('\n'));
            Assert.Contains("output folder must have free space; got 'no space left on device'", err);

            (code, _, err) = Run(Small(earlier, "--force"));
            Assert.Equal(ExitCodes.OutputUnusable, code);
            Dictionary<string, byte[]> after = Snapshot(earlier);
            Assert.Equal(before.Keys.Order(), after.Keys.Order());
            foreach ((string path, byte[] bytes) in before) Assert.Equal(bytes, after[path]);
            Assert.Empty(Directory.GetFiles(mount, "*.tmp", SearchOption.AllDirectories));
        }
        finally
        {
            Process.Start("umount", ["-l", mount])!.WaitForExit();
        }
    }

    private static bool Mount(string folder, string size)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root") return false;
        try
        {
            using Process mount = Process.Start(new ProcessStartInfo("mount", ["-t", "tmpfs", "-o", $"size={size}", "tmpfs", folder]) { RedirectStandardError = true })!;
            mount.WaitForExit();
            return mount.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no mount command
        }
    }

    private static void Fill(string path)
    {
        using var stream = new FileStream(path, FileMode.Create);
        var block = new byte[4096];
        try
        {
            while (true) { stream.Write(block); stream.Flush(); }
        }
        catch (IOException)
        {
            // full
        }
    }
}
