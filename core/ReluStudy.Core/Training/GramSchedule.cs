namespace ReluStudy.Core.Training;

/// <summary>
/// When the kernels are measured during training (the deep network's Θ̂(k), the two-layer model's H(k)): at k = 0,
/// the powers of 2 and the last iteration, or every <c>every</c>-th iteration and the last. Both models use this.
/// </summary>
public static class TangentKernelSchedule
{
    public static bool Includes(int? every, int k, int last) =>
        k == 0 || k == last || (every is int g ? k % g == 0 : (k & (k - 1)) == 0);

    public static string Describe(int? every) => every is int g ? $"every {g}" : "k = 0, powers of 2, last";
}
