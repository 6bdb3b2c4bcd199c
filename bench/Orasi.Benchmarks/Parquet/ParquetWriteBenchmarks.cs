using Apache.Arrow;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Orasi.Connectors.Parquet;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;
using ParquetSharp;
using ParquetSharp.Arrow;

namespace Orasi.Benchmarks.Parquet;

/// <summary>
/// Writing 1M generated spans to a local Parquet file: our <see cref="ParquetBatchWriter"/> (which also computes
/// per-column statistics) against ParquetSharp's raw Arrow <see cref="FileWriter"/> with the same codec, row-group
/// size and dictionary settings, over the same in-memory batches. Goal: our throughput ≥ 0.95× the baseline
/// (BenchmarkDotNet's Ratio column ≤ 1.05).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 7)]
public class ParquetWriteBenchmarks
{
    private const int Records = 1_000_000;
    private List<RecordBatch> _batches = [];
    private string _directory = "";

    [Params(ParquetCompression.Snappy, ParquetCompression.Zstd)]
    public ParquetCompression Codec { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _batches = new TelemetryGenerator(new TelemetryGeneratorOptions { Seed = 1 }).Generate(TelemetryKind.Traces, Records).ToList();
        _directory = Directory.CreateTempSubdirectory("orasi-bench-parquet").FullName;
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

    [Benchmark(Baseline = true, Description = "ParquetSharp FileWriter (raw)")]
    public long RawFileWriter()
    {
        return RawParquet.Write(Path.Combine(_directory, "raw.parquet"), _batches, Codec == ParquetCompression.Zstd ? Compression.Zstd : Compression.Snappy);
    }

    [Benchmark(Description = "Orasi ParquetBatchWriter (+ statistics)")]
    public async Task<long> OrasiWriter()
    {
        var path = Path.Combine(_directory, "orasi.parquet");
        await using var writer = ParquetBatchWriter.Create(path, _batches[0].Schema, new ParquetWriteOptions { Compression = Codec });
        foreach (var batch in _batches)
        {
            await writer.WriteBatchAsync(batch);
        }

        var summary = await writer.CompleteAsync();
        return summary.BytesWritten;
    }
}
