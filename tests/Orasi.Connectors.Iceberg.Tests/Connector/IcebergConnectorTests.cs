using Apache.Arrow;
using Orasi.Connectors.Configuration;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Connector;
using Orasi.Connectors.Iceberg.Tests.Write;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;
using Orasi.Testing;

namespace Orasi.Connectors.Iceberg.Tests.Connector;

public sealed class IcebergConnectorTests
{
    [Fact]
    public async Task TelemetrySpansCreateADayPartitionedTableAndReadBack()
    {
        using var dir = new TempDirectory();
        var options = new IcebergOptions { Warehouse = dir.Combine("wh"), Namespace = "otel", Table = "traces", BatchSize = 1_000_000 };
        var generator = new TelemetryGenerator(new TelemetryGeneratorOptions { Seed = 7 });
        var expected = new List<(string Service, long Ts)>();
        await using (var connector = new IcebergConnector(options))
        {
            await connector.ConnectAsync();
            Assert.Contains("no table yet", (await connector.HealthCheckAsync()).Description, StringComparison.Ordinal);
            foreach (var batch in generator.Generate(TelemetryKind.Traces, 3_000, 1_000))
            {
                using (batch)
                {
                    var services = (StringArray)batch.Column(batch.Schema.GetFieldIndex(TelemetryColumnNames.ServiceName));
                    var ts = (TimestampArray)batch.Column(batch.Schema.GetFieldIndex(TelemetryColumnNames.Timestamp));
                    for (var i = 0; i < batch.Length; i++) expected.Add((services.GetString(i), ts.GetValue(i)!.Value / 1000));
                    await connector.WriteBatchAsync(batch);
                }
            }

            Assert.Equal(3_000, connector.PendingRows);
            await connector.FlushAsync();
            Assert.Equal(0, connector.PendingRows);
            Assert.NotNull(connector.LastCommit);
        }

        await using var catalog = new FileSystemCatalog(dir.Combine("wh"));
        await using var table = await catalog.LoadTableAsync(new TableIdentifier("otel", "traces"));
        var field = Assert.Single(table.Metadata.DefaultSpec.Fields);
        Assert.Equal("day", field.Transform.Name);
        Assert.Equal(TelemetryColumnNames.Timestamp, table.Schema.FindField(field.SourceId)!.Name);
        Assert.Equal("timestamptz", table.Schema.FindTopLevelField(TelemetryColumnNames.Timestamp)!.Type.ToString());

        await using var reader = new IcebergConnector(options);
        var actual = new List<(string, long)>();
        await foreach (var b in reader.ReadAsync(new ReadRequest { Columns = [TelemetryColumnNames.ServiceName, TelemetryColumnNames.Timestamp] }))
        {
            var services = (StringArray)b.Column(0);
            var ts = (TimestampArray)b.Column(1);
            for (var i = 0; i < b.Length; i++) actual.Add((services.GetString(i), ts.GetValue(i)!.Value));
        }

        Assert.Equal(expected.Order(), actual.Order());
        var service = expected[0].Service;
        long filtered = 0;
        await foreach (var b in reader.ReadAsync(new ReadRequest { Filter = $"service_name = '{service}'", Limit = 5 }))
        {
            filtered += b.Length;
            var services = (StringArray)b.Column(b.Schema.GetFieldIndex(TelemetryColumnNames.ServiceName));
            for (var i = 0; i < b.Length; i++) Assert.Equal(service, services.GetString(i));
        }

        Assert.Equal(Math.Min(5, expected.Count(e => e.Service == service)), filtered);
        var health = await reader.HealthCheckAsync();
        Assert.Equal(HealthState.Healthy, health.State);
        Assert.Equal(1, health.Data!["snapshots"]);
    }

    [Theory]
    [InlineData("fs")]
    [InlineData("sql")]
    public async Task BatchSizeRowsTriggerCommitsAndDisconnectCommitsTheRest(string kind)
    {
        using var dir = new TempDirectory();
        var options = new IcebergOptions
        {
            CatalogType = kind == "sql" ? IcebergCatalogType.Sql : IcebergCatalogType.Filesystem,
            CatalogUri = kind == "sql" ? $"Data Source={dir.Combine("catalog.db")}" : null,
            Warehouse = dir.Combine("wh"),
            Namespace = "db",
            Table = "events",
            BatchSize = 100,
            PartitionBy = ["bucket[4](id)"],
        };
        await using (var connector = new IcebergConnector(options))
        {
            for (var i = 0; i < 5; i++)
            {
                await connector.WriteBatchAsync(WriteFixtures.Batch(i * 50, 50));
            }

            Assert.Equal(50, connector.PendingRows);
        }

        await using var catalog = await IcebergCatalogFactory.OpenAsync(options);
        await using var table = await catalog.LoadTableAsync(options.Identifier);
        Assert.Equal(3, table.Snapshots.Count);
        Assert.Equal("bucket[4]", table.Metadata.DefaultSpec.Fields.Single().Transform.Name);
        Assert.Equal(Enumerable.Range(0, 250).Select(i => (long)i), await WriteFixtures.IdsAsync(table));
    }

