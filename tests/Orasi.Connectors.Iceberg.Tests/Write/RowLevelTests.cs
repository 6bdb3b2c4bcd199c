using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Operations;
using Orasi.Connectors.Iceberg.Scan;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Predicates;
using Orasi.Testing;
using Orasi.Testing.DuckDb;
using static Orasi.Connectors.Iceberg.Tests.Write.WriteFixtures;

namespace Orasi.Connectors.Iceberg.Tests.Write;

public sealed class RowLevelTests
{
    private static readonly Dictionary<string, string> MergeOnRead = new() { [IcebergRowLevelOperations.DeleteModeProperty] = "merge-on-read" };

    private static IEnumerable<long> Range(int start, int count) => Enumerable.Range(start, count).Select(i => (long)i);

    [Theory]
    [InlineData("fs")]
    [InlineData("sql")]
    public async Task Merge_on_read_delete_writes_position_deletes_and_scans_match_the_model(string kind)
    {
        using var dir = new TempDirectory("ice-mor");
        await using var catalog = await OpenAsync(kind, dir);
        await catalog.CreateTableAsync(Events, Schema(), properties: MergeOnRead);
        await catalog.AppendAsync(Events, [Batch(0, 100)]);
        await catalog.AppendAsync(Events, [Batch(100, 100)]);
        await catalog.AppendAsync(Events, [Batch(200, 100)]);
        var model = Range(0, 300).ToHashSet();

        // Partially matches file 1 (position deletes), fully matches file 2 (removed), misses file 3.
        var del = await catalog.DeleteAsync(Events, Predicate.Parse("id >= 50 and id < 200"));
        model.RemoveWhere(i => i is >= 50 and < 200);
        Assert.Single(del.DeletedFiles);
        Assert.Empty(del.AddedFiles);
        var beforeDeletes = del.Metadata.CurrentSnapshot!.ParentSnapshotId!.Value;
        await using (var t = await catalog.LoadTableAsync(Events))
        {
            Assert.Equal(model.Order(), await IdsAsync(t));
            var s = t.CurrentSnapshot!;
            Assert.Equal("delete", s.Operation);
            Assert.Equal("1", s.Summary["added-delete-files"]);
            Assert.Equal("1", s.Summary["added-position-delete-files"]);
            Assert.Equal("50", s.Summary["added-position-deletes"]);
            Assert.Equal("50", s.Summary["total-position-deletes"]);
            Assert.Equal("1", s.Summary["total-delete-files"]);
            Assert.Equal("1", s.Summary["deleted-data-files"]);
            Assert.Equal("200", s.Summary["total-records"]); // records of live data files; deletes are counted separately

            var entries = await t.EntriesAsync();
            var pd = Assert.Single(entries, e => e.DataFile.Content == DataFileContent.PositionDeletes);
            var data1 = Assert.Single(entries, e => e.DataFile.Content == DataFileContent.Data && e.DataFile.LowerBounds.ContainsKey(1) && Conversions.FromBinary(PrimitiveType.Long, e.DataFile.LowerBounds[1]) is 0L);
            Assert.Equal(data1.DataFile.FilePath, pd.DataFile.ReferencedDataFile);
            Assert.Equal(50, pd.DataFile.RecordCount);
            Assert.Equal(s.SequenceNumber, pd.SequenceNumber); // the delete's data sequence number is its snapshot's
            Assert.True(data1.SequenceNumber < pd.SequenceNumber);
            var manifests = await t.ManifestsAsync();
            Assert.Contains(manifests, m => m.Content == ManifestContent.Deletes && m.AddedFilesCount == 1);

            // The delete file is valid Parquet with the spec's columns and field ids, sorted by pos.
            using var duck = new DuckDbReader();
            var local = new Uri(pd.DataFile.FilePath).LocalPath;
            Assert.Equal([("file_path", "VARCHAR"), ("pos", "BIGINT")], duck.DescribeParquet(local));
            var ids = duck.Query($"select name, field_id from parquet_schema({DuckDbReader.Literal(local)}) where name in ('file_path','pos') order by name");
            Assert.Equal(2147483546L, Convert.ToInt64(ids[0][1], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(2147483545L, Convert.ToInt64(ids[1][1], System.Globalization.CultureInfo.InvariantCulture));
            var rows = duck.Query($"select file_path, pos from read_parquet({DuckDbReader.Literal(local)})");
            Assert.All(rows, r => Assert.Equal(data1.DataFile.FilePath, r[0]));
            Assert.Equal(Range(50, 50), rows.Select(r => Convert.ToInt64(r[1], System.Globalization.CultureInfo.InvariantCulture)));
        }

        // Repeated deletes: more positions in file 1 (a second delete file) and in file 3.
        await catalog.DeleteAsync(Events, Predicate.Parse("id < 10 or id >= 290"));
        model.RemoveWhere(i => i is < 10 or >= 290);
        await catalog.DeleteAsync(Events, Predicate.Parse("id = 20 or id = 20 or id = 250"));
        model.RemoveWhere(i => i is 20 or 250);
        await using (var t = await catalog.LoadTableAsync(Events))
        {
            Assert.Equal(model.Order(), await IdsAsync(t));
            Assert.Equal((50 + 10 + 10 + 2).ToString(System.Globalization.CultureInfo.InvariantCulture), t.CurrentSnapshot!.Summary["total-position-deletes"]);
            Assert.Equal(model.Where(i => i < 40).Order(), await IdsAsync(t, new IcebergScanOptions { Predicate = Predicate.Parse("id < 40") }));
        }

        // Deleting the rest of file 1 removes it and the position delete files that only reference it.
        var rest = await catalog.DeleteAsync(Events, Predicate.Parse("id < 100"));
        model.RemoveWhere(i => i < 100);
        Assert.Single(rest.DeletedFiles);
        await using (var t = await catalog.LoadTableAsync(Events))
        {
            Assert.Equal(model.Order(), await IdsAsync(t));
            var s = t.CurrentSnapshot!;
            Assert.Equal("3", s.Summary["removed-delete-files"]);
            Assert.Equal("2", s.Summary["total-delete-files"]); // file 3's two
            Assert.Equal("11", s.Summary["total-position-deletes"]);
            Assert.Equal(2, (await t.EntriesAsync()).Count(e => e.DataFile.Content == DataFileContent.PositionDeletes));
        }

        // Append after deletes, then time travel to before the first delete.
        await catalog.AppendAsync(Events, [Batch(1000, 5)]);
        model.UnionWith(Range(1000, 5));
        await using (var t = await catalog.LoadTableAsync(Events))
        {
            Assert.Equal(model.Order(), await IdsAsync(t));
            Assert.Equal(Range(0, 300), await IdsAsync(t, new IcebergScanOptions { SnapshotId = beforeDeletes }));
        }

        // A delete that matches nothing commits nothing.
        Assert.Null((await catalog.DeleteAsync(Events, Predicate.Parse("id = 123456"))).SnapshotId);
    }

    [Fact]
    public async Task Explicit_merge_on_read_on_a_partitioned_table_keeps_delete_files_in_the_data_partition()
    {
        using var dir = new TempDirectory("ice-mor-part");
        await using var catalog = await OpenAsync("sql", dir);
        await catalog.CreateTableAsync(Events, Schema(), new PartitionSpec(0, [new PartitionField(5, 1000, "day", Transform.Identity)]));
        await catalog.AppendAsync(Events, [Batch(0, 72)]); // three days
        await catalog.DeleteAsync(Events, Predicate.Parse("id in (" + string.Join(", ", Enumerable.Range(0, 36).Select(i => i * 2)) + ")"), RowLevelMode.MergeOnRead);
        await using var t = await catalog.LoadTableAsync(Events);
        Assert.Equal(Range(0, 72).Where(i => i % 2 == 1), await IdsAsync(t));
        var entries = await t.EntriesAsync();
        var deletes = entries.Where(e => e.DataFile.Content == DataFileContent.PositionDeletes).ToList();
        Assert.Equal(3, deletes.Count);
        foreach (var d in deletes)
        {
            var data = Assert.Single(entries, e => e.DataFile.FilePath == d.DataFile.ReferencedDataFile);
            Assert.Equal(data.DataFile.Partition, d.DataFile.Partition);
            Assert.Equal(12, d.DataFile.RecordCount);
        }

        // Copy-on-write on top keeps the position deletes applied and drops the delete file of the rewritten file.
        await catalog.DeleteAsync(Events, Predicate.Parse("id = 1"), RowLevelMode.CopyOnWrite);
        await using var t2 = await catalog.LoadTableAsync(Events);
        Assert.Equal(Range(0, 72).Where(i => i % 2 == 1 && i != 1), await IdsAsync(t2));
        Assert.Equal(2, (await t2.EntriesAsync()).Count(e => e.DataFile.Content == DataFileContent.PositionDeletes));
        Assert.Equal("2", t2.CurrentSnapshot!.Summary["total-delete-files"]);
        Assert.Equal("24", t2.CurrentSnapshot!.Summary["total-position-deletes"]);
    }

    [Fact]
    public async Task Merge_on_read_on_a_v1_table_is_refused()
    {
        using var dir = new TempDirectory("ice-mor-v1");
        await using var catalog = await OpenAsync("fs", dir);
        await catalog.CreateTableAsync(Events, Schema(), formatVersion: 1);
        await catalog.AppendAsync(Events, [Batch(0, 10)]);
        await Assert.ThrowsAsync<UnsupportedFeatureException>(() => catalog.DeleteAsync(Events, Predicate.Parse("id < 3"), RowLevelMode.MergeOnRead));
    }

    [Theory]
    [InlineData("fs")]
    [InlineData("sql")]
    public async Task Concurrent_deletes_of_the_same_file_one_fails_with_a_conflict(string kind)
    {
        using var dir = new TempDirectory("ice-mor-conflict");
        await using var catalog = await OpenAsync(kind, dir);
        await catalog.CreateTableAsync(Events, Schema(), properties: MergeOnRead);
        await catalog.AppendAsync(Events, [Batch(0, 100)]);
        var (location, stale) = (await catalog.LoadMetadataAsync(Events, default))!.Value;

        // Both planned against the same snapshot: the first removes the file entirely, the second adds position deletes for it.
        await MergeOnReadDelete.RunAsync(catalog, Events, location, stale, Predicate.Parse("id >= 0"), default);
        await Assert.ThrowsAsync<CommitConflictException>(() => MergeOnReadDelete.RunAsync(catalog, Events, location, stale, Predicate.Parse("id < 10"), default));
        await using var t = await catalog.LoadTableAsync(Events);
        Assert.Empty(await IdsAsync(t));
        Assert.Equal(2, t.Snapshots.Count);

        // Racing for real: at most one of two deletes based on the same snapshot may win; the loser sees CommitConflictException.
        await catalog.AppendAsync(Events, [Batch(0, 100)]);
        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => Task.Run(async () =>
        {
            try
            {
                await catalog.DeleteAsync(Events, Predicate.Parse(i == 0 ? "id < 10" : "id >= 90"));
                return true;
            }
            catch (CommitConflictException)
            {
                return false;
            }
        })));
        Assert.Contains(true, results);
        await using var t2 = await catalog.LoadTableAsync(Events);
        var expected = Range(0, 100).Where(i => (!results[0] || i >= 10) && (!results[1] || i < 90));
        Assert.Equal(expected, await IdsAsync(t2));
    }

