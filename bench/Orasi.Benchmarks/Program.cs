using BenchmarkDotNet.Running;

// Run all:   dotnet run -c Release --project bench/Orasi.Benchmarks -- --filter '*'
// Run one:   dotnet run -c Release --project bench/Orasi.Benchmarks -- --filter '*ParquetWrite*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point of the benchmark suites.</summary>
public partial class Program;
