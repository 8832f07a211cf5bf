using ReluStudy.Core.LinearAlgebra.Gemm;

namespace ReluStudy.Tests.LinearAlgebra;

/// <summary>The reduction block a packed-B limit leaves, and the cache size it is read from.</summary>
public class GemmBlockingTests
{
    [Theory]
    [InlineData(1024, 1024)]      // 4 MB of packed B: within 8 MB, the full block
    [InlineData(2048, 1024)]      // exactly 8 MB
    [InlineData(4096, 512)]       // 16 MB at kc 1024: halved
    [InlineData(3000, 699)]       // ⌊8 MiB / (4 B · 3000)⌋
    [InlineData(1 << 20, 256)]    // no block fits: the shortest allowed
    public void TheLimitShortensKcForWideProducts(int n, int expected)
    {
        var blocking = new GemmBlocking(ReductionBlock: 1024, RowBlock: 192, RowSweeps: true, PackedBLimit: 8L << 20);
        Assert.Equal(expected, blocking.ReductionSteps(n));
    }

    [Fact]
    public void WithoutALimitKcIsTheBlock() =>
        Assert.Equal(256, new GemmBlocking(ReductionBlock: 256, RowBlock: 192).ReductionSteps(1 << 20));

    [Theory]
    [InlineData("32768K\n", 32L << 20)]
    [InlineData("512K", 512L << 10)]
    [InlineData("1M", 1L << 20)]
    [InlineData("4096", 4096L)]
    public void SysfsCacheSizesParse(string text, long bytes) => Assert.Equal(bytes, LastLevelCache.ParseSize(text));

    [Theory]
    [InlineData("")]
    [InlineData("K")]
    [InlineData("-1K")]
    [InlineData("12 KB")]
    public void MalformedCacheSizesAreRefused(string text) => Assert.Null(LastLevelCache.ParseSize(text));
}