    [Fact]
    public async Task WrongColumnsAreRejectedWithoutCommitting()
    {
        using var dir = new TempDirectory();
        var options = new IcebergOptions { Warehouse = dir.Combine("wh"), Table = "events" };
        await using var connector = new IcebergConnector(options);
        await connector.WriteBatchAsync(WriteFixtures.Batch(0, 10));
        await connector.FlushAsync();
        var other = new RecordBatch(new Schema.Builder().Field(f => f.Name("other").DataType(Apache.Arrow.Types.Int32Type.Default)).Build(), [new Int32Array.Builder().Append(1).Build()], 1);
        await Assert.ThrowsAsync<ValidationFailedException>(() => connector.WriteBatchAsync(other));
    }

    [Fact]
    public async Task UnreachableCatalogIsUnhealthy()
    {
        using var dir = new TempDirectory();
        var options = new IcebergOptions { CatalogType = IcebergCatalogType.Sql, CatalogUri = $"Data Source={dir.Combine("missing-dir", "x", "catalog.db")};Mode=ReadOnly", Warehouse = dir.Path, Table = "t" };
        var health = await new IcebergConnector(options).HealthCheckAsync();
        Assert.Equal(HealthState.Unhealthy, health.State);
        await Assert.ThrowsAsync<ConnectionFailedException>(() => new IcebergConnector(options).ConnectAsync());
    }

    [Fact]
    public void OptionsBindFromEnvironmentAndValidate()
    {
        var env = new Dictionary<string, string?>
        {
            ["ICEBERG_CATALOG_TYPE"] = "rest",
            ["ICEBERG_CATALOG_URI"] = "http://localhost:8181",
            ["ICEBERG_NAMESPACE"] = "otel.prod",
            ["ICEBERG_TABLE"] = "spans",
            ["ICEBERG_CREDENTIAL"] = "id:secret",
            ["ICEBERG_STORAGE_OPTIONS"] = """{"aws_region":"eu-west-1"}""",
            ["ICEBERG_PROPERTIES"] = """{"write.parquet.compression-codec":"snappy"}""",
            ["ICEBERG_PARTITION_BY"] = "day(timestamp),service_name",
            ["ICEBERG_BATCH_SIZE"] = "5000",
        };
        var options = IcebergOptions.FromConfiguration(OrasiConfiguration.Load(null, env));
        Assert.Equal(IcebergCatalogType.Rest, options.CatalogType);
        Assert.Equal(new TableIdentifier("otel.prod", "spans"), options.Identifier);
        Assert.Equal("eu-west-1", options.StorageOptions["aws_region"]);
        Assert.Equal("snappy", options.Properties["write.parquet.compression-codec"]);
        Assert.Equal(["day(timestamp)", "service_name"], options.PartitionBy);
        Assert.Equal(5000, options.BatchSize);

        var missing = Assert.Throws<ConfigurationValidationException>(() => IcebergOptions.FromConfiguration(OrasiConfiguration.Load(null, new Dictionary<string, string?> { ["ICEBERG_CATALOG_TYPE"] = "sql", ["ICEBERG_CREDENTIAL"] = "nocolon" })));
        Assert.Contains("table", missing.Message, StringComparison.Ordinal);
        Assert.Contains("catalog_uri", missing.Message, StringComparison.Ordinal);
        Assert.Contains("credential", missing.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("nocolon", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForLocationSplitsWarehouseNamespaceAndTable()
    {
        var o = IcebergOptions.ForLocation("s3://bucket/wh/db/events");
        Assert.Equal("s3://bucket/wh", o.Warehouse);
        Assert.Equal(new TableIdentifier("db", "events"), o.Identifier);
        Assert.Throws<ValidationFailedException>(() => IcebergOptions.ForLocation("s3://bucket/events"));
        Assert.Throws<ValidationFailedException>(() => IcebergOptions.ParsePartition("zorder(a)"));
        Assert.Equal(("day", "timestamp"), (IcebergOptions.ParsePartition("day(timestamp)").Transform.Name, IcebergOptions.ParsePartition("day(timestamp)").Column));
    }
}
