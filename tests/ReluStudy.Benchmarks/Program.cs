using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/ReluStudy.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
