using Apache.Arrow;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Orasi.Connectors.Parquet;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;
using ParquetSharp;
using ParquetSharp.Arrow;

namespace Orasi.Benchmarks.Parquet;

/// <summary>Where the time of a Parquet write goes: native encoding in each row-group mode, and statistics alone.</summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class ParquetWriteBreakdownBenchmarks
{
    private List<RecordBatch> _batches = [];
    private string _directory = "";

    [GlobalSetup]
    public void Setup()
    {
        _batches = new TelemetryGenerator(new TelemetryGeneratorOptions { Seed = 1 }).Generate(TelemetryKind.Traces, 1_000_000).ToList();
        _directory = Directory.CreateTempSubdirectory("orasi-bench-breakdown").FullName;
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    private static WriterProperties Properties() => new WriterPropertiesBuilder()
        .Compression(Compression.Snappy).EnableDictionary().EnableStatistics().MaxRowGroupLength(1_048_576).DataPagesize(1024 * 1024).Build();

    [Benchmark(Baseline = true)]
    public void RawRowGroupPerBatch()
    {
        using var properties = Properties();
        using var arrow = new ArrowWriterPropertiesBuilder().StoreSchema().Build();
        using var writer = new FileWriter(Path.Combine(_directory, "a.parquet"), _batches[0].Schema, properties, arrow);
        foreach (var batch in _batches)
        {
            writer.WriteRecordBatch(batch);
        }

        writer.Close();
    }

    [Benchmark]
    public void RawBuffered()
    {
        using var properties = Properties();
        using var arrow = new ArrowWriterPropertiesBuilder().StoreSchema().Build();
        using var writer = new FileWriter(Path.Combine(_directory, "b.parquet"), _batches[0].Schema, properties, arrow);
        foreach (var batch in _batches)
        {
            writer.WriteBufferedRecordBatch(batch);
        }

        writer.Close();
    }

    [Benchmark]
    public int StatisticsOnly()
    {
        var collector = new BatchStatisticsCollector(_batches[0].Schema);
        foreach (var batch in _batches)
        {
            collector.Add(batch);
        }

        return collector.ToStatistics().Count;
    }

    [Benchmark]
    public async Task Orasi()
    {
        await using var writer = ParquetBatchWriter.Create(Path.Combine(_directory, "c.parquet"), _batches[0].Schema);
        foreach (var batch in _batches)
        {
            await writer.WriteBatchAsync(batch);
        }

        await writer.CompleteAsync();
    }
}
