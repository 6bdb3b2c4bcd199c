using Apache.Arrow;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Operations;
using Orasi.Connectors.Iceberg.Scan;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Predicates;
using Orasi.Testing;
using Orasi.Testing.Postgres;
using static Orasi.Connectors.Iceberg.Tests.Write.WriteFixtures;

namespace Orasi.Connectors.Iceberg.Tests.Write;

[Collection(PostgresServerFixture.CollectionName)]
public sealed class OperationTests(PostgresServerFixture pg)
{
    [Theory]
    [InlineData("fs")]
    [InlineData("sql")]
    [InlineData("pg")]
    public async Task Delete_and_overwrite_are_copy_on_write(string kind)
    {
        using var dir = new TempDirectory("ice-cow");
        await using var catalog = await OpenAsync(kind, dir, pg);
        await catalog.CreateTableAsync(Events, Schema());
        await catalog.AppendAsync(Events, [Batch(0, 100)]);
        await catalog.AppendAsync(Events, [Batch(100, 100)]);
        await catalog.AppendAsync(Events, [Batch(200, 100)]);

        // Fully matches file 2, partially matches file 1, misses file 3.
        var del = await catalog.DeleteAsync(Events, Predicate.Parse("id >= 50 and id < 200"));
        Assert.Equal(2, del.DeletedFiles.Count);
        Assert.Single(del.AddedFiles);
        Assert.Equal(50, del.AddedFiles[0].RecordCount);
        await using (var t = await catalog.LoadTableAsync(Events))
        {
            Assert.Equal(Enumerable.Range(0, 50).Concat(Enumerable.Range(200, 100)).Select(i => (long)i), await IdsAsync(t));
            Assert.Equal("overwrite", t.CurrentSnapshot!.Operation);
            Assert.Equal("150", t.CurrentSnapshot.Summary["total-records"]);
            Assert.Equal("200", t.CurrentSnapshot.Summary["deleted-records"]); // records of the removed files, as Iceberg counts them
            Assert.Equal("50", t.CurrentSnapshot.Summary["added-records"]);
        }

        var noop = await catalog.DeleteAsync(Events, Predicate.Parse("id > 100000"));
        Assert.Null(noop.SnapshotId);

        var full = await catalog.DeleteAsync(Events, Predicate.Parse("id >= 200"));
        Assert.Empty(full.AddedFiles);
        await using (var t = await catalog.LoadTableAsync(Events))
        {
            Assert.Equal("delete", t.CurrentSnapshot!.Operation);
            Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), await IdsAsync(t));
        }

        await catalog.OverwriteAsync(Events, Predicate.Parse("id < 10"), [Batch(1000, 5)]);
        await using (var t = await catalog.LoadTableAsync(Events))
        {
            Assert.Equal(Enumerable.Range(10, 40).Concat(Enumerable.Range(1000, 5)).Select(i => (long)i), await IdsAsync(t));
            Assert.Equal("overwrite", t.CurrentSnapshot!.Operation);
        }

        await catalog.OverwriteAsync(Events, null, [Batch(5000, 3)]);
        await using (var t = await catalog.LoadTableAsync(Events))
        {
            Assert.Equal([5000L, 5001L, 5002L], await IdsAsync(t));
            Assert.Equal(7, t.Snapshots.Count);
        }
    }

    [Theory]
    [InlineData("sql")]
    [InlineData("pg")]
    [InlineData("fs")]
    public async Task Schema_evolution_reads_old_files_by_field_id(string kind)
    {
        using var dir = new TempDirectory("ice-schema");
        await using var catalog = await OpenAsync(kind, dir, pg);
        var schema = new IcebergSchema(0, [new NestedField(1, "id", true, PrimitiveType.Int), new NestedField(2, "v", false, PrimitiveType.Float), new NestedField(3, "gone", false, PrimitiveType.String)]);
        await catalog.CreateTableAsync(Events, schema);
        await catalog.AppendAsync(Events, [IntBatch(schema, 0, 10)]);

        await catalog.UpdateSchemaAsync(Events, s => s
            .RenameColumn("v", "value")
            .UpdateColumnType("id", PrimitiveType.Long)
            .UpdateColumnType("value", PrimitiveType.Double)
            .DeleteColumn("gone")
            .AddColumn("gone", PrimitiveType.String)
            .AddColumn("note", PrimitiveType.String)
            .MakeOptional("id"));
        await using var table = await catalog.LoadTableAsync(Events);
        Assert.Equal(1, table.Metadata.CurrentSchemaId);
        Assert.Equal(5, table.Metadata.LastColumnId);
        Assert.Equal(["id", "value", "gone", "note"], table.Schema.Fields.Select(f => f.Name));
        Assert.Equal([1, 2, 4, 5], table.Schema.Fields.Select(f => f.Id));

        var batches = new List<RecordBatch>();
        await foreach (var b in table.ScanAsync()) batches.Add(b);
        var batch = Assert.Single(batches);
        Assert.Equal(10, batch.Length);
        Assert.IsType<Int64Array>(batch.Column(0));
        Assert.Equal(4.5, ((DoubleArray)batch.Column(1)).GetValue(9));
        Assert.Equal(10, batch.Column(2).NullCount); // the re-added "gone" is a new field id: old values are not resurrected
        Assert.Equal(10, batch.Column(3).NullCount);

        // Old snapshot keeps its schema.
        var old = new List<RecordBatch>();
        await foreach (var b in table.ScanAsync(new IcebergScanOptions { SnapshotId = table.Snapshots[0].SnapshotId })) old.Add(b);
        Assert.Equal("v", old[0].Schema.FieldsList[1].Name);
        Assert.Equal("s9", ((StringArray)old[0].Column(2)).GetString(9));

        await Assert.ThrowsAsync<ValidationFailedException>(() => catalog.UpdateSchemaAsync(Events, s => s.UpdateColumnType("value", PrimitiveType.Float)));
        await Assert.ThrowsAsync<ValidationFailedException>(() => catalog.UpdateSchemaAsync(Events, s => s.AddColumn("note", PrimitiveType.Int)));
    }

    [Fact]
    public async Task Partition_evolution_keeps_old_files_under_their_spec()
    {
        using var dir = new TempDirectory("ice-spec");
        await using var catalog = await OpenAsync("fs", dir);
        await catalog.CreateTableAsync(Events, Schema());
        await catalog.AppendAsync(Events, [Batch(0, 48)]);
        await catalog.UpdateSpecAsync(Events, s => s.AddField("ts", Transform.Parse("day")).AddField("name", Transform.Truncate(4)));
        await catalog.AppendAsync(Events, [Batch(48, 48)]);
        await using var table = await catalog.LoadTableAsync(Events);
        Assert.Equal(1, table.Metadata.DefaultSpecId);
        Assert.Equal(1001, table.Metadata.LastPartitionId);
        var entries = await table.EntriesAsync();
        Assert.Single(entries, e => e.DataFile.SpecId == 0);
        Assert.All(entries.Where(e => e.DataFile.SpecId == 1), e => Assert.Equal(2, e.DataFile.Partition.Count));
        Assert.Equal(Enumerable.Range(0, 96).Select(i => (long)i), await IdsAsync(table));
        var day3 = await IdsAsync(table, new IcebergScanOptions { Predicate = Predicate.Parse("ts >= '2024-01-03T00:00:00Z' and ts < '2024-01-04T00:00:00Z'") });
        Assert.Equal(Enumerable.Range(48, 24).Select(i => (long)i), day3);

        await catalog.UpdateSpecAsync(Events, s => s.RemoveField("ts_day"));
        await catalog.AppendAsync(Events, [Batch(96, 4)]);
        await using var t2 = await catalog.LoadTableAsync(Events);
        Assert.Equal(100, (await IdsAsync(t2)).Count);
        Assert.Equal(2, t2.Metadata.DefaultSpecId);
    }

    [Theory]
    [InlineData("sql")]
    [InlineData("pg")]
    [InlineData("fs")]
    public async Task Refs_rollback_properties_and_expire(string kind)
    {
        using var dir = new TempDirectory("ice-refs");
        await using var catalog = await OpenAsync(kind, dir, pg);
        await catalog.CreateTableAsync(Events, Schema());
        var s1 = (await catalog.AppendAsync(Events, [Batch(0, 10)])).SnapshotId!.Value;
        await catalog.SetTagAsync(Events, "v1");
        var s2 = (await catalog.AppendAsync(Events, [Batch(10, 10)])).SnapshotId!.Value;
        await catalog.SetBranchAsync(Events, "audit", s2);
        await catalog.DeleteAsync(Events, Predicate.Parse("id < 5"));
        await catalog.UpdatePropertiesAsync(Events, new Dictionary<string, string> { ["owner"] = "orasi", ["x"] = "1" }, ["x"]);

        await using (var t = await catalog.LoadTableAsync(Events))
        {
            Assert.Equal(15, (await IdsAsync(t)).Count);
            Assert.Equal(10, (await IdsAsync(t, new IcebergScanOptions { Ref = "v1" })).Count);
            Assert.Equal(20, (await IdsAsync(t, new IcebergScanOptions { Ref = "audit" })).Count);
            Assert.Equal("tag", t.Metadata.Refs["v1"].Type);
            Assert.Equal("orasi", t.Metadata.Properties["owner"]);
            Assert.False(t.Metadata.Properties.ContainsKey("x"));
        }

        await catalog.RollbackToAsync(Events, s2);
        await using (var t = await catalog.LoadTableAsync(Events))
        {
            Assert.Equal(s2, t.CurrentSnapshot!.SnapshotId);
            Assert.Equal(20, (await IdsAsync(t)).Count);
        }

        await catalog.RemoveRefAsync(Events, "audit");
        await catalog.RemoveRefAsync(Events, "v1");
        // Expire everything but main's head (s2): s1 and the delete snapshot go; the file s1 added is still used by s2.
        var expired = await catalog.ExpireSnapshotsAsync(Events, DateTimeOffset.UtcNow.AddMinutes(1));
        await using (var t = await catalog.LoadTableAsync(Events))
        {
            Assert.Equal([s2], t.Snapshots.Select(s => s.SnapshotId));
            Assert.Equal(20, (await IdsAsync(t)).Count);
        }

        Assert.Contains(expired.PurgedFiles, f => f.EndsWith(".parquet", StringComparison.Ordinal)); // the rewrite of the delete
        Assert.Contains(expired.PurgedFiles, f => f.Contains("/snap-", StringComparison.Ordinal));
        Assert.All(expired.PurgedFiles, f => Assert.False(File.Exists(f)));
        Assert.Equal(2, Directory.GetFiles(dir.Path, "*.parquet", SearchOption.AllDirectories).Length);
    }

    private static RecordBatch IntBatch(IcebergSchema schema, int start, int count)
    {
        var ids = new Int32Array.Builder();
        var vs = new FloatArray.Builder();
        var ss = new StringArray.Builder();
        for (var i = start; i < start + count; i++)
        {
            ids.Append(i);
            vs.Append(i * 0.5f);
            ss.Append("s" + i);
        }

        return new RecordBatch(schema.ToArrowSchema(), [ids.Build(), vs.Build(), ss.Build()], count);
    }
}
