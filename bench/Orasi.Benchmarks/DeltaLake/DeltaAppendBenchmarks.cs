using Apache.Arrow;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Orasi.Connectors.DeltaLake.Operations;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;
using ParquetSharp;
using ParquetSharp.Arrow;

namespace Orasi.Benchmarks.DeltaLake;

/// <summary>
/// Appending 1M generated spans to a new local Delta table partitioned by event_date (<see cref="DeltaTableWriter"/>:
/// partition split, ns→µs timestamps, per-file statistics, commit) against ParquetSharp's raw Arrow
/// <see cref="FileWriter"/> writing the same batches to one file with the same codec. Goal: ≥ 0.9× the baseline's
/// throughput (Ratio ≤ 1.11).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class DeltaAppendBenchmarks
{
    private const int Records = 1_000_000;
    private List<RecordBatch> _batches = [];
    private string _directory = "";

    [GlobalSetup]
    public void Setup()
    {
        _batches = new TelemetryGenerator(new TelemetryGeneratorOptions { Seed = 1 }).Generate(TelemetryKind.Traces, Records).ToList();
        _directory = Directory.CreateTempSubdirectory("orasi-bench-delta-append").FullName;
    }

    [IterationCleanup]
    public void CleanIteration()
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(_directory))
        {
            if (Directory.Exists(entry))
            {
                Directory.Delete(entry, recursive: true);
            }
            else
            {
                File.Delete(entry);
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var batch in _batches)
        {
            batch.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "ParquetSharp FileWriter, one file (raw)")]
    public long RawFileWriter()
    {
        return RawParquet.Write(Path.Combine(_directory, "raw.parquet"), _batches, Compression.Snappy);
    }

    [Benchmark(Description = "DeltaTableWriter append, partitioned by event_date")]
    public async Task<long> DeltaAppend()
    {
        var result = await DeltaTableWriter.WriteAsync(Path.Combine(_directory, "delta"), _batches, new DeltaWriteOptions { PartitionBy = [TelemetrySchemas.PartitionColumn] });
        return result.BytesWritten;
    }
}
