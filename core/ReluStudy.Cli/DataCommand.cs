using ReluStudy.Core.CommandLine;
using ReluStudy.Core.Data;

namespace ReluStudy.Cli;

/// <summary>relustudy data fetch mnist|cifar10 [--base-url URL] [--cache DIR]; relustudy data stats [data options]</summary>
internal static class DataCommand
{
    public static readonly OptionSet Fetch = new("relustudy data fetch mnist|cifar10 [--base-url URL] [--cache DIR]",
        """
          Downloads the official files, verifies their SHA-256 and stores them atomically in the cache
          (--cache, else $RELUSTUDY_CACHE, else ~/.cache/relustudy). Train on them with --data-dir CACHE.
        """,
        [new("--base-url", "URL", "where to download from (default: the official mirrors)"), new("--cache", "DIR", "the cache folder")]);

    private static string Usage => Fetch.Usage + "\n" + DataStatsCommand.Options.Usage;

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellation)
    {
        if (args.Contains("--help") || args.Contains("-h") || args.Count == 0)
        {
            (args.Count == 0 ? stderr : stdout).WriteLine(Usage);
            return args.Count == 0 ? ExitCodes.BadOption : ExitCodes.Ok;
        }
        if (args[0] == "stats") return DataStatsCommand.Run(args.Skip(1).ToList(), stdout, stderr);
        OptionReader o = Fetch.Read(args);
        if (o.Positionals.Count != 2 || o.Positionals[0] != "fetch")
            o.Errors.Add($"data: expected 'fetch mnist|cifar10'; got '{string.Join(" ", o.Positionals)}'");
        else if (o.Positionals[1] is not ("mnist" or "cifar10"))
            o.Errors.Add($"data fetch: data set must be mnist or cifar10; got '{o.Positionals[1]}'");
        string? baseUrl = o.String("--base-url");
        if (baseUrl is not null && !(Uri.TryCreate(baseUrl, UriKind.Absolute, out Uri? uri) && uri.Scheme is "http" or "https"))
            o.Errors.Add($"--base-url: must be an absolute http(s) URL; got '{baseUrl}'");
        if (o.Failed(stderr)) return ExitCodes.BadOption;

        string cache = Path.GetFullPath(o.String("--cache") ?? DataFetcher.DefaultCache());
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(30) };
        var fetcher = new DataFetcher(http, stdout.WriteLine);
        string folder = o.Positionals[1] == "mnist"
            ? fetcher.FetchMnistAsync(cache, baseUrl, cancellation).GetAwaiter().GetResult()
            : fetcher.FetchCifarAsync(cache, baseUrl, cancellation).GetAwaiter().GetResult();
        stdout.WriteLine($"{o.Positionals[1]} is in {folder}; train on it with --data-dir {cache} (or RELUSTUDY_DATA={cache})");
        return ExitCodes.Ok;
    }
}
