using System.Runtime.InteropServices;

namespace ReluStudy.Cli.Bench;

/// <summary>
/// Debian's OpenBLAS (libopenblas0), loaded at run time for comparison only: never a dependency of
/// the product. <see cref="TryLoad"/> returns null when the library is absent.
/// </summary>
internal sealed unsafe class OpenBlas
{
    private const int RowMajor = 101, NoTrans = 111, Trans = 112;
    private readonly delegate* unmanaged[Cdecl]<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> _sgemm;

    private OpenBlas(nint library, int threads)
    {
        _sgemm = (delegate* unmanaged[Cdecl]<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)
            NativeLibrary.GetExport(library, "cblas_sgemm");
        if (NativeLibrary.TryGetExport(library, "openblas_set_num_threads", out nint setThreads))
            ((delegate* unmanaged[Cdecl]<int, void>)setThreads)(threads);
        if (NativeLibrary.TryGetExport(library, "openblas_get_config", out nint config))
            Config = Marshal.PtrToStringAnsi(((delegate* unmanaged[Cdecl]<nint>)config)()) ?? "";
    }

    /// <summary>The library's own description (version, core kernel, threading).</summary>
    public string Config { get; } = "";

    private static readonly string[] Names = ["libopenblas.so.0", "libopenblas.so", "libopenblas"];

    public static OpenBlas? TryLoad(int threads)
    {
        foreach (string name in Names)
            if (NativeLibrary.TryLoad(name, out nint library))
                return new OpenBlas(library, threads);
        return null;
    }

    /// <summary>Whether the library can be loaded, without touching its settings (TryLoad sets its thread count).</summary>
    public static bool IsInstalled => Names.Any(name => NativeLibrary.TryLoad(name, out _));

    /// <summary>C[m×n] = op(A)·op(B), row-major, with op = transpose when asked.</summary>
    public void Sgemm(bool transA, bool transB, int m, int n, int k, float[] a, float[] b, float[] c)
    {
        fixed (float* pa = a, pb = b, pc = c)
            _sgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k,
                1f, pa, transA ? m : k, pb, transB ? k : n, 0f, pc, n);
    }
}
