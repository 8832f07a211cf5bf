using System.Diagnostics;

namespace ReluStudy.Core.Cluster;

/// <summary>The Slurm client commands ReluStudy calls: sbatch, squeue, scontrol. Each runs to completion.</summary>
public static class SlurmCommands
{
    public static bool Available(string command = "sbatch") => Platform.ProgramPath.Find(command) is not null;

    /// <summary>Runs <paramref name="command"/>; a non-zero exit is a <see cref="ClusterException"/> with its stderr.</summary>
    public static string Run(string command, IReadOnlyList<string> arguments)
    {
        if (!Available(command))
            throw new ClusterException($"{command}: must be on PATH to use Slurm; got none (run this on the cluster's login node)");
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in arguments) start.ArgumentList.Add(a);
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new ClusterException($"{command} {string.Join(" ", arguments)}: exited with {process.ExitCode}: {error.Result.Trim()}");
        return output;
    }

    /// <summary>The cluster's MaxArraySize (scontrol show config), or Slurm's default 1001.</summary>
    public static int MaxArraySize()
    {
        if (!Available("scontrol")) return 1001;
        try
        {
            foreach (string line in Run("scontrol", ["show", "config"]).Split('\n'))
            {
                string[] parts = line.Split('=', 2);
                if (parts.Length == 2 && parts[0].Trim() == "MaxArraySize" && int.TryParse(parts[1].Trim(), out int size)) return size;
            }
        }
        catch (ClusterException)
        {
            // a login node without scontrol access: the default
        }
        return 1001;
    }

    /// <summary>Array tasks Slurm still holds for these jobs: (job id, task id) → state code (PD, R, CG, ...).</summary>
    public static IReadOnlyDictionary<(string Job, int Task), string> Queue(IEnumerable<string> jobIds)
    {
        var tasks = new Dictionary<(string, int), string>();
        string[] ids = jobIds.Distinct().ToArray();
        if (ids.Length == 0 || !Available("squeue")) return tasks;
        string output;
        try
        {
            output = Run("squeue", ["-h", "-r", "-o", "%F|%K|%t", "-j", string.Join(",", ids)]);
        }
        catch (ClusterException)
        {
            return tasks; // jobs long gone make squeue fail: nothing queued
        }
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Trim().Split('|');
            if (f.Length == 3 && int.TryParse(f[1], out int task)) tasks[(f[0], task)] = f[2];
        }
        return tasks;
    }
}
