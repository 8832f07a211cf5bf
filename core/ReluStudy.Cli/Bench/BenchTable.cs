using System.Globalization;

namespace ReluStudy.Cli.Bench;

/// <summary>The bench report as aligned text.</summary>
internal static class BenchTable
{
    public static void Write(BenchReport report, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine($"relustudy bench: {report.Machine}, {report.Threads} thread(s), kernels {report.InstructionSet} ({report.KernelBlocking})");
        output.WriteLine(string.Format(inv, "multiply-add peak, measured: {0:F1} GFLOP/s ({1} thread(s), register-only multiply-add chains)", report.FmaPeakGflops, report.Threads));
        output.WriteLine($"OpenBLAS: {report.OpenBlas ?? "not installed (apt-get install libopenblas0)"}");
        if (report.Workloads.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("GD iteration (forward + backward + update), medians of interleaved runs");
            output.WriteLine(string.Format(inv, "{0,-4} {1,5} {2,4} {3,5} {4,3} {5,10} {6,8} {7,7} {8,14} {9,14} {10,6} {11,14}",
                "", "n", "d", "m", "L", "s/iter", "GFLOP/s", "of peak", "OpenBLAS s/it", "OpenBLAS GF/s", "ratio", "peak RSS (MB)"));
            foreach (WorkloadResult w in report.Workloads)
                output.WriteLine(string.Format(inv, "{0,-4} {1,5} {2,4} {3,5} {4,3} {5,10:F4} {6,8:F1} {7,7:P0} {8,14} {9,14} {10,6} {11,14}",
                    w.Name, w.N, w.D, w.M, w.L, w.SecondsMedian, w.Gflops, w.FractionOfPeak, Optional(w.OpenBlasSecondsMedian, "F4"),
                    Optional(w.OpenBlasGflops, "F1"), Optional(w.RatioVsOpenBlas, "F3"), Optional(w.PeakRssMb, "F0")));
        }
        if (report.Gemms.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("square SGEMM C = A·B");
            output.WriteLine(string.Format(inv, "{0,-12} {1,10} {2,8} {3,7} {4,14} {5,6}", "", "seconds", "GFLOP/s", "of peak", "OpenBLAS GF/s", "ratio"));
            foreach (GemmResult g in report.Gemms)
                output.WriteLine(string.Format(inv, "{0,-12} {1,10:F4} {2,8:F1} {3,7:P0} {4,14} {5,6}",
                    g.Name, g.SecondsMedian, g.Gflops, g.FractionOfPeak, Optional(g.OpenBlasGflops, "F1"), Optional(g.RatioVsOpenBlas, "F3")));
        }
        if (report.MetricsOverhead is MetricsOverhead m)
        {
            output.WriteLine();
            output.WriteLine(string.Format(inv, "theory metrics ({0}, {1} logged rows): {2:F2} s measuring in a {3:F2} s run, overhead {4:+0.0;-0.0} %",
                m.Run, m.LoggedRows, m.MetricsSeconds, m.SecondsWithMetrics, 100 * m.Overhead));
            output.WriteLine(string.Format(inv, "  whole runs: {0:F2} s with, {1:F2} s logging only k = 0 and K ({2:+0.0;-0.0} %; machine noise included)",
                m.SecondsWithMetrics, m.SecondsWithoutMetrics, 100 * m.OverheadFromTotals));
        }
    }

    private static string Optional(double? value, string format) =>
        value is double v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
}
