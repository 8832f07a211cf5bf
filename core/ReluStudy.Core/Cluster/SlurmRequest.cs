namespace ReluStudy.Core.Cluster;

/// <summary>What each array task asks Slurm for, and how the array is submitted.</summary>
public sealed record SlurmRequest
{
    public required int Cpus { get; init; }
    public required int MemoryMb { get; init; }
    public required TimeSpan TimeLimit { get; init; }
    public string? Partition { get; init; }
    public string? Account { get; init; }
    /// <summary>Extra "#SBATCH ..." lines, as given (with or without the "#SBATCH " prefix).</summary>
    public IReadOnlyList<string> ExtraLines { get; init; } = [];
    /// <summary>At most this many tasks of the array run at once (sbatch --array=...%N).</summary>
    public int? Throttle { get; init; }
    /// <summary>The cluster's MaxArraySize (highest task index + 1); from scontrol when null.</summary>
    public int? MaxArraySize { get; init; }

    /// <summary>Slurm's time format D-HH:MM:SS.</summary>
    public string TimeText => $"{(int)TimeLimit.TotalDays}-{TimeLimit.Hours:D2}:{TimeLimit.Minutes:D2}:{TimeLimit.Seconds:D2}";

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Cpus < 1) problems.Add($"--cpus: must be >= 1; got {Cpus}");
        if (MemoryMb < 1) problems.Add($"--mem: must be >= 1 MB; got {MemoryMb}");
        if (TimeLimit < TimeSpan.FromMinutes(1)) problems.Add($"--time: must be at least one minute; got {TimeText}");
        if (Throttle is < 1) problems.Add($"--throttle: must be >= 1; got {Throttle}");
        if (MaxArraySize is < 2) problems.Add($"--max-array-size: must be >= 2; got {MaxArraySize}");
        return problems;
    }

    /// <summary>Parses D-HH:MM:SS, HH:MM:SS, MM:SS or minutes, as sbatch --time does.</summary>
    public static TimeSpan? ParseTime(string text)
    {
        string[] dayParts = text.Split('-');
        int days = 0;
        if (dayParts.Length == 2 && !int.TryParse(dayParts[0], out days)) return null;
        if (dayParts.Length > 2) return null;
        int[] parts;
        try
        {
            parts = dayParts[^1].Split(':').Select(int.Parse).ToArray();
        }
        catch (FormatException)
        {
            return null;
        }
        if (parts.Any(p => p < 0)) return null;
        TimeSpan? time = parts.Length switch
        {
            1 when dayParts.Length == 1 => TimeSpan.FromMinutes(parts[0]),
            1 => TimeSpan.FromHours(parts[0]),
            2 when dayParts.Length == 1 => new TimeSpan(0, parts[0], parts[1]),
            2 => new TimeSpan(parts[0], parts[1], 0),
            3 => new TimeSpan(parts[0], parts[1], parts[2]),
            _ => null,
        };
        return time + TimeSpan.FromDays(days);
    }
}
