using ReluStudy.Core.Platform;
namespace ReluStudy.Tests;

/// <summary>What a test needs that a machine may lack.</summary>
public enum Need
{
    /// <summary>Debian's headless Chromium at /usr/bin/chromium (.ci/run installs it).</summary>
    Chromium,
    /// <summary>The full MNIST and CIFAR-10 files ($RELUSTUDY_DATA or ../shared/data); a fresh clone has only the shipped subset.</summary>
    FullData,
    /// <summary>Root, to mount a tmpfs (CI runs as root).</summary>
    Root,
    /// <summary>python3 on the PATH, for an independent reader of the files we write.</summary>
    Python,
    /// <summary>Debian's OpenBLAS runtime (libopenblas0: libopenblas.so.0), the bench's reference; .ci/run installs it.</summary>
    OpenBlas,
    /// <summary>pdflatex with pgfplots and booktabs (Debian's texlive-latex-base, -latex-recommended, -pictures; .ci/run installs them).</summary>
    Pdflatex,
}

/// <summary>A fact that is reported skipped, with the reason, on a machine without what it needs, never passed.</summary>
public sealed class FactNeedsAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public FactNeedsAttribute(Need need)
    {
        string? missing = need switch
        {
            Need.Chromium when !File.Exists(Chromium) => $"needs {Chromium} (apt-get install chromium)",
            Need.FullData when TestPaths.FullData is null => "needs the full data sets in $RELUSTUDY_DATA (relustudy data fetch mnist and cifar10 print the folder)",
            Need.Root when Environment.UserName != "root" => "needs root to mount a tmpfs",
            Need.Python when ProgramPath.Find("python3") is null => "needs python3 on the PATH",
            Need.OpenBlas when !ReluStudy.Cli.Bench.OpenBlas.IsInstalled => "needs libopenblas.so.0 (apt-get install libopenblas0)",
            Need.Pdflatex when ProgramPath.Find(ReluStudy.Reports.Paper.Pdflatex) is null =>
                $"needs pdflatex on the PATH (apt-get install {ReluStudy.Reports.Paper.TexPackages})",
            _ => null,
        };
        if (missing is not null) Skip = missing;
    }
}
