namespace ReluStudy.Core.Platform;

/// <summary>Where the operating system would find a program: the first folder of the PATH holding it.</summary>
public static class ProgramPath
{
    /// <summary>The program's full path, or null when no folder of the PATH holds it.</summary>
    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);
}
