namespace ReluStudy.Core.Numerics;

/// <summary>
/// Every eigenvalue and eigenvector of a dense symmetric matrix in float64: Householder reduction to tridiagonal
/// form, then the implicit QL algorithm with Wilkinson shifts (the EISPACK tred2/tql2 pair), O(n³). Used where a
/// whole spectrum is needed (the squared loss's closed-form prediction); Lanczos serves when only the extremes are.
/// </summary>
public sealed class SymmetricEigen
{
    /// <summary>Eigenvalues in ascending order.</summary>
    public double[] Values { get; }

    /// <summary>Eigenvectors as the rows of an n × n row-major matrix: row j belongs to Values[j].</summary>
    public double[] Vectors { get; }

    public int N { get; }

    public SymmetricEigen(ReadOnlySpan<double> a, int n)
    {
        if (a.Length != (long)n * n) throw new ArgumentException($"a.Length ({a.Length}) != n² ({(long)n * n})", nameof(a));
        N = n;
        Vectors = a.ToArray();
        Values = new double[n];
        var off = new double[n];
        Tridiagonalize(Vectors, Values, off, n);
        Transpose(Vectors, n); // the QL rotations then touch two contiguous rows
        Diagonalize(Vectors, Values, off, n);
    }

    /// <summary>Householder: A = Q T Qᵀ with T tridiagonal (diagonal d, sub-diagonal e[1..]); Q accumulated in v.</summary>
    private static void Tridiagonalize(double[] v, double[] d, double[] e, int n)
    {
        for (int j = 0; j < n; j++) d[j] = v[(long)(n - 1) * n + j];
        for (int i = n - 1; i > 0; i--)
        {
            double scale = 0, h = 0;
            for (int k = 0; k < i; k++) scale += Math.Abs(d[k]);
            if (scale == 0)
            {
                e[i] = d[i - 1];
                for (int j = 0; j < i; j++)
                {
                    d[j] = v[(long)(i - 1) * n + j];
                    v[(long)i * n + j] = 0;
                    v[(long)j * n + i] = 0;
                }
            }
            else
            {
                for (int k = 0; k < i; k++)
                {
                    d[k] /= scale;
                    h += d[k] * d[k];
                }
                double f = d[i - 1];
                double g = f > 0 ? -Math.Sqrt(h) : Math.Sqrt(h);
                e[i] = scale * g;
                h -= f * g;
                d[i - 1] = f - g;
                for (int j = 0; j < i; j++) e[j] = 0;
                for (int j = 0; j < i; j++)
                {
                    f = d[j];
                    v[(long)j * n + i] = f;
                    g = e[j] + v[(long)j * n + j] * f;
                    for (int k = j + 1; k <= i - 1; k++)
                    {
                        g += v[(long)k * n + j] * d[k];
                        e[k] += v[(long)k * n + j] * f;
                    }
                    e[j] = g;
                }
                f = 0;
                for (int j = 0; j < i; j++)
                {
                    e[j] /= h;
                    f += e[j] * d[j];
                }
                double hh = f / (h + h);
                for (int j = 0; j < i; j++) e[j] -= hh * d[j];
                for (int j = 0; j < i; j++)
                {
                    f = d[j];
                    g = e[j];
                    for (int k = j; k <= i - 1; k++) v[(long)k * n + j] -= f * e[k] + g * d[k];
                    d[j] = v[(long)(i - 1) * n + j];
                    v[(long)i * n + j] = 0;
                }
            }
            d[i] = h;
        }
        // Accumulate the transformations.
        for (int i = 0; i < n - 1; i++)
        {
            v[(long)(n - 1) * n + i] = v[(long)i * n + i];
            v[(long)i * n + i] = 1;
            double h = d[i + 1];
            if (h != 0)
            {
                for (int k = 0; k <= i; k++) d[k] = v[(long)k * n + i + 1] / h;
                for (int j = 0; j <= i; j++)
                {
                    double g = 0;
                    for (int k = 0; k <= i; k++) g += v[(long)k * n + i + 1] * v[(long)k * n + j];
                    for (int k = 0; k <= i; k++) v[(long)k * n + j] -= g * d[k];
                }
            }
            for (int k = 0; k <= i; k++) v[(long)k * n + i + 1] = 0;
        }
        for (int j = 0; j < n; j++)
        {
            d[j] = v[(long)(n - 1) * n + j];
            v[(long)(n - 1) * n + j] = 0;
        }
        v[(long)(n - 1) * n + n - 1] = 1;
        e[0] = 0;
    }

    private static void Transpose(double[] v, int n)
    {
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                (v[(long)i * n + j], v[(long)j * n + i]) = (v[(long)j * n + i], v[(long)i * n + j]);
    }

    /// <summary>Implicit QL on the tridiagonal (d, e), rotating the rows of w (the eigenvectors); sorts the pairs ascending.</summary>
    private static void Diagonalize(double[] v, double[] d, double[] e, int n)
    {
        for (int i = 1; i < n; i++) e[i - 1] = e[i];
        e[n - 1] = 0;
        double f = 0, tst1 = 0, eps = Math.Pow(2, -52);
        for (int l = 0; l < n; l++)
        {
            tst1 = Math.Max(tst1, Math.Abs(d[l]) + Math.Abs(e[l]));
            int m = l;
            while (m < n && Math.Abs(e[m]) > eps * tst1) m++;
            if (m == n) m = n - 1;
            if (m > l)
            {
                int iterations = 0;
                do
                {
                    if (++iterations > 60 * n) throw new InvalidOperationException("the QL iteration did not converge");
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2 * e[l]);
                    double r = Hypot(p, 1);
                    if (p < 0) r = -r;
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) d[i] -= h;
                    f += h;
                    p = d[m];
                    double c = 1, c2 = c, c3 = c, el1 = e[l + 1], s = 0, s2 = 0;
                    for (int i = m - 1; i >= l; i--)
                    {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = Hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        Span<double> below = v.AsSpan((int)((long)i * n), n), above = v.AsSpan((int)((long)(i + 1) * n), n);
                        for (int k = 0; k < n; k++)
                        {
                            h = above[k];
                            above[k] = s * below[k] + c * h;
                            below[k] = c * below[k] - s * h;
                        }
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                }
                while (Math.Abs(e[l]) > eps * tst1);
            }
            d[l] += f;
            e[l] = 0;
        }
        // Selection sort of the pairs, ascending.
        for (int i = 0; i < n - 1; i++)
        {
            int k = i;
            for (int j = i + 1; j < n; j++) if (d[j] < d[k]) k = j;
            if (k == i) continue;
            (d[i], d[k]) = (d[k], d[i]);
            for (int j = 0; j < n; j++) (v[(long)i * n + j], v[(long)k * n + j]) = (v[(long)k * n + j], v[(long)i * n + j]);
        }
    }

    private static double Hypot(double a, double b) => Math.Sqrt(a * a + b * b) is double h && double.IsFinite(h) ? h : double.Hypot(a, b);
}
