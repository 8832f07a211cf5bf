namespace ReluStudy.Core.Numerics;

/// <summary>Ordinary least squares of a straight line.</summary>
public static class LeastSquares
{
    /// <summary>y = a + b·x through the pairs (x_i, y_i): b = Σ(x−x̄)(y−ȳ)/Σ(x−x̄)², a = ȳ − b·x̄ (NaN when every x is equal).</summary>
    public static (double Intercept, double Slope) Line(IReadOnlyList<(double X, double Y)> points)
    {
        double mx = 0, my = 0;
        foreach ((double x, double y) in points)
        {
            mx += x;
            my += y;
        }
        mx /= points.Count;
        my /= points.Count;
        double sxx = 0, sxy = 0;
        foreach ((double x, double y) in points)
        {
            double dx = x - mx;
            sxx += dx * dx;
            sxy += dx * (y - my);
        }
        double slope = sxy / sxx;
        return (my - slope * mx, slope);
    }
}
