/*
 * One GD iteration of the deep ReLU network, written in plain C on OpenBLAS: the second, independent
 * reference for `relustudy bench` (which times its own OpenBLAS iteration in-process). Nothing here is
 * shared with the .NET code: its own random numbers, its own loss, its own loops.
 *
 *   forward    H_l = relu(H_{l-1} W_l)                      (H_0 = X, n x d; W_l fan-in x m)
 *   loss       f_i = v . h_{L,i},  l = (1/n) sum log(1 + exp(-y_i f_i)),  v = (+1 x m/2, -1 x m/2)
 *   delta_L    (dl/df_i) v, masked by h_{L,i} > 0
 *   backward   delta_{l-1} = (delta_l W_l^T) masked by H_{l-1} > 0     (l > 1)
 *   update     G_l = H_{l-1}^T delta_l,  ||G_l||^2,  W_l -= eta G_l
 *
 * FLOPs per iteration are counted as the bench counts them: 6 n (d m + (L - 1) m^2). The products run on
 * cblas_sgemm (OpenBLAS's own threads); the elementwise passes on OpenMP over the same cores.
 *
 * usage: gd_iteration n d m L repeats   ->  one line: median seconds per iteration and GFLOP/s
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* The CBLAS prototype, declared here so that only Debian's runtime package (libopenblas0) is needed. */
enum { RowMajor = 101, NoTrans = 111, Trans = 112 };
void cblas_sgemm(int order, int transA, int transB, int m, int n, int k, float alpha, const float *a, int lda,
                 const float *b, int ldb, float beta, float *c, int ldc);
char *openblas_get_config(void);
int openblas_get_num_threads(void);

static uint64_t state = 0x9E3779B97F4A7C15ull;

static double uniform(void) /* xorshift64*, 53 bits in (0, 1) */
{
    state ^= state >> 12; state ^= state << 25; state ^= state >> 27;
    return ((state * 0x2545F4914F6CDD1Dull >> 11) + 0.5) / 9007199254740992.0;
}

static double normal(void) { return sqrt(-2 * log(uniform())) * cos(6.283185307179586 * uniform()); }

