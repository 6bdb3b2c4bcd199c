using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Operations;
using Orasi.Connectors.Iceberg.Operations.Maintenance;
using Orasi.Connectors.Iceberg.Scan;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Parquet;
using Orasi.Connectors.Predicates;
using Orasi.Testing;
using Orasi.Testing.DuckDb;
using static Orasi.Connectors.Iceberg.Tests.Write.WriteFixtures;

namespace Orasi.Connectors.Iceberg.Tests.Write;

public sealed class MaintenanceTests
{
    [Theory]
    [InlineData("fs", false)]
    [InlineData("sql", true)]
    public async Task Compaction_of_many_small_appends_keeps_rows_and_time_travel(string kind, bool partitioned)
    {
        using var dir = new TempDirectory("ice-compact");
        await using var catalog = await OpenAsync(kind, dir);
        var spec = partitioned ? new PartitionSpec(0, [new PartitionField(5, 1000, "day", Transform.Identity)]) : null;
        await catalog.CreateTableAsync(Events, Schema(), spec);
        for (var i = 0; i < 12; i++)
        {
            await catalog.AppendAsync(Events, [Batch(i * 10, 10)]);
        }

        await using var before = await catalog.LoadTableAsync(Events);
        var beforeFiles = (await before.EntriesAsync()).Where(e => e.Status != ManifestEntryStatus.Deleted).ToList();
        var beforeIds = await IdsAsync(before);
        var preSnapshot = before.CurrentSnapshot!.SnapshotId;

        var result = await catalog.RewriteDataFilesAsync(Events, new IcebergRewriteDataFilesOptions { MinInputFiles = 2 });
        Assert.True(result.Committed);
        Assert.Empty(result.RemovedDeleteFiles);
        Assert.Equal(beforeFiles.Count, result.RewrittenDataFiles.Count);

        await using var after = await catalog.LoadTableAsync(Events);
        var afterFiles = (await after.EntriesAsync()).Where(e => e.Status != ManifestEntryStatus.Deleted).ToList();
        Assert.Equal("replace", after.CurrentSnapshot!.Operation);
        Assert.Equal(partitioned ? 5 : 1, afterFiles.Count); // 120 hours = 5 days
        Assert.True(afterFiles.Count < beforeFiles.Count);
        Assert.Equal(beforeIds, await IdsAsync(after));
        Assert.Equal("120", after.CurrentSnapshot.Summary["total-records"]);
        Assert.Equal(afterFiles.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), after.CurrentSnapshot.Summary["total-data-files"]);
        Assert.Equal(beforeIds, await IdsAsync(after, new IcebergScanOptions { SnapshotId = preSnapshot }));
        if (partitioned)
        {
            Assert.All(afterFiles, f => Assert.Single(f.DataFile.Partition));
            Assert.Equal(afterFiles.Count, afterFiles.Select(f => f.DataFile.Partition[0]).Distinct().Count());
        }

        using var duck = new DuckDbReader();
        Assert.Equal(120, afterFiles.Sum(f => duck.CountRows(LocalPath(f.DataFile.FilePath))));
        Assert.All(afterFiles, f => Assert.Equal(f.DataFile.RecordCount, duck.CountRows(LocalPath(f.DataFile.FilePath))));

