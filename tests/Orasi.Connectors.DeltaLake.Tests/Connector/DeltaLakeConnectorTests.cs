using Apache.Arrow;
using Orasi.Connectors.DeltaLake.Connector;
using Orasi.Connectors.DeltaLake.Operations;
using Orasi.Connectors.Storage;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;
using Orasi.Testing;
using static Orasi.Connectors.DeltaLake.Tests.Operations.DeltaTestTables;

namespace Orasi.Connectors.DeltaLake.Tests.Connector;

public sealed class DeltaLakeConnectorTests : IDisposable
{
    private readonly TempDirectory _dir = new("delta-conn");

    public void Dispose() => _dir.Dispose();

    private DeltaLakeConnector Connector(string name = "t", Action<DeltaLakeOptions>? configure = null)
    {
        var options = new DeltaLakeOptions { TablePath = _dir.Combine(name), BatchSize = 1_000_000 };
        configure?.Invoke(options);
        return new DeltaLakeConnector(options);
    }

    private static async Task<long> CountAsync(IRecordBatchSource source, ReadRequest? request = null)
    {
        long rows = 0;
        await foreach (var batch in source.ReadAsync(request))
        {
            rows += batch.Length;
        }

        return rows;
    }

    [Fact]
    public async Task TelemetryLandsPartitionedByEventDateAndReadsBack()
    {
        var generator = new TelemetryGenerator(new TelemetryGeneratorOptions { Seed = 7 });
        await using (var sink = Connector())
        {
            await sink.ConnectAsync();
            Assert.False(Directory.Exists(_dir.Combine("t", "_delta_log")), "connect must not create anything");
            foreach (var batch in generator.Generate(TelemetryKind.Traces, 5_000, 1_000))
            {
                using (batch)
                {
                    await sink.WriteBatchAsync(batch); // the batch is disposed right after: the connector must not keep it
                }
            }

            Assert.False(Directory.Exists(_dir.Combine("t", "_delta_log")), "nothing is committed before the flush");
            await sink.FlushAsync();
            Assert.Equal(0, sink.TableVersion);
            Assert.Equal(5_000, sink.LastCommit!.RowsWritten);
        }

        await using var table = await DeltaTable.OpenAsync(_dir.Combine("t"));
        var snapshot = await table.GetSnapshotAsync();
        Assert.Equal(["event_date"], snapshot.PartitionColumns);
        Assert.All(snapshot.Files, f => Assert.StartsWith("event_date=", f.Path, StringComparison.Ordinal));

        await using var source = Connector();
        await source.ConnectAsync();
        Assert.Equal(5_000, await CountAsync(source));
        var schema = await source.GetSchemaAsync(new ReadRequest { Columns = ["service_name", "duration_ns"] });
        Assert.Equal(["service_name", "duration_ns"], schema.FieldsList.Select(f => f.Name));

        // Filter + projection + limit, checked against the generator's own data.
        var expected = generator.Generate(TelemetryKind.Traces, 5_000, 1_000)
            .SelectMany(b => Enumerable.Range(0, b.Length).Select(i => (
                Status: ((StringArray)b.Column("status_code")).GetString(i),
                Duration: ((Int64Array)b.Column("duration_ns")).GetValue(i)!.Value)))
            .Where(r => r.Status == "STATUS_CODE_ERROR")
            .Select(r => r.Duration)
            .Order()
            .ToList();
        Assert.NotEmpty(expected);
        var actual = new List<long>();
        await foreach (var batch in source.ReadAsync(new ReadRequest { Columns = ["duration_ns"], Filter = "status_code = 'STATUS_CODE_ERROR'" }))
        {
            Assert.Equal(1, batch.ColumnCount);
            var durations = (Int64Array)batch.Column(0);
            actual.AddRange(Enumerable.Range(0, batch.Length).Select(i => durations.GetValue(i)!.Value));
        }

        Assert.Equal(expected, actual.Order().ToList());
        Assert.Equal(10, await CountAsync(source, new ReadRequest { Limit = 10 }));
    }

    [Fact]
    public async Task CommitsEveryBatchSizeRowsAndOnDisconnect()
    {
        await using var sink = Connector("b", o => o.BatchSize = 100);
        await sink.ConnectAsync();
        for (var i = 0; i < 5; i++)
        {
            await sink.WriteBatchAsync(Batch(i * 50, 50));
        }

        Assert.Equal(1, sink.TableVersion); // 100 → v0, 200 → v1; 50 rows pending
        await sink.DisconnectAsync();
        Assert.Equal(2, sink.TableVersion);
        await using var store = ObjectStoreFactory.Open(_dir.Combine("b"));
        var (state, rows) = await ReadAllAsync(store);
        Assert.Equal(2, state.Version);
        Assert.Equal(Enumerable.Range(0, 250).Select(i => (long)i), rows.Select(r => (long)r["id"]!).Order());
        Assert.Empty(state.Metadata.PartitionColumns); // not telemetry, no partition_by: unpartitioned
    }

    [Fact]
    public async Task ByteBudgetTriggersCommit()
    {
        await using var sink = Connector("bytes", o => o.BufferBytes = 1);
        await sink.ConnectAsync();
        await sink.WriteBatchAsync(Batch(0, 10));
        await sink.WriteBatchAsync(Batch(10, 10));
        Assert.Equal(1, sink.TableVersion);
    }

