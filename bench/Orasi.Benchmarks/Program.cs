using BenchmarkDotNet.Running;

// Run all:   dotnet run -c Release --project bench/Orasi.Benchmarks -- --filter '*'
// Run one:   dotnet run -c Release --project bench/Orasi.Benchmarks -- --filter '*ParquetWrite*'
// Whole-process benches: dotnet run -c Release --project bench/Orasi.Benchmarks -- s3parquet [rows] [peakRows]
if (args is ["s3parquet", ..])
{
    return await Orasi.Benchmarks.S3Parquet.S3ParquetWriteBench.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

/// <summary>Entry point of the benchmark suites.</summary>
public partial class Program;