        // Nothing left to do: a second run commits nothing.
        var again = await catalog.RewriteDataFilesAsync(Events, new IcebergRewriteDataFilesOptions { MinInputFiles = 2 });
        Assert.False(again.Committed);
    }

    [Fact]
    public async Task Compaction_respects_min_input_files_target_size_and_filter()
    {
        using var dir = new TempDirectory("ice-compact-opts");
        await using var catalog = await OpenAsync("fs", dir);
        await catalog.CreateTableAsync(Events, Schema(), new PartitionSpec(0, [new PartitionField(5, 1000, "day", Transform.Identity)]));
        for (var i = 0; i < 6; i++)
        {
            await catalog.AppendAsync(Events, [Batch(i * 4, 4)]); // day 2024-01-01 only
            await catalog.AppendAsync(Events, [Batch(48 + (i * 4), 4)]); // day 2024-01-03 only
        }

        // 6 small files per partition (default minimum 5), but the filter limits the rewrite to one day.
        var filtered = await catalog.RewriteDataFilesAsync(Events, new IcebergRewriteDataFilesOptions { Filter = Predicate.Parse("id >= 48") });
        Assert.True(filtered.Committed);
        Assert.Equal(6, filtered.RewrittenDataFiles.Count);
        Assert.All(filtered.RewrittenDataFiles, f => Assert.Equal(filtered.RewrittenDataFiles[0].Partition[0], f.Partition[0]));

        var tooFew = await catalog.RewriteDataFilesAsync(Events, new IcebergRewriteDataFilesOptions { MinInputFiles = 7 });
        Assert.False(tooFew.Committed);

        // A tiny target size: each bin holds a couple of files, so several output files (but fewer than inputs).
        var size = filtered.RewrittenDataFiles.Max(f => f.FileSizeInBytes);
        var small = await catalog.RewriteDataFilesAsync(Events, new IcebergRewriteDataFilesOptions { TargetFileSizeBytes = (size * 2) + 1, MinInputFiles = 2 });
        Assert.True(small.Committed);
        Assert.Equal(6, small.RewrittenDataFiles.Count);
        Assert.Equal(3, small.AddedDataFiles.Count);
        await using var t = await catalog.LoadTableAsync(Events);
        Assert.Equal(Enumerable.Range(0, 24).Concat(Enumerable.Range(48, 24)).Select(i => (long)i), await IdsAsync(t));
    }

    [Fact]
    public async Task Compaction_rewrites_files_of_older_specs_into_the_current_spec()
    {
        using var dir = new TempDirectory("ice-compact-spec");
        await using var catalog = await OpenAsync("fs", dir);
        await catalog.CreateTableAsync(Events, Schema());
        await catalog.AppendAsync(Events, [Batch(0, 30)]);
        await catalog.AppendAsync(Events, [Batch(30, 30)]);
        await catalog.UpdateSpecAsync(Events, s => s.AddField("day", Transform.Identity));
        await catalog.AppendAsync(Events, [Batch(60, 30)]);
        await using (var t = await catalog.LoadTableAsync(Events))
        {
            Assert.Equal(3, (await t.ManifestsTableAsync()).Length);
        }

        // Two old-spec files: fewer than the minimum, but they do not match the current spec, so they are rewritten.
        var result = await catalog.RewriteDataFilesAsync(Events, new IcebergRewriteDataFilesOptions { MinInputFiles = 10 });
        Assert.True(result.Committed);
        Assert.All(result.RewrittenDataFiles, f => Assert.Equal(0, f.SpecId));
        Assert.All(result.AddedDataFiles, f => Assert.Equal(1, f.SpecId));
        Assert.Equal(3, result.AddedDataFiles.Count); // ids 0..59 are hours of days 1-3
        await using var after = await catalog.LoadTableAsync(Events);
        var live = (await after.EntriesAsync()).Where(e => e.Status != ManifestEntryStatus.Deleted).ToList();
        Assert.All(live, e => Assert.Equal(1, e.DataFile.SpecId));
        Assert.Equal(Enumerable.Range(0, 90).Select(i => (long)i), await IdsAsync(after));
        Assert.Equal(Enumerable.Range(24, 24).Select(i => (long)i), await IdsAsync(after, new IcebergScanOptions { Predicate = Predicate.Parse("id >= 24 and id < 48") }));

        var manifests = await catalog.RewriteManifestsAsync(Events);
        Assert.True(manifests.Committed);
        await using var regrouped = await catalog.LoadTableAsync(Events);
        Assert.Equal(1, (await regrouped.ManifestsTableAsync()).Length);
        Assert.Equal(Enumerable.Range(0, 90).Select(i => (long)i), await IdsAsync(regrouped));
    }

    [Fact]
    public async Task Compaction_applies_position_and_equality_deletes_and_drops_the_delete_files()
    {
        using var dir = new TempDirectory("ice-compact-deletes");
        await using var catalog = await OpenAsync("fs", dir);
        await catalog.CreateTableAsync(Events, Schema());
        await catalog.AppendAsync(Events, [Batch(0, 30)]);
        await catalog.AppendAsync(Events, [Batch(30, 30)]);
        await catalog.AppendAsync(Events, [Batch(60, 30)]);
        var (_, m) = await MaintenanceSupport.LoadAsync(catalog, Events, default);
        await using var t0 = await catalog.LoadTableAsync(Events);
        var files = (await t0.EntriesAsync()).OrderBy(e => e.DataFile.RecordCount).ThenBy(e => e.SequenceNumber).Select(e => e.DataFile.FilePath).ToList();
        // Rows are in id order within each file: position p of file k is id 30k + p.
        var pos = await WriteDeleteFileAsync(catalog, m, DataFileContent.PositionDeletes, PositionRows((files[0], 0), (files[0], 5), (files[1], 3)), null);
        await CommitDeletesAsync(catalog, Events, pos);
        (_, m) = await MaintenanceSupport.LoadAsync(catalog, Events, default);
        var eq = await WriteDeleteFileAsync(catalog, m, DataFileContent.EqualityDeletes, IdRows(70, 71), [1]);
        await CommitDeletesAsync(catalog, Events, eq);
        var expected = Enumerable.Range(0, 90).Select(i => (long)i).Except([0L, 5L, 33L, 70L, 71L]).ToList();
        await using (var t = await catalog.LoadTableAsync(Events))
        {
            Assert.Equal(expected, await IdsAsync(t));
        }

        // Only the first file (ids 0..29): the position delete file still covers file 2, the equality delete files 2 and 3.
        var partial = await catalog.RewriteDataFilesAsync(Events, new IcebergRewriteDataFilesOptions { Filter = Predicate.Parse("id < 30"), MinInputFiles = 10 });
        Assert.True(partial.Committed);
        Assert.Equal([files[0]], partial.RewrittenDataFiles.Select(f => f.FilePath));
        Assert.Empty(partial.RemovedDeleteFiles);
        Assert.Equal(28, partial.AddedDataFiles.Single().RecordCount);
        await using (var t = await catalog.LoadTableAsync(Events))
        {
            Assert.Equal(expected, await IdsAsync(t));
            Assert.Equal(2, (await t.EntriesAsync()).Count(e => e.Status != ManifestEntryStatus.Deleted && e.DataFile.Content != DataFileContent.Data));
        }

        var preCompaction = (await catalog.LoadTableAsync(Events)).CurrentSnapshot!.SnapshotId;
        var full = await catalog.RewriteDataFilesAsync(Events, new IcebergRewriteDataFilesOptions { MinInputFiles = 10 });
        Assert.True(full.Committed);
        // The two files with deletes, and the compacted first file (no deletes: its sequence number is newer than the equality delete's) as it is small.
        Assert.Equal(3, full.RewrittenDataFiles.Count);
        Assert.Single(full.AddedDataFiles);
        Assert.Equal(new[] { pos.FilePath, eq.FilePath }.Order(), full.RemovedDeleteFiles.Select(f => f.FilePath).Order());
        await using (var t = await catalog.LoadTableAsync(Events))
        {
            var live = (await t.EntriesAsync()).Where(e => e.Status != ManifestEntryStatus.Deleted).ToList();
            Assert.All(live, e => Assert.Equal(DataFileContent.Data, e.DataFile.Content));
            Assert.Equal(expected, await IdsAsync(t));
            Assert.Equal(expected.Count, live.Sum(e => e.DataFile.RecordCount));
            Assert.Equal("0", t.CurrentSnapshot!.Summary["total-delete-files"]);
            Assert.Equal("2", t.CurrentSnapshot.Summary["removed-delete-files"]);
            Assert.Equal(expected, await IdsAsync(t, new IcebergScanOptions { SnapshotId = preCompaction }));
            using var duck = new DuckDbReader();
            Assert.Equal(expected.Count, live.Sum(e => duck.CountRows(LocalPath(e.DataFile.FilePath))));
        }
    }

    [Fact]
    public async Task Compaction_rebases_over_a_concurrent_append_and_conflicts_with_concurrent_deletes()
    {
        using var dir = new TempDirectory("ice-compact-race");
        await using var catalog = await OpenAsync("fs", dir);
        await catalog.CreateTableAsync(Events, Schema());
        for (var i = 0; i < 5; i++) await catalog.AppendAsync(Events, [Batch(i * 10, 10)]);
        var options = new IcebergRewriteDataFilesOptions { MinInputFiles = 2 };

        var rebased = await DataFileCompactor.RunAsync(catalog, Events, options, default, () => catalog.AppendAsync(Events, [Batch(1000, 3)]));
        Assert.Equal(2, rebased.Commit.Attempts);
        await using (var t = await catalog.LoadTableAsync(Events))
        {
            Assert.Equal(Enumerable.Range(0, 50).Concat(Enumerable.Range(1000, 3)).Select(i => (long)i), await IdsAsync(t));
            Assert.Equal(2, (await t.EntriesAsync()).Count(e => e.Status != ManifestEntryStatus.Deleted));
        }

        for (var i = 0; i < 3; i++) await catalog.AppendAsync(Events, [Batch(2000 + (i * 10), 10)]);
        var before = (await catalog.LoadTableAsync(Events)).CurrentSnapshot!.SnapshotId;
        await Assert.ThrowsAsync<CommitConflictException>(() =>
            DataFileCompactor.RunAsync(catalog, Events, options, default, () => catalog.DeleteAsync(Events, Predicate.Parse("id = 2005"))));

        var (_, m) = await MaintenanceSupport.LoadAsync(catalog, Events, default);
        await using var t2 = await catalog.LoadTableAsync(Events);
        var target = (await t2.EntriesAsync()).First(e => e.DataFile.RecordCount == 10 && e.Status != ManifestEntryStatus.Deleted).DataFile.FilePath;
        await Assert.ThrowsAsync<CommitConflictException>(() =>
            DataFileCompactor.RunAsync(catalog, Events, options, default, async () =>
                await CommitDeletesAsync(catalog, Events, await WriteDeleteFileAsync(catalog, m, DataFileContent.PositionDeletes, PositionRows((target, 1)), null))));
        await using var t3 = await catalog.LoadTableAsync(Events);
        Assert.NotEqual("replace", t3.CurrentSnapshot!.Operation);
        Assert.NotEqual(before, t3.CurrentSnapshot.SnapshotId);
        // The failed compactions cleaned up everything they wrote (data files, manifests, manifest lists).
        var orphans = await catalog.RemoveOrphanFilesAsync(Events, DateTimeOffset.UtcNow.AddMinutes(1), dryRun: true);
        Assert.Empty(orphans.OrphanFiles);
    }

    [Fact]
    public async Task Remove_orphan_files_deletes_only_old_unreachable_files()
    {
        using var dir = new TempDirectory("ice-orphans");
        await using var catalog = await OpenAsync("fs", dir);
        await catalog.CreateTableAsync(Events, Schema());
        for (var i = 0; i < 6; i++) await catalog.AppendAsync(Events, [Batch(i * 10, 10)]);
        await catalog.DeleteAsync(Events, Predicate.Parse("id < 5"));
        await catalog.RewriteDataFilesAsync(Events, new IcebergRewriteDataFilesOptions { MinInputFiles = 2 });
        await catalog.RewriteManifestsAsync(Events);
        await using var table = await catalog.LoadTableAsync(Events);
        var root = LocalPath(table.Location);
        var stray = Path.Combine(root, "data", "stray.parquet");
        var leftover = Path.Combine(root, "metadata", $"snap-1-1-{Guid.NewGuid()}.avro");
        var nested = Path.Combine(root, "data", "x=1", "old.parquet");
        var young = Path.Combine(root, "data", "young.parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(nested)!);
        foreach (var f in new[] { stray, leftover, nested, young }) await File.WriteAllTextAsync(f, "junk");
        // Everything (reachable files included) is old, except the young stray.
        var old = DateTime.UtcNow.AddDays(-5);
        foreach (var f in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Where(f => f != young)) File.SetLastWriteTimeUtc(f, old);
        var allBefore = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToHashSet();

        var dry = await catalog.RemoveOrphanFilesAsync(Events, dryRun: true);
        Assert.True(dry.DryRun);
        Assert.Equal(new[] { leftover, nested, stray }.Select(Norm).Order(), dry.OrphanFiles.Select(Norm).Order());
        Assert.Equal(allBefore, Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToHashSet());

        var removed = await catalog.RemoveOrphanFilesAsync(Events);
        Assert.Equal(dry.OrphanFiles, removed.OrphanFiles);
        Assert.Equal(12, removed.Bytes);
        Assert.False(File.Exists(stray));
        Assert.False(File.Exists(leftover));
        Assert.False(File.Exists(nested));
        Assert.True(File.Exists(young));
        Assert.Equal(allBefore.Except([stray, leftover, nested]).ToHashSet(), Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToHashSet());

        await using var reloaded = await catalog.LoadTableAsync(Events);
        foreach (var s in reloaded.Snapshots)
        {
            Assert.NotNull(await IdsAsync(reloaded, new IcebergScanOptions { SnapshotId = s.SnapshotId }));
        }

        Assert.Equal(Enumerable.Range(5, 55).Select(i => (long)i), await IdsAsync(reloaded));

        // After expiring old snapshots (their files purged), older metadata files still name them: still works.
        await catalog.ExpireSnapshotsAsync(Events, DateTimeOffset.UtcNow.AddMinutes(1));
        var afterExpire = await catalog.RemoveOrphanFilesAsync(Events, DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal([Norm(young)], afterExpire.OrphanFiles.Select(Norm));
        await using var final = await catalog.LoadTableAsync(Events);
        Assert.Equal(Enumerable.Range(5, 55).Select(i => (long)i), await IdsAsync(final));
    }

    [Fact]
    public async Task Reachable_files_include_statistics_version_hint_and_every_metadata_file()
    {
        using var dir = new TempDirectory("ice-reach");
        await using var catalog = await OpenAsync("fs", dir);
        await catalog.CreateTableAsync(Events, Schema());
        await catalog.AppendAsync(Events, [Batch(0, 5)]);
        await catalog.AppendAsync(Events, [Batch(5, 5)]);
        var (location, m) = await MaintenanceSupport.LoadAsync(catalog, Events, default);
        var puffin = m.Location.TrimEnd('/') + "/metadata/stats-1.puffin";
        var partitionStats = "file:" + LocalPath(m.Location).TrimEnd('/') + "/metadata/partition-stats-1.parquet";
        var withStats = m with
        {
            Statistics = [new StatisticsFile(m.CurrentSnapshotId!.Value, puffin, 10, 5, [])],
            PartitionStatistics = [new PartitionStatisticsFile(m.CurrentSnapshotId!.Value, partitionStats, 10)],
        };
        var reachable = await OrphanFileRemover.ReachableAsync(catalog.Io, location, withStats, default);
        Assert.Contains(Norm(puffin), reachable);
        Assert.Contains(Norm(partitionStats), reachable);
        Assert.Contains(Norm(LocalPath(m.Location).TrimEnd('/') + "/metadata/version-hint.text"), reachable);
        Assert.All(m.MetadataLog, e => Assert.Contains(Norm(e.MetadataFile), reachable));
        Assert.Contains(Norm(location), reachable);
        await using var t = await catalog.LoadTableAsync(Events);
        Assert.All(await t.EntriesAsync(), e => Assert.Contains(Norm(e.DataFile.FilePath), reachable));
        Assert.All(m.Snapshots, s => Assert.Contains(Norm(s.ManifestList!), reachable));
    }

    [Theory]
    [InlineData("file:/tmp/t/data/a.parquet", "/tmp/t/data/a.parquet")]
    [InlineData("file:///tmp/t/data/a.parquet", "/tmp/t/data/a.parquet")]
    [InlineData("file://localhost/tmp/t/data/a.parquet", "/tmp/t/data/a.parquet")]
    [InlineData("/tmp/t//data/./a.parquet", "/tmp/t/data/a.parquet")]
    [InlineData("file:///tmp/t/data/a%20b.parquet", "/tmp/t/data/a b.parquet")]
    [InlineData("s3a://bucket/t/data/a.parquet", "s3://bucket/t/data/a.parquet")]
    [InlineData("s3n://bucket//t/data/a.parquet", "s3://bucket/t/data/a.parquet")]
    [InlineData("S3://bucket/t/a", "s3://bucket/t/a")]
    public void Locations_are_normalized_for_reachability(string location, string expected) =>
        Assert.Equal(expected, LocationNormalizer.Normalize(location));

    [Fact]
    public async Task Rewrite_manifests_merges_them_and_keeps_sequence_numbers_and_time_travel()
    {
        using var dir = new TempDirectory("ice-manifests");
        await using var catalog = await OpenAsync("sql", dir);
        await catalog.CreateTableAsync(Events, Schema(), new PartitionSpec(0, [new PartitionField(5, 1000, "day", Transform.Identity)]));
        for (var i = 0; i < 20; i++) await catalog.AppendAsync(Events, [Batch(i * 6, 6)]);
        await using var before = await catalog.LoadTableAsync(Events);
        var beforeManifests = (await before.ManifestsTableAsync()).Length;
        Assert.Equal(20, beforeManifests);
        var beforeEntries = (await before.EntriesAsync()).ToDictionary(e => e.DataFile.FilePath);
        var ids = await IdsAsync(before);

        var result = await catalog.RewriteManifestsAsync(Events);
        Assert.True(result.Committed);
        Assert.Equal(20, result.RewrittenManifests);
        Assert.Equal(1, result.AddedManifests);
        await using var after = await catalog.LoadTableAsync(Events);
        Assert.Equal("replace", after.CurrentSnapshot!.Operation);
        Assert.Equal(1, (await after.ManifestsTableAsync()).Length);
        var afterEntries = await after.EntriesAsync();
        Assert.Equal(beforeEntries.Count, afterEntries.Count);
        foreach (var e in afterEntries)
        {
            var b = beforeEntries[e.DataFile.FilePath];
            Assert.Equal(ManifestEntryStatus.Existing, e.Status);
            Assert.Equal(b.SnapshotId, e.SnapshotId);
            Assert.Equal(b.SequenceNumber, e.SequenceNumber);
            Assert.Equal(b.FileSequenceNumber ?? b.SequenceNumber, e.FileSequenceNumber);
        }

        Assert.Equal(ids, await IdsAsync(after));
        Assert.Equal("120", after.CurrentSnapshot.Summary["total-records"]);
        foreach (var s in before.Snapshots)
        {
            Assert.Equal(await IdsAsync(before, new IcebergScanOptions { SnapshotId = s.SnapshotId }), await IdsAsync(after, new IcebergScanOptions { SnapshotId = s.SnapshotId }));
        }

        // A small target size splits them again, clustered by partition.
        var split = await catalog.RewriteManifestsAsync(Events, targetSizeBytes: 1);
        Assert.Equal(20, split.AddedManifests);
        await using var splitTable = await catalog.LoadTableAsync(Events);
        Assert.Equal(ids, await IdsAsync(splitTable));
        Assert.Equal(ids.Where(i => i < 24), await IdsAsync(splitTable, new IcebergScanOptions { Predicate = Predicate.Parse("id < 24") }));

        // Back to one manifest; then there is nothing left to regroup.
        Assert.Equal(1, (await catalog.RewriteManifestsAsync(Events)).AddedManifests);
        Assert.False((await catalog.RewriteManifestsAsync(Events)).Committed);
    }

    [Fact]
    public async Task Rewrite_manifests_redoes_the_regrouping_after_a_concurrent_append()
    {
        using var dir = new TempDirectory("ice-manifests-race");
        await using var catalog = await OpenAsync("fs", dir);
        await catalog.CreateTableAsync(Events, Schema());
        for (var i = 0; i < 4; i++) await catalog.AppendAsync(Events, [Batch(i * 5, 5)]);
        var result = await ManifestRewriter.RunAsync(catalog, Events, null, default, () => catalog.AppendAsync(Events, [Batch(100, 2)]));
        Assert.Equal(2, result.Commit.Attempts);
        Assert.Equal(5, result.RewrittenManifests);
        await using var t = await catalog.LoadTableAsync(Events);
        Assert.Equal(1, (await t.ManifestsTableAsync()).Length);
        Assert.Equal(Enumerable.Range(0, 20).Concat([100, 101]).Select(i => (long)i), await IdsAsync(t));
        Assert.Empty((await catalog.RemoveOrphanFilesAsync(Events, DateTimeOffset.UtcNow.AddMinutes(1), dryRun: true)).OrphanFiles);
    }

    internal static string LocalPath(string location) => location.StartsWith("file:", StringComparison.Ordinal) ? new Uri(location).LocalPath : location;

    private static string Norm(string location) => LocationNormalizer.Normalize(location);

    internal static RecordBatch PositionRows(params (string Path, long Pos)[] rows)
    {
        var schema = new Apache.Arrow.Schema([new Field("file_path", StringType.Default, false), new Field("pos", Int64Type.Default, false)], null);
        var paths = new StringArray.Builder();
        var pos = new Int64Array.Builder();
        foreach (var (p, i) in rows)
        {
            paths.Append(p);
            pos.Append(i);
        }

        return new RecordBatch(schema, [paths.Build(), pos.Build()], rows.Length);
    }

    private static RecordBatch IdRows(params long[] ids)
    {
        var schema = new Apache.Arrow.Schema([new Field("id", Int64Type.Default, false)], null);
        var b = new Int64Array.Builder();
        foreach (var id in ids) b.Append(id);
        return new RecordBatch(schema, [b.Build()], ids.Length);
    }

    internal static async Task<DataFile> WriteDeleteFileAsync(MetastoreCatalog catalog, TableMetadata metadata, DataFileContent content, RecordBatch rows, int[]? equalityIds)
    {
        using var ms = new MemoryStream();
        await using (var w = new ParquetBatchWriter(ms, rows.Schema))
        {
            await w.WriteBatchAsync(rows);
            await w.CompleteAsync();
        }

        var path = $"{metadata.Location.TrimEnd('/')}/data/{Guid.NewGuid()}-deletes.parquet";
        await catalog.Io.PutAsync(path, ms.ToArray(), default);
        return new DataFile(content, path, "PARQUET", [], rows.Length, ms.Length) { SpecId = metadata.DefaultSpecId, EqualityIds = equalityIds };
    }

    /// <summary>Commits a snapshot that adds <paramref name="deletes"/> in a delete manifest (merge-on-read deletes written by hand).</summary>
    internal static async Task CommitDeletesAsync(MetastoreCatalog catalog, TableIdentifier id, params DataFile[] deletes)
    {
        var (_, m) = await MaintenanceSupport.LoadAsync(catalog, id, default);
        var snapshotId = SnapshotProducer.NewSnapshotId();
        var written = new List<string>();
        var manifests = await MaintenanceSupport.CarryOverAsync(catalog, id, m, snapshotId, new HashSet<string>(), written, default);
        var entries = deletes.Select(d => new ManifestEntry(ManifestEntryStatus.Added, snapshotId, 0, null, d)).ToList();
        manifests.Add(await MaintenanceSupport.WriteManifestAsync(catalog.Io, m, m.DefaultSpec, ManifestContent.Deletes, snapshotId, entries, default));
        var summary = new Dictionary<string, string> { ["operation"] = "delete" };
        MaintenanceSupport.Totals(summary, m.CurrentSnapshot, manifests, deletes.Sum(d => d.FileSizeInBytes),
            deletes.Where(d => d.Content == DataFileContent.PositionDeletes).Sum(d => d.RecordCount),
            deletes.Where(d => d.Content == DataFileContent.EqualityDeletes).Sum(d => d.RecordCount));
        await MaintenanceSupport.CommitSnapshotAsync(catalog, id, m, snapshotId, 1, manifests, summary, written, default);
    }
}
