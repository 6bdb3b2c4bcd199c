using Apache.Arrow;
using Orasi.Connectors.S3Parquet.Reading;
using Orasi.Connectors.S3Parquet.Tests.Support;
using Orasi.Connectors.S3Parquet.Writing;
using Orasi.Connectors.Storage;
using Orasi.Connectors.Telemetry;

namespace Orasi.Connectors.S3Parquet.Tests.Reading;

public sealed class DatasetReaderTests
{
    private static async Task<(IObjectStore Store, List<RecordBatch> Batches)> WriteAsync(int rows = 6000)
    {
        var store = ObjectStoreFactory.Open($"memory://s3p-read-{Guid.NewGuid():N}");
        var batches = SpanRows.Generate(rows);
        await using var writer = new DatasetWriter(store, batches[0].Schema, new S3ParquetOptions
        {
            Target = "memory://unused",
            PartitionBy = ["service_name"],
            TimePartitionColumn = TelemetryColumnNames.Timestamp,
            RowGroupSize = 100,
            WriterId = "r",
        });
        foreach (var batch in batches)
        {
            await writer.WriteAsync(batch);
        }

        await writer.FlushAsync();
        return (store, batches);
    }

    private static List<RecordBatch> Oracle(List<RecordBatch> batches, Func<string, DateTimeOffset, long, bool> keep) =>
        batches.Select(b =>
        {
            var services = (StringArray)b.Column(TelemetryColumnNames.ServiceName);
            var ts = (TimestampArray)b.Column(TelemetryColumnNames.Timestamp);
            var durations = (Int64Array)b.Column(TelemetryColumnNames.DurationNs);
            var mask = Enumerable.Range(0, b.Length).Where(i => keep(services.GetString(i), ts.GetTimestamp(i)!.Value, durations.GetValue(i)!.Value)).ToArray();
            var builder = new Orasi.Connectors.Predicates.In("__row", mask.Select(i => (object)(long)i).DefaultIfEmpty(-1L));
            var rowIds = new Int64Array.Builder().AppendRange(Enumerable.Range(0, b.Length).Select(i => (long)i)).Build();
            var withIds = new RecordBatch(new Schema(b.Schema.FieldsList.Append(new Field("__row", Apache.Arrow.Types.Int64Type.Default, false)), null),
                Enumerable.Range(0, b.ColumnCount).Select(b.Column).Append(rowIds), b.Length);
            return builder.Filter(withIds);
        }).ToList();

    [Fact]
    public async Task Partition_filters_prune_files_and_return_exactly_the_matching_rows()
    {
        var (store, batches) = await WriteAsync();
        await using var _ = store;
        var reader = new DatasetReader(store);
        var all = (await reader.ListFilesAsync()).Count;
        var service = ((StringArray)batches[0].Column(TelemetryColumnNames.ServiceName)).GetString(0);

        var read = await SpanRows.ToListAsync(reader.ReadAsync(new ReadRequest { Filter = $"service_name = '{service}' and hour >= 2" }));

        var expected = Oracle(batches, (s, t, _) => s == service && t.Hour >= 2);
        Assert.NotEmpty(SpanRows.Fingerprints(expected));
        Assert.Equal(SpanRows.Fingerprints(expected), SpanRows.Fingerprints(read));
        Assert.True(reader.FilesPruned > 0 && reader.FilesRead < all, $"read {reader.FilesRead} of {all} files, pruned {reader.FilesPruned}");
    }

    [Fact]
    public async Task Column_filters_skip_row_groups_on_statistics_and_mixed_filters_stay_exact()
    {
        var (store, batches) = await WriteAsync();
        await using var _ = store;
        var reader = new DatasetReader(store);
        var cutoff = batches[0].Schema.GetFieldIndex(TelemetryColumnNames.Timestamp) >= 0
            ? ((TimestampArray)batches[^1].Column(TelemetryColumnNames.Timestamp)).GetTimestamp(0)!.Value
            : default;

        var read = await SpanRows.ToListAsync(reader.ReadAsync(new ReadRequest
        {
            Filter = $"timestamp >= '{cutoff.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ}' or (hour = 0 and duration_ns > 1000000)",
        }));
        var expected = Oracle(batches, (_, t, d) => t >= cutoff || (t.Hour == 0 && d > 1_000_000));
        Assert.Equal(SpanRows.Fingerprints(expected), SpanRows.Fingerprints(read));

        var skipping = new DatasetReader(store);
        var late = await SpanRows.ToListAsync(skipping.ReadAsync(new ReadRequest { Filter = $"timestamp >= '{cutoff.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ}'" }));
        Assert.Equal(SpanRows.Fingerprints(Oracle(batches, (_, t, _) => t >= cutoff)), SpanRows.Fingerprints(late));
        Assert.True(skipping.RowGroupsSkipped > 0, "expected row groups skipped on timestamp statistics");
    }

    [Fact]
    public async Task Projection_and_limit_shape_the_output()
    {
        var (store, _) = await WriteAsync(2000);
        await using var __ = store;
        var reader = new DatasetReader(store);

        var read = await SpanRows.ToListAsync(reader.ReadAsync(new ReadRequest { Columns = ["hour", "span_name", "service_name"], Limit = 777, BatchSize = 100 }));

        Assert.Equal(777, read.Sum(b => b.Length));
        Assert.All(read, b => Assert.Equal(["hour", "span_name", "service_name"], b.Schema.FieldsList.Select(f => f.Name)));
        Assert.All(read, b => Assert.True(b.Length <= 100));
        var onlyPartitions = await SpanRows.ToListAsync(reader.ReadAsync(new ReadRequest { Columns = ["year"] }));
        Assert.Equal(2000, onlyPartitions.Sum(b => b.Length));
        Assert.All(onlyPartitions, b => Assert.Equal(2026L, ((Int64Array)b.Column(0)).GetValue(0)));
        Assert.Contains("'nope'", (await Assert.ThrowsAsync<ValidationFailedException>(() => SpanRows.ToListAsync(reader.ReadAsync(new ReadRequest { Columns = ["nope"] })))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_partition_removes_only_that_partition()
    {
        var (store, batches) = await WriteAsync(3000);
        await using var _ = store;
        var reader = new DatasetReader(store);
        var before = await reader.ListPartitionsAsync();
        var victim = before[0];
        var service = victim.Values[0].Value!;

        var deleted = await reader.DeletePartitionAsync("service_name=" + service);

        var after = await reader.ListPartitionsAsync();
        Assert.Equal(before.Where(p => p.Values[0].Value == service).Sum(p => p.FileCount), deleted);
        Assert.DoesNotContain(after, p => p.Values[0].Value == service);
        var read = await SpanRows.ToListAsync(reader.ReadAsync());
        Assert.Equal(SpanRows.Fingerprints(Oracle(batches, (s, _, _) => s != service)), SpanRows.Fingerprints(read));
        await Assert.ThrowsAsync<ValidationFailedException>(() => reader.DeletePartitionAsync(""));
        await Assert.ThrowsAsync<ValidationFailedException>(() => reader.DeletePartitionAsync("not-a-partition"));
    }

    [Fact]
    public async Task An_empty_root_is_a_clear_error()
    {
        await using var store = ObjectStoreFactory.Open($"memory://s3p-empty-{Guid.NewGuid():N}");
        var ex = await Assert.ThrowsAsync<TableNotFoundException>(() => new DatasetReader(store).GetSchemaAsync());
        Assert.Contains("No Parquet data files", ex.Message, StringComparison.Ordinal);
    }
}
