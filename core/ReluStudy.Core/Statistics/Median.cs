namespace ReluStudy.Core.Statistics;

/// <summary>The sample median: the middle value, or the mean of the two middle values of an even count.</summary>
public static class Median
{
    public static double Of(IEnumerable<double> values)
    {
        double[] s = values.Order().ToArray();
        if (s.Length == 0) throw new ArgumentException("the median of no values is undefined", nameof(values));
        int h = s.Length / 2;
        return s.Length % 2 == 1 ? s[h] : (s[h - 1] + s[h]) / 2;
    }
}