    [Theory]
    [InlineData("fs", RowLevelMode.MergeOnRead)]
    [InlineData("sql", RowLevelMode.MergeOnRead)]
    [InlineData("sql", RowLevelMode.CopyOnWrite)]
    public async Task Upsert_replaces_existing_keys_inserts_new_ones_and_the_last_duplicate_wins(string kind, RowLevelMode mode)
    {
        using var dir = new TempDirectory("ice-upsert");
        await using var catalog = await OpenAsync(kind, dir);
        await catalog.CreateTableAsync(Events, Schema());
        await catalog.AppendAsync(Events, [Batch(0, 10)]);
        await Assert.ThrowsAsync<ValidationFailedException>(() => catalog.UpsertAsync(Events, [Rows((1, "x"))], mode));
        await catalog.UpdateSchemaAsync(Events, s => s.SetIdentifierFields("id"));

        var r = await catalog.UpsertAsync(Events, [Rows((5, "a"), (7, "first"), (12, "b")), Rows((7, "second"), (11, "c"))], mode);
        Assert.Equal("overwrite", r.Metadata.CurrentSnapshot!.Operation);
        var model = Enumerable.Range(0, 10).ToDictionary(i => (long)i, i => i % 10 == 9 ? null : $"name-{i % 7}");
        model[5] = "a";
        model[7] = "second";
        model[12] = "b";
        model[11] = "c";
        await using (var t = await catalog.LoadTableAsync(Events))
        {
            Assert.Equal(model.OrderBy(p => p.Key), await NamesAsync(t));
            if (mode == RowLevelMode.MergeOnRead)
            {
                Assert.Equal("1", t.CurrentSnapshot!.Summary["added-equality-delete-files"]);
                Assert.Equal("4", t.CurrentSnapshot.Summary["added-equality-deletes"]);
                var eq = Assert.Single(await t.EntriesAsync(), e => e.DataFile.Content == DataFileContent.EqualityDeletes);
                Assert.Equal([1], eq.DataFile.EqualityIds);
                Assert.Equal(t.CurrentSnapshot.SequenceNumber, eq.SequenceNumber);
                using var duck = new DuckDbReader();
                var local = new Uri(eq.DataFile.FilePath).LocalPath;
                Assert.Equal([5L, 7L, 11L, 12L], duck.Query($"select id from read_parquet({DuckDbReader.Literal(local)}) order by id").Select(x => Convert.ToInt64(x[0], System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        // Upserting the same keys again replaces the previous upsert's rows (older data sequence number).
        await catalog.UpsertAsync(Events, [Rows((7, "third"), (12, "d"), (20, "e"))], mode);
        model[7] = "third";
        model[12] = "d";
        model[20] = "e";
        await using (var t = await catalog.LoadTableAsync(Events))
        {
            Assert.Equal(model.OrderBy(p => p.Key), await NamesAsync(t));
        }

        // Then a merge-on-read delete on top of equality deletes.
        await catalog.DeleteAsync(Events, Predicate.Parse("id = 7 or id = 3"), RowLevelMode.MergeOnRead);
        model.Remove(7);
        model.Remove(3);
        await using (var t = await catalog.LoadTableAsync(Events))
        {
            Assert.Equal(model.OrderBy(p => p.Key), await NamesAsync(t));
        }
    }

    [Fact]
    public async Task Identifier_fields_must_be_required_non_floating_columns()
    {
        using var dir = new TempDirectory("ice-ident");
        await using var catalog = await OpenAsync("fs", dir);
        await catalog.CreateTableAsync(Events, Schema());
        await Assert.ThrowsAsync<ValidationFailedException>(() => catalog.UpdateSchemaAsync(Events, s => s.SetIdentifierFields("name")));
        await Assert.ThrowsAsync<ValidationFailedException>(() => catalog.UpdateSchemaAsync(Events, s => s.SetIdentifierFields("missing")));
        await catalog.UpdateSchemaAsync(Events, s => s.SetIdentifierFields("id"));
        await using (var t = await catalog.LoadTableAsync(Events))
        {
            Assert.Equal([1], t.Schema.IdentifierFieldIds);
        }

        await Assert.ThrowsAsync<ValidationFailedException>(() => catalog.UpdateSchemaAsync(Events, s => s.DeleteColumn("id")));
        await catalog.UpdateSchemaAsync(Events, s => s.SetIdentifierFields());
        await using (var t = await catalog.LoadTableAsync(Events))
        {
            Assert.Empty(t.Schema.IdentifierFieldIds);
        }
    }

    [Fact]
    public async Task Upsert_on_a_partitioned_table_moves_rows_between_partitions()
    {
        using var dir = new TempDirectory("ice-upsert-part");
        await using var catalog = await OpenAsync("fs", dir);
        var schema = new IcebergSchema(0, Schema().Fields, [1]);
        await catalog.CreateTableAsync(Events, schema, new PartitionSpec(0, [new PartitionField(5, 1000, "day", Transform.Identity)]));
        await catalog.AppendAsync(Events, [Batch(0, 72)]); // ids 0..71 over three days
        // Row 5 moves to the third day (its ts/day come from the batch row with id 5 → but we give a later day).
        await catalog.UpsertAsync(Events, [Rows((5, "moved"), (100, "new"))]);
        await using var t = await catalog.LoadTableAsync(Events);
        var names = (await NamesAsync(t)).ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(73, names.Count);
        Assert.Equal("moved", names[5]);
        Assert.Equal("new", names[100]);
        // Key pruning: only day 1's file can hold id 5 (id 100 is new), so one equality delete file, in day 1's partition.
        var eq = Assert.Single(await t.EntriesAsync(), e => e.DataFile.Content == DataFileContent.EqualityDeletes);
        Assert.Equal(DateOnly.FromDateTime(new DateTime(2024, 1, 1)).DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber, eq.DataFile.Partition[0]);
        Assert.Equal(["moved"], (await NamesAsync(t, new IcebergScanOptions { Predicate = Predicate.Parse("id = 5") })).Select(p => p.Value));
    }

    [Theory]
    [InlineData("fs")]
    [InlineData("sql")]
    public async Task Replace_partitions_swaps_only_the_partitions_the_data_touches(string kind)
    {
        using var dir = new TempDirectory("ice-replace");
        await using var catalog = await OpenAsync(kind, dir);
        await catalog.CreateTableAsync(Events, Schema(), new PartitionSpec(0, [new PartitionField(5, 1000, "day", Transform.Identity)]));
        await catalog.AppendAsync(Events, [Batch(0, 72)]); // days 1..3: ids 0-23, 24-47, 48-71
        await catalog.AppendAsync(Events, [Batch(30, 5)]); // a second file in day 2
        await catalog.DeleteAsync(Events, Predicate.Parse("id = 40 or id = 50"), RowLevelMode.MergeOnRead);

        var r = await catalog.ReplacePartitionsAsync(Events, [Batch(24, 10)]);
        Assert.Equal(2, r.DeletedFiles.Count);
        await using var t = await catalog.LoadTableAsync(Events);
        Assert.Equal(Range(0, 34).Concat(Range(48, 24).Where(i => i != 50)), await IdsAsync(t));
        var s = t.CurrentSnapshot!;
        Assert.Equal("overwrite", s.Operation);
        Assert.Equal("true", s.Summary["replace-partitions"]);
        Assert.Equal("1", s.Summary["removed-delete-files"]); // day 2's position delete file
        Assert.Equal("1", s.Summary["total-delete-files"]);   // day 3's stays

        // Unpartitioned: everything is replaced.
        var other = new TableIdentifier("db", "flat");
        await catalog.CreateTableAsync(other, Schema());
        await catalog.AppendAsync(other, [Batch(0, 10)]);
        await catalog.AppendAsync(other, [Batch(10, 10)]);
        await catalog.UpdateSchemaAsync(other, u => u.SetIdentifierFields("id"));
        await catalog.UpsertAsync(other, [Rows((3, "x"))]); // adds an equality delete file
        await catalog.ReplacePartitionsAsync(other, [Batch(100, 3)]);
        await using var flat = await catalog.LoadTableAsync(other);
        Assert.Equal(Range(100, 3), await IdsAsync(flat));
        Assert.Equal("true", flat.CurrentSnapshot!.Summary["replace-partitions"]);
        Assert.Equal("0", flat.CurrentSnapshot.Summary["total-delete-files"]);
        Assert.Equal("0", flat.CurrentSnapshot.Summary["total-equality-deletes"]);
        Assert.DoesNotContain(await flat.EntriesAsync(), e => e.DataFile.Content != DataFileContent.Data);
    }

    /// <summary>A batch of the fixture schema with the given ids and names; ts/day are derived from the id (+1000 hours for names starting with 'moved').</summary>
    internal static RecordBatch Rows(params (long Id, string Name)[] rows)
    {
        var arrow = Schema().ToArrowSchema();
        var ids = new Int64Array.Builder();
        var names = new StringArray.Builder();
        var ts = new TimestampArray.Builder(new TimestampType(TimeUnit.Microsecond, "UTC"));
        var scores = new DoubleArray.Builder();
        var days = new Date32Array.Builder();
        var epoch = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var (id, name) in rows)
        {
            ids.Append(id);
            names.Append(name);
            var t = epoch.AddHours(name.StartsWith("moved", StringComparison.Ordinal) ? 60 : id);
            ts.Append(t);
            scores.Append(id);
            days.Append(t.UtcDateTime.Date);
        }

        return new RecordBatch(arrow, [ids.Build(), names.Build(), ts.Build(), scores.Build(), days.Build()], rows.Length);
    }

    internal static async Task<List<KeyValuePair<long, string?>>> NamesAsync(IcebergTable table, IcebergScanOptions? options = null)
    {
        var result = new List<KeyValuePair<long, string?>>();
        await foreach (var b in table.ScanAsync(options))
        {
            var id = (Int64Array)b.Column(b.Schema.GetFieldIndex("id"));
            var name = (StringArray)b.Column(b.Schema.GetFieldIndex("name"));
            for (var i = 0; i < b.Length; i++) result.Add(new(id.GetValue(i)!.Value, name.GetString(i)));
        }

        return result.OrderBy(p => p.Key).ToList();
    }
}
