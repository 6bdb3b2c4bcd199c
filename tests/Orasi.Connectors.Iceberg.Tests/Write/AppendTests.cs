using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Operations;
using Orasi.Connectors.Iceberg.Scan;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Testing;
using Orasi.Testing.Postgres;
using Orasi.Testing.DuckDb;
using static Orasi.Connectors.Iceberg.Tests.Write.WriteFixtures;

namespace Orasi.Connectors.Iceberg.Tests.Write;

[Collection(PostgresServerFixture.CollectionName)]
public sealed class AppendTests(PostgresServerFixture pg)
{
    [Theory]
    [InlineData("fs", 2)]
    [InlineData("sql", 2)]
    [InlineData("pg", 2)]
    [InlineData("fs", 1)]
    public async Task Appends_round_trip_and_time_travel(string kind, int formatVersion)
    {
        using var dir = new TempDirectory("ice-append");
        await using var catalog = await OpenAsync(kind, dir, pg);
        await catalog.CreateTableAsync(Events, Schema(), formatVersion: formatVersion);
        var r1 = await catalog.AppendAsync(Events, [Batch(0, 100)]);
        var r2 = await catalog.AppendAsync(Events, [Batch(100, 50), Batch(150, 25)]);
        var r3 = await catalog.AppendAsync(Events, [Batch(175, 5)]);

        await using var table = await catalog.LoadTableAsync(Events);
        Assert.Equal(Enumerable.Range(0, 180).Select(i => (long)i), await IdsAsync(table));
        Assert.Equal(3, table.Snapshots.Count);
        Assert.Equal(r3.SnapshotId, table.CurrentSnapshot!.SnapshotId);
        Assert.Equal(r2.SnapshotId, table.CurrentSnapshot.ParentSnapshotId);
        Assert.Equal("append", table.CurrentSnapshot.Operation);
        Assert.Equal("180", table.CurrentSnapshot.Summary["total-records"]);
        Assert.Equal("5", table.CurrentSnapshot.Summary["added-records"]);
        Assert.Equal("3", table.CurrentSnapshot.Summary["total-data-files"]);
        if (formatVersion == 2)
        {
            Assert.Equal(3, table.Metadata.LastSequenceNumber);
            Assert.Equal([1L, 2L, 3L], table.Snapshots.Select(s => s.SequenceNumber));
            var entries = await table.EntriesAsync();
            Assert.Equal([1L, 2L, 3L], entries.Select(e => e.SequenceNumber).Order());
        }

        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), await IdsAsync(table, new IcebergScanOptions { SnapshotId = r1.SnapshotId }));
        Assert.Equal(175, (await IdsAsync(table, new IcebergScanOptions { SnapshotId = r2.SnapshotId })).Count);
        Assert.Equal(3, table.Metadata.MetadataLog.Count);
        Assert.Equal(3, table.Metadata.SnapshotLog.Count);

        // Predicate pushdown uses our bounds: only the first file can hold id < 10.
        var tasks = await table.PlanFilesAsync(new IcebergScanOptions { Predicate = Orasi.Connectors.Predicates.Predicate.Parse("id < 10") });
        Assert.Single(tasks);
    }

    [Fact]
    public async Task Bounds_and_counts_match_the_data_read_by_duckdb()
    {
        using var dir = new TempDirectory("ice-duck");
        await using var catalog = await OpenAsync("fs", dir);
        var spec = new PartitionSpec(0, [new PartitionField(3, 1000, "ts_day", Transform.Parse("day")), new PartitionField(1, 1001, "id_bucket", Transform.Bucket(4))]);
        await catalog.CreateTableAsync(Events, Schema(), spec);
        await catalog.AppendAsync(Events, [Batch(0, 100)]);
        await catalog.AppendAsync(Events, [Batch(100, 30)]);
        await using var table = await catalog.LoadTableAsync(Events);
        var entries = await table.EntriesAsync();
        Assert.True(entries.Count > 4);
        using var duck = new DuckDbReader();
        var total = 0L;
        foreach (var e in entries)
        {
            var f = e.DataFile;
            var lit = DuckDbReader.Literal(f.FilePath);
            Assert.Equal(f.RecordCount, duck.CountRows(f.FilePath));
            total += f.RecordCount;
            var row = duck.Query($"SELECT min(id), max(id), count(name), min(name), max(name), min(score), max(score) FROM read_parquet({lit})")[0];
            Assert.Equal(Convert.ToInt64(row[0]), (long)Conversions.FromBinary(PrimitiveType.Long, f.LowerBounds[1])!);
            Assert.Equal(Convert.ToInt64(row[1]), (long)Conversions.FromBinary(PrimitiveType.Long, f.UpperBounds[1])!);
            Assert.Equal(f.RecordCount - Convert.ToInt64(row[2]), f.NullValueCounts[2]);
            Assert.Equal(f.RecordCount, f.ValueCounts[1]);
            if (row[3] is string minName)
            {
                Assert.Equal(minName, Conversions.FromBinary(PrimitiveType.String, f.LowerBounds[2]));
                Assert.Equal((string)row[4]!, Conversions.FromBinary(PrimitiveType.String, f.UpperBounds[2]));
            }

            Assert.Equal(Convert.ToDouble(row[5]), (double)Conversions.FromBinary(PrimitiveType.Double, f.LowerBounds[4])!);
            Assert.Equal(Convert.ToDouble(row[6]), (double)Conversions.FromBinary(PrimitiveType.Double, f.UpperBounds[4])!);

            // Partition tuple matches the rows in the file.
            var day = Convert.ToInt32(duck.Query($"SELECT DISTINCT datediff('day', DATE '1970-01-01', CAST(ts AS DATE)) FROM read_parquet({lit})").Single()[0]);
            Assert.Equal(day, f.Partition[0]);
            var ids = duck.Query($"SELECT id FROM read_parquet({lit})").Select(r => Convert.ToInt64(r[0])).ToList();
            Assert.All(ids, id => Assert.Equal(f.Partition[1], Transform.Bucket(4).Apply(id, PrimitiveType.Long)));

            // The Parquet schema carries the Iceberg field ids.
            var fieldIds = duck.Query($"SELECT name, field_id FROM parquet_schema({lit}) WHERE field_id IS NOT NULL").ToDictionary(r => (string)r[0]!, r => Convert.ToInt32(r[1]));
            Assert.Equal(1, fieldIds["id"]);
            Assert.Equal(5, fieldIds["day"]);
        }

        Assert.Equal(130, total);
        Assert.Equal(Enumerable.Range(0, 130).Select(i => (long)i), await IdsAsync(table));

        // Partition pruning on the day transform.
        var tasks = await table.PlanFilesAsync(new IcebergScanOptions { Predicate = Orasi.Connectors.Predicates.Predicate.Parse("ts < '2024-01-02T00:00:00Z'") });
        Assert.True(tasks.Count < entries.Count);
        Assert.All(tasks, t => Assert.Equal(19723, t.File.Partition[0]));
    }

    [Fact]
    public async Task Long_strings_bounds_are_truncated_to_16_characters()
    {
        Assert.Equal("abcdefghijklmnop", Orasi.Connectors.Iceberg.Operations.MetricsBuilder.TruncateString("abcdefghijklmnopqrstuvwxyz"));
        Assert.Equal("abcdefghijklmnoq", Orasi.Connectors.Iceberg.Operations.MetricsBuilder.TruncateStringUpper("abcdefghijklmnopqrstuvwxyz"));
        Assert.Equal("short", Orasi.Connectors.Iceberg.Operations.MetricsBuilder.TruncateStringUpper("short"));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Objects_written_per_append_stay_constant_over_50_appends()
    {
        using var dir = new TempDirectory("ice-objects");
        await using var catalog = await OpenAsync("fs", dir);
        await catalog.CreateTableAsync(Events, Schema(), properties: new Dictionary<string, string> { ["commit.manifest.min-count-to-merge"] = "10" });
        var root = dir.Combine("warehouse", "db", "events");
        var before = CountFiles(root);
        for (var i = 0; i < 50; i++)
        {
            await catalog.AppendAsync(Events, [Batch(i * 3, 3)]);
            var after = CountFiles(root);
            Assert.InRange(after - before, 1, 5);
            before = after;
        }

        await using var table = await catalog.LoadTableAsync(Events);
        Assert.Equal(150, (await IdsAsync(table)).Count);
        Assert.Equal(150, (await IdsAsync(table)).Distinct().Count());
        Assert.True((await table.ManifestsAsync()).Count <= 10);
        Assert.Equal(50, table.Snapshots.Count);
    }

    private static int CountFiles(string root) => Directory.Exists(root) ? Directory.GetFiles(root, "*", SearchOption.AllDirectories).Length : 0;
}