    [Fact]
    public async Task OverwriteModeReplacesRowsOnceThenAppends()
    {
        await using (var first = Connector("o"))
        {
            await first.ConnectAsync();
            await first.WriteBatchAsync(Batch(0, 30));
        }

        await using (var second = Connector("o", o => { o.Mode = DeltaWriteMode.Overwrite; o.BatchSize = 10; }))
        {
            await second.ConnectAsync();
            await second.WriteBatchAsync(Batch(100, 10)); // overwrite
            await second.WriteBatchAsync(Batch(200, 10)); // append
        }

        await using var store = ObjectStoreFactory.Open(_dir.Combine("o"));
        var (_, rows) = await ReadAllAsync(store);
        Assert.Equal(Enumerable.Range(100, 10).Concat(Enumerable.Range(200, 10)).Select(i => (long)i), rows.Select(r => (long)r["id"]!).Order());
    }

    [Fact]
    public async Task AppIdRecordsIncreasingTransactionVersionsAcrossConnections()
    {
        for (var run = 0; run < 2; run++)
        {
            await using var sink = Connector("txn", o => { o.AppId = "ingest"; o.BatchSize = 5; });
            await sink.ConnectAsync();
            await sink.WriteBatchAsync(Batch(run * 100, 5));
            await sink.WriteBatchAsync(Batch(run * 100 + 5, 5));
        }

        await using var store = ObjectStoreFactory.Open(_dir.Combine("txn"));
        var (state, rows) = await ReadAllAsync(store);
        Assert.Equal(3, state.Transactions["ingest"].Version); // versions 0,1 then 2,3
        Assert.Equal(20, rows.Count);
    }

    [Fact]
    public async Task SchemaMismatchFailsWithoutCommittingAndTheConnectorRecovers()
    {
        await using var sink = Connector("s", o => o.BatchSize = 10);
        await sink.ConnectAsync();
        await sink.WriteBatchAsync(Batch(0, 10));
        var other = new RecordBatch(new Schema.Builder().Field(new Field("x", Apache.Arrow.Types.Int32Type.Default, false)).Build(),
            [new Int32Array.Builder().Append(1).Build()], 1);
        await Assert.ThrowsAsync<ValidationFailedException>(() => sink.WriteBatchAsync(other));
        Assert.Equal(0, sink.TableVersion);
        await sink.WriteBatchAsync(Batch(10, 10));
        Assert.Equal(1, sink.TableVersion);
        var files = Directory.GetFiles(_dir.Combine("s"), "*.parquet", SearchOption.TopDirectoryOnly);
        await using var store = ObjectStoreFactory.Open(_dir.Combine("s"));
        var (state, _) = await ReadAllAsync(store);
        Assert.Equal(state.Files.Count, files.Length); // the failed write left no orphan data file
    }

    [Fact]
    public async Task WritingBeforeConnectIsAnError()
    {
        await using var sink = Connector();
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => sink.WriteBatchAsync(Batch(0, 1)));
        Assert.Contains("ConnectAsync", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadingWithoutTableIsTableNotFound()
    {
        await using var source = Connector("none");
        await source.ConnectAsync();
        await Assert.ThrowsAsync<TableNotFoundException>(() => CountAsync(source));
    }

    [Fact]
    public async Task HealthReportsNoTableThenVersion()
    {
        await using var connector = Connector("h", o => o.BatchSize = 10);
        var before = await connector.HealthCheckAsync();
        Assert.Equal(HealthState.Healthy, before.State);
        Assert.Contains("no table yet", before.Description, StringComparison.Ordinal);

        await connector.ConnectAsync();
        await connector.WriteBatchAsync(Batch(0, 10));
        var after = await connector.HealthCheckAsync();
        Assert.Equal(HealthState.Healthy, after.State);
        Assert.Equal(0L, after.Data!["version"]);
        Assert.Contains("version 0", after.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthIsUnhealthyWhenStorageIsUnreachableOrLogIsCorrupt()
    {
        var unreachable = new DeltaLakeConnector(new DeltaLakeOptions
        {
            TablePath = "s3://bucket/table",
            StorageOptions = new() { ["aws_endpoint"] = "http://127.0.0.1:9", ["aws_allow_http"] = "true", ["aws_access_key_id"] = "k", ["aws_secret_access_key"] = "SECRET", ["aws_region"] = "us-east-1", ["max_retries"] = "0" },
        });
        await using (unreachable)
        {
            var status = await unreachable.HealthCheckAsync();
            Assert.Equal(HealthState.Unhealthy, status.State);
            Assert.DoesNotContain("SECRET", status.Description, StringComparison.Ordinal);
            await Assert.ThrowsAnyAsync<ConnectorException>(() => unreachable.ConnectAsync());
        }

        File.WriteAllText(_dir.Combine("file-not-dir"), "x");
        await using (var underFile = Connector("file-not-dir/t"))
        {
            Assert.Equal(HealthState.Unhealthy, (await underFile.HealthCheckAsync()).State);
        }

        Directory.CreateDirectory(_dir.Combine("corrupt", "_delta_log"));
        File.WriteAllText(_dir.Combine("corrupt", "_delta_log", "00000000000000000000.json"), "{not json");
        await using var corrupt = Connector("corrupt");
        Assert.Equal(HealthState.Unhealthy, (await corrupt.HealthCheckAsync()).State);
    }

    [Fact]
    public async Task ConnectorHealthCheckAdapterMapsTheStatus()
    {
        await using var connector = Connector("adapter");
        var result = await new ConnectorHealthCheck(connector).CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext());
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, result.Status);
    }
}
