using ReluStudy.Core.Training;

namespace ReluStudy.Tests.Training;

/// <summary>The packed on/off bits against a plain count of sign changes.</summary>
public class ActivationPatternTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 9)]      // 63 units: no full 64-bit word
    [InlineData(33, 70)]    // full words and a tail
    public void CountChangedEqualsTheNumberOfUnitsWhoseSignFlipped(int rows, int width)
    {
        var rng = new Random(rows * width);
        float[] Draw() => Enumerable.Range(0, rows * width).Select(_ => rng.Next(3) switch { 0 => 0f, 1 => -1f, _ => (float)rng.NextDouble() + 0.1f }).ToArray();
        float[] before = Draw(), after = Draw();
        var patterns = new ActivationPatterns([width, 4], rows);
        patterns.Capture([before, new float[rows * 4]]);

        long expected = before.Zip(after).Count(p => (p.First > 0) != (p.Second > 0));
        Assert.Equal(expected, patterns.CountChanged([after, new float[rows * 4]], 0));
        Assert.Equal(0, patterns.CountChanged([before, new float[rows * 4]], 0));
    }
}