static float *floats(size_t count)
{
    float *p = aligned_alloc(64, (count * sizeof(float) + 63) / 64 * 64);
    if (!p) { fprintf(stderr, "gd_iteration: out of memory (%zu floats)\n", count); exit(3); }
    return p;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct { int n, d, m, L; float *x, *y, *v, **w, **h, *delta, *spare, *grad; } net;

static double iterate(net *t, float eta)
{
    int n = t->n, m = t->m, L = t->L;
    for (int l = 0; l < L; l++) {
        int fan = l == 0 ? t->d : m;
        const float *in = l == 0 ? t->x : t->h[l - 1];
        cblas_sgemm(RowMajor, NoTrans, NoTrans, n, m, fan, 1.f, in, fan, t->w[l], m, 0.f, t->h[l], m);
        float *h = t->h[l];
#pragma omp parallel for simd
        for (long i = 0; i < (long)n * m; i++) h[i] = h[i] > 0.f ? h[i] : 0.f;
    }

    double loss = 0;
    const float *top = t->h[L - 1];
#pragma omp parallel for reduction(+ : loss)
    for (int i = 0; i < n; i++) {
        double f = 0;
        for (int j = 0; j < m; j++) f += (double)t->v[j] * top[(long)i * m + j];
        double z = t->y[i] * f;
        loss += z > 0 ? log1p(exp(-z)) : -z + log1p(exp(z));
        double g = -t->y[i] / (1 + exp(z)) / n;
        for (int j = 0; j < m; j++) t->delta[(long)i * m + j] = top[(long)i * m + j] > 0.f ? (float)(g * t->v[j]) : 0.f;
    }

    for (int l = L - 1; l >= 0; l--) {
        int fan = l == 0 ? t->d : m;
        const float *below = l == 0 ? t->x : t->h[l - 1];
        if (l > 0) {
            cblas_sgemm(RowMajor, NoTrans, Trans, n, fan, m, 1.f, t->delta, m, t->w[l], m, 0.f, t->spare, fan);
            float *s = t->spare;
#pragma omp parallel for simd
            for (long i = 0; i < (long)n * fan; i++) s[i] = below[i] > 0.f ? s[i] : 0.f;
        }
        cblas_sgemm(RowMajor, Trans, NoTrans, fan, m, n, 1.f, below, fan, t->delta, m, 0.f, t->grad, m);
        double squares = 0;
        float *w = t->w[l], *g = t->grad;
#pragma omp parallel for simd reduction(+ : squares)
        for (long i = 0; i < (long)fan * m; i++) { squares += (double)g[i] * g[i]; w[i] -= eta * g[i]; }
        if (!isfinite(squares)) { fprintf(stderr, "gd_iteration: ||G_%d||^2 is not finite\n", l + 1); exit(4); }
        float *swap = t->delta; t->delta = t->spare; t->spare = swap;
    }
    return loss / n;
}

int main(int argc, char **argv)
{
    if (argc != 6) { fprintf(stderr, "usage: gd_iteration n d m L repeats\n"); return 2; }
    net t = { atoi(argv[1]), atoi(argv[2]), atoi(argv[3]), atoi(argv[4]) };
    int repeats = atoi(argv[5]);
    if (t.n < 1 || t.d < 1 || t.m < 2 || t.m % 2 || t.L < 1 || repeats < 1) {
        fprintf(stderr, "gd_iteration: n, d, L, repeats must be >= 1 and m even; got %s %s %s %s %s\n",
                argv[1], argv[2], argv[3], argv[4], argv[5]);
        return 2;
    }
    int n = t.n, d = t.d, m = t.m, L = t.L;

    /* n Gaussian points on the unit sphere, labels alternating; He initialisation N(0, 2/m). */
    t.x = floats((size_t)n * d);
    t.y = floats(n);
    for (int i = 0; i < n; i++) {
        double squares = 0;
        for (int j = 0; j < d; j++) { double z = normal(); t.x[(long)i * d + j] = (float)z; squares += z * z; }
        for (int j = 0; j < d; j++) t.x[(long)i * d + j] /= (float)sqrt(squares);
        t.y[i] = i % 2 ? -1.f : 1.f;
    }
    t.v = floats(m);
    for (int j = 0; j < m; j++) t.v[j] = j < m / 2 ? 1.f : -1.f;
    t.w = malloc(L * sizeof(float *));
    t.h = malloc(L * sizeof(float *));
    for (int l = 0; l < L; l++) {
        int fan = l == 0 ? d : m;
        t.w[l] = floats((size_t)fan * m);
        for (long i = 0; i < (long)fan * m; i++) t.w[l][i] = (float)(sqrt(2.0 / m) * normal());
        t.h[l] = floats((size_t)n * m);
    }
    int widest = d > m ? d : m;
    t.delta = floats((size_t)n * widest);
    t.spare = floats((size_t)n * widest);
    t.grad = floats((size_t)widest * m);

    /* Two warm-up iterations (threads started, pages touched), then the timed ones. */
    const float eta = 1e-3f;
    double first = iterate(&t, eta), last = iterate(&t, eta);
    double *seconds = malloc(repeats * sizeof(double));
    for (int r = 0; r < repeats; r++) {
        double start = now();
        last = iterate(&t, eta);
        seconds[r] = now() - start;
    }
    qsort(seconds, repeats, sizeof(double), by_value);
    double median = repeats % 2 ? seconds[repeats / 2] : (seconds[repeats / 2 - 1] + seconds[repeats / 2]) / 2;
    double flops = 6.0 * n * ((double)d * m + (L - 1.0) * m * m);
    printf("n=%d d=%d m=%d L=%d: %.4f s/iter, %.1f GFLOP/s (median of %d; loss %.6f -> %.6f; %d OpenBLAS threads; %s)\n",
           n, d, m, L, median, flops / median / 1e9, repeats, first, last, openblas_get_num_threads(), openblas_get_config());
    return 0;
}
