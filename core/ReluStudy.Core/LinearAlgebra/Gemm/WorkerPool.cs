using System.Diagnostics;

namespace ReluStudy.Core.LinearAlgebra.Gemm;

/// <summary>Work split over a fixed set of workers: <see cref="Execute"/> runs once per worker index.</summary>
internal interface IParallelWork
{
    void Execute(int worker, int workers);
}

/// <summary>
/// Persistent threads for the kernels' fork–join regions. A GD iteration runs about a hundred short
/// regions, so workers spin briefly between them instead of paying a thread wake-up each time, then
/// sleep. Dispatch allocates nothing. The caller's thread is worker 0.
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    // Measured here: with 200 µs the second worker often slept through the gap between two products
    // of a small (m = 256) iteration and the iteration ran at half speed; 1 ms keeps it awake.
    private static readonly long SpinTicks = Stopwatch.Frequency / 1000;

    private readonly Thread[] _threads;
    private readonly SemaphoreSlim[] _wake;
    private readonly int[] _sleeping;
    private IParallelWork? _work;
    private int _generation;
    private int _pending;
    private Exception? _failure;
    private volatile bool _disposed;

    public WorkerPool(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "threads must be >= 1");
        Threads = threads;
        _threads = new Thread[threads - 1];
        _wake = new SemaphoreSlim[threads - 1];
        _sleeping = new int[threads - 1];
        for (int i = 0; i < _threads.Length; i++)
        {
            _wake[i] = new SemaphoreSlim(0);
            int worker = i + 1;
            _threads[i] = new Thread(() => WorkerLoop(worker)) { IsBackground = true, Name = $"relustudy-kernel-{worker}" };
            _threads[i].Start();
        }
    }

    public int Threads { get; }

    /// <summary>Runs <paramref name="work"/> on every worker and returns when all are done.</summary>
    public void Run(IParallelWork work)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Threads == 1)
        {
            work.Execute(0, 1);
            return;
        }

        _work = work;
        _failure = null;
        Volatile.Write(ref _pending, Threads - 1);
        Interlocked.Increment(ref _generation);
        for (int i = 0; i < _sleeping.Length; i++)
            if (Interlocked.Exchange(ref _sleeping[i], 0) == 1) _wake[i].Release();

        try
        {
            work.Execute(0, Threads);
        }
        finally
        {
            var spinner = new SpinWait();
            while (Volatile.Read(ref _pending) != 0) spinner.SpinOnce(sleep1Threshold: -1);
            _work = null;
        }
        if (_failure is Exception failure) throw new AggregateException("a kernel worker failed", failure);
    }

    private void WorkerLoop(int worker)
    {
        int slot = worker - 1;
        int seen = 0;
        while (true)
        {
            long spinStart = Stopwatch.GetTimestamp();
            while (Volatile.Read(ref _generation) == seen)
            {
                if (_disposed) return;
                if (Stopwatch.GetTimestamp() - spinStart < SpinTicks)
                {
                    Thread.SpinWait(16);
                    continue;
                }
                // Announce sleep, then re-check: a dispatcher that saw the flag releases the semaphore exactly once.
                Interlocked.Exchange(ref _sleeping[slot], 1);
                if (Volatile.Read(ref _generation) != seen)
                {
                    if (Interlocked.Exchange(ref _sleeping[slot], 0) == 0) _wake[slot].Wait();
                    break;
                }
                _wake[slot].Wait();
                spinStart = Stopwatch.GetTimestamp();
            }
            if (_disposed) return;
            seen = Volatile.Read(ref _generation);
            try
            {
                _work!.Execute(worker, Threads);
            }
            catch (Exception e)
            {
                _failure = e;
            }
            Interlocked.Decrement(ref _pending);
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (SemaphoreSlim wake in _wake) wake.Release();
        foreach (Thread thread in _threads) thread.Join();
        foreach (SemaphoreSlim wake in _wake) wake.Dispose();
    }
}
