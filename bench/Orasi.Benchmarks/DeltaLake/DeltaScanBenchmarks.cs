using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using DuckDB.NET.Data;
using Orasi.Connectors.DeltaLake;
using Orasi.Connectors.DeltaLake.Operations;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;

namespace Orasi.Benchmarks.DeltaLake;

/// <summary>
/// Full scan (every column, all rows decoded) of a 1M-span Delta table partitioned by event_date: our
/// <see cref="DeltaSnapshot.ScanAsync"/> (log replay + Parquet → Arrow batches with partition values) against DuckDB
/// materialising <c>read_parquet</c> over the same data files into a temporary table. Goal: ≥ 0.8× DuckDB's
/// throughput (Ratio ≤ 1.25).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class DeltaScanBenchmarks
{
    private const int Records = 1_000_000;
    private string _directory = "";
    private string _table = "";
    private string _fileList = "";
    private DuckDBConnection? _duck;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("orasi-bench-delta-scan").FullName;
        _table = Path.Combine(_directory, "traces");
        var batches = new TelemetryGenerator(new TelemetryGeneratorOptions { Seed = 1 }).Generate(TelemetryKind.Traces, Records).ToList();
        DeltaTableWriter.WriteAsync(_table, batches, new DeltaWriteOptions { PartitionBy = [TelemetrySchemas.PartitionColumn] }).GetAwaiter().GetResult();
        batches.ForEach(b => b.Dispose());
        var snapshot = DeltaTable.OpenAsync(_table).GetAwaiter().GetResult().GetSnapshotAsync().GetAwaiter().GetResult();
        _fileList = "[" + string.Join(", ", snapshot.Files.Select(f => "'" + Path.Combine(_table, DeltaPaths.DecodeRelative(f.Path)).Replace("'", "''", StringComparison.Ordinal) + "'")) + "]";
        _duck = new DuckDBConnection("DataSource=:memory:");
        _duck.Open();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _duck?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "DuckDB read_parquet → temp table (all columns)")]
    public long DuckDb()
    {
        using var command = _duck!.CreateCommand();
        command.CommandText = $"create or replace temp table scan as select * from read_parquet({_fileList}, hive_partitioning = true)";
        command.ExecuteNonQuery();
        command.CommandText = "select count(*) from scan";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    [Benchmark(Description = "DeltaSnapshot.ScanAsync (all columns)")]
    public async Task<long> OrasiScan()
    {
        await using var table = await DeltaTable.OpenAsync(_table);
        var snapshot = await table.GetSnapshotAsync();
        long rows = 0;
        await foreach (var batch in snapshot.ScanAsync())
        {
            rows += batch.Length;
            batch.Dispose();
        }

        return rows;
    }
}
