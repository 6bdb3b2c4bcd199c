using Apache.Arrow;
using Orasi.Connectors.DeltaLake.Scan;
using Orasi.Connectors.DeltaLake.Tests.Support;
using Orasi.Connectors.Predicates;

namespace Orasi.Connectors.DeltaLake.Tests.Scan;

public class ScanBehaviourTests
{
    private static async Task<List<string>> RowsAsync(DeltaSnapshot snapshot, DeltaScanOptions? options = null) =>
        RowCanonicalizer.Rows(await ScanHelpers.CollectAsync(snapshot.ScanAsync(options)));

    private static long RowCount(IEnumerable<RecordBatch> batches) => batches.Sum(b => (long)b.Length);

    [Fact]
    public async Task Time_travel_by_version_sees_each_append()
    {
        await using var table = await DeltaTable.OpenAsync(Corpus.Table("time-travel-start-start20-start40"));
        var counts = new List<long>();
        for (var v = 0; v <= 2; v++)
        {
            var snapshot = await table.GetSnapshotAsync(v);
            Assert.Equal(v, snapshot.Version);
            counts.Add(RowCount(await ScanHelpers.CollectAsync(snapshot.ScanAsync())));
        }

        Assert.Equal([10L, 20, 30], counts);
        var v0 = await RowsAsync(await table.GetSnapshotAsync(0));
        var v2 = await RowsAsync(await table.GetSnapshotAsync(2));
        Assert.All(v0, r => Assert.Contains(r, v2));
    }

    [Fact]
    public async Task Time_travel_to_a_missing_version_names_the_range()
    {
        await using var table = await DeltaTable.OpenAsync(Corpus.Table("time-travel-start-start20-start40"));
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => table.GetSnapshotAsync(7));
        Assert.Contains("0 to 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Time_travel_by_timestamp_uses_commit_file_times()
    {
        using var dir = CopyTable("time-travel-start-start20-start40");
        var t0 = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var v = 0; v <= 2; v++)
        {
            File.SetLastWriteTimeUtc(dir.Commit(v), t0.AddDays(v).UtcDateTime);
        }

        await using var table = await DeltaTable.OpenAsync(dir.Path);
        Assert.Equal(0, (await table.GetSnapshotAtTimestampAsync(t0)).Version);
        Assert.Equal(1, (await table.GetSnapshotAtTimestampAsync(t0.AddDays(1.5))).Version);
        Assert.Equal(2, (await table.GetSnapshotAtTimestampAsync(t0.AddDays(2))).Version);
        Assert.Equal(2, (await table.GetSnapshotAtTimestampAsync(t0.AddYears(10))).Version);
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => table.GetSnapshotAtTimestampAsync(t0.AddSeconds(-1)));
        Assert.Contains("before the earliest available commit", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Time_travel_by_timestamp_prefers_in_commit_timestamps()
    {
        using var dir = CopyTable("time-travel-start-start20-start40");
        var t0 = new DateTimeOffset(2021, 6, 1, 0, 0, 0, TimeSpan.Zero);
        for (var v = 0; v <= 2; v++)
        {
            var lines = File.ReadAllLines(dir.Commit(v)).ToList();
            var ict = t0.AddHours(v).ToUnixTimeMilliseconds();
            lines = lines.Select(l => l.StartsWith("{\"commitInfo\":{", StringComparison.Ordinal)
                ? "{\"commitInfo\":{\"inCommitTimestamp\":" + ict + "," + l["{\"commitInfo\":{".Length..]
                : l.Replace("\"configuration\":{}", "\"configuration\":{\"delta.enableInCommitTimestamps\":\"true\"}", StringComparison.Ordinal)).ToList();
            File.WriteAllLines(dir.Commit(v), lines);
            // File times run backwards: only in-commit timestamps give the right answer.
            File.SetLastWriteTimeUtc(dir.Commit(v), t0.AddDays(10 - v).UtcDateTime);
        }

        await using var table = await DeltaTable.OpenAsync(dir.Path);
        Assert.Equal(0, (await table.GetSnapshotAtTimestampAsync(t0.AddMinutes(30))).Version);
        Assert.Equal(1, (await table.GetSnapshotAtTimestampAsync(t0.AddHours(1))).Version);
        Assert.Equal(2, (await table.GetSnapshotAtTimestampAsync(t0.AddDays(1))).Version);
        await Assert.ThrowsAsync<ValidationFailedException>(() => table.GetSnapshotAtTimestampAsync(t0.AddMilliseconds(-1)));

        var history = await table.HistoryAsync();
        Assert.Equal([2L, 1, 0], history.Select(h => h.Version));
        Assert.Equal(t0.AddHours(2), history[0].Timestamp);
        Assert.All(history, h => Assert.Equal("WRITE", h.Operation));
        Assert.Equal("Append", history[0].OperationParameters["mode"]);
        Assert.Single(await table.HistoryAsync(limit: 1));
    }

    [Fact]
    public async Task Projection_returns_requested_columns_in_order()
    {
        await using var table = await DeltaTable.OpenAsync(Corpus.Table("data-reader-primitives"));
        var snapshot = await table.GetSnapshotAsync();
        var all = await ScanHelpers.CollectAsync(snapshot.ScanAsync());
        var names = snapshot.Schema.FieldsList.Select(f => f.Name).ToList();
        var pick = new[] { names[^1], names[0] };
        var projected = await ScanHelpers.CollectAsync(snapshot.ScanAsync(new DeltaScanOptions { Columns = pick, BatchSize = 3 }));
        Assert.All(projected, b => Assert.Equal(pick, b.Schema.FieldsList.Select(f => f.Name)));
        Assert.All(projected, b => Assert.True(b.Length <= 3));
        Assert.Equal(RowCount(all), RowCount(projected));
        var expected = RowCanonicalizer.Rows(all.Select(b => new RecordBatch(new Schema([b.Schema.FieldsList[^1], b.Schema.FieldsList[0]], null), [b.Column(b.ColumnCount - 1), b.Column(0)], b.Length)));
        GoldenTableTests.AssertSameMultiset("projection", expected, RowCanonicalizer.Rows(projected));

        await Assert.ThrowsAsync<ValidationFailedException>(async () => await ScanHelpers.CollectAsync(snapshot.ScanAsync(new DeltaScanOptions { Columns = ["no_such_column"] })));
    }

    [Fact]
    public async Task Partition_only_projection_and_limit()
    {
        await using var table = await DeltaTable.OpenAsync(Corpus.Table("data-reader-partition-values"));
        var snapshot = await table.GetSnapshotAsync();
        Assert.NotEmpty(snapshot.PartitionColumns);
        var batches = await ScanHelpers.CollectAsync(snapshot.ScanAsync(new DeltaScanOptions { Columns = [snapshot.PartitionColumns[0]] }));
        Assert.Equal(3, RowCount(batches));
        var limited = await ScanHelpers.CollectAsync(snapshot.ScanAsync(new DeltaScanOptions { Limit = 2 }));
        Assert.Equal(2, RowCount(limited));
        Assert.Empty(await ScanHelpers.CollectAsync(snapshot.ScanAsync(new DeltaScanOptions { Limit = 0 })));
    }

    [Fact]
    public async Task Limit_stops_reading_files_early()
    {
        await using var table = await DeltaTable.OpenAsync(Corpus.Table("data-skipping-partition-and-data-column"));
        var snapshot = await table.GetSnapshotAsync();
        Assert.True(snapshot.FileCount > 1);
        var batches = await ScanHelpers.CollectAsync(snapshot.ScanAsync(new DeltaScanOptions { Limit = 1 }));
        Assert.Equal(1, RowCount(batches));
        Assert.Equal(1, snapshot.Scanner.FilesRead);
    }

    [Theory]
    [InlineData("data-skipping-partition-and-data-column", "part = 1 and id = 0")]
    [InlineData("data-skipping-partition-and-data-column", "id > 0")]
    [InlineData("data-skipping-basic-stats-all-types-checkpoint", "as_int = 1")]
    [InlineData("data-skipping-basic-stats-all-types-checkpoint", "as_long > 0")]
    [InlineData("data-skipping-basic-stats-all-types-checkpoint", "as_string = '1'")]
    [InlineData("data-skipping-basic-stats-all-types-checkpoint", "as_date > '2000-01-01'")]
    [InlineData("data-skipping-basic-stats-all-types-checkpoint", "as_timestamp <= '2000-01-01T07:59:59Z'")]
    [InlineData("data-skipping-basic-stats-all-types-checkpoint", "as_timestamp > '2000-01-01T08:00:00.001Z'")]
    [InlineData("data-skipping-basic-stats-all-types-checkpoint", "as_big_decimal >= 1")]
    [InlineData("data-skipping-basic-stats-all-types-checkpoint", "as_double is null")]
    [InlineData("data-skipping-basic-stats-all-types-columnmapping-id", "as_int = 1")]
    [InlineData("data-skipping-basic-stats-all-types-columnmapping-id", "as_timestamp > '2000-01-01T08:00:00.001Z' or as_string = '7'")]
    public async Task Predicate_prunes_files_and_matches_filtering_after_a_full_scan(string name, string filter)
    {
        await using var table = await DeltaTable.OpenAsync(Corpus.Table(name));
        var snapshot = await table.GetSnapshotAsync();
        var predicate = Predicate.Parse(filter);
        var full = await ScanHelpers.CollectAsync(snapshot.ScanAsync());
        var expected = RowCanonicalizer.Rows(full.Select(predicate.Filter));
        var readBefore = snapshot.Scanner.FilesRead;

        var pruned = await ScanHelpers.CollectAsync(snapshot.ScanAsync(new DeltaScanOptions { Predicate = predicate }));
        var filesRead = snapshot.Scanner.FilesRead - readBefore;
        Assert.True(filesRead < snapshot.FileCount, $"{filter}: read {filesRead} of {snapshot.FileCount} files; expected pruning.");
        Assert.Equal(filesRead, snapshot.Scanner.PlanFiles(predicate).Count);
        GoldenTableTests.AssertSameMultiset(filter, expected, RowCanonicalizer.Rows(pruned));
    }

    [Fact]
    public async Task Timestamp_statistics_are_millisecond_truncated_so_max_bounds_are_widened()
    {
        await using var table = await DeltaTable.OpenAsync(Corpus.Table("data-skipping-basic-stats-all-types-checkpoint"));
        var snapshot = await table.GetSnapshotAsync();
        // One file's max is exactly 2000-01-01T08:00:00.000Z; a row up to 999 µs later could hide behind the truncation.
        var bound = Predicate.Parse("as_timestamp >= '2000-01-01T08:00:00.000500Z'");
        var plain = Predicate.Parse("as_timestamp >= '2000-01-01T08:00:01Z'");
        Assert.True(snapshot.Scanner.PlanFiles(bound).Count > snapshot.Scanner.PlanFiles(plain).Count);
    }

    [Fact]
    public async Task Predicate_on_unknown_column_is_rejected()
    {
        await using var table = await DeltaTable.OpenAsync(Corpus.Table("data-skipping-partition-and-data-column"));
        var snapshot = await table.GetSnapshotAsync();
        await Assert.ThrowsAsync<ValidationFailedException>(async () =>
            await ScanHelpers.CollectAsync(snapshot.ScanAsync(new DeltaScanOptions { Predicate = Predicate.Parse("nope = 1") })));
    }

    [Theory]
    [InlineData("dv-with-columnmapping")]
    [InlineData("log-replay-dv-key-cases")]
    public async Task Deletion_vectors_remove_exactly_their_rows(string name)
    {
        await using var table = await DeltaTable.OpenAsync(Corpus.Table(name));
        var snapshot = await table.GetSnapshotAsync();
        var withDv = snapshot.Files.Where(f => f.DeletionVector is not null).ToList();
        Assert.NotEmpty(withDv);
        long physicalRows = 0;
        foreach (var file in snapshot.Files)
        {
            using var reader = new ParquetSharp.ParquetFileReader(Path.Combine(Corpus.Table(name), Orasi.Connectors.DeltaLake.Protocol.DeltaPaths.DecodeRelative(file.Path)));
            physicalRows += reader.FileMetaData.NumRows;
        }

        var rows = RowCount(await ScanHelpers.CollectAsync(snapshot.ScanAsync()));
        Assert.Equal(physicalRows - snapshot.Files.Sum(f => f.DeletionVector?.Cardinality ?? 0), rows);
    }

    [Fact]
    public async Task Column_mapping_name_mode_exposes_logical_names()
    {
        await using var table = await DeltaTable.OpenAsync(Corpus.Table("table-with-columnmapping-mode-name"));
        var snapshot = await table.GetSnapshotAsync();
        Assert.Equal("name", snapshot.Properties["delta.columnMapping.mode"]);
        var physical = snapshot.DeltaSchema.Fields.Select(f => f.PhysicalName).ToList();
        Assert.All(physical, p => Assert.StartsWith("col-", p, StringComparison.Ordinal));
        var first = snapshot.DeltaSchema.Fields[0].Name;
        var batches = await ScanHelpers.CollectAsync(snapshot.ScanAsync(new DeltaScanOptions { Columns = [first] }));
        Assert.All(batches, b => Assert.Equal(first, Assert.Single(b.Schema.FieldsList).Name));
        Assert.True(RowCount(batches) > 0);
        Assert.True(batches.Sum(b => b.Column(0).Length - b.Column(0).NullCount) > 0, "the mapped column must be found in the files, not filled with nulls");
    }

    [Fact]
    public async Task Snapshot_exposes_files_and_sizes()
    {
        await using var table = await DeltaTable.OpenAsync(Corpus.Table("basic-decimal-table"));
        var snapshot = await table.GetSnapshotAsync();
        Assert.Equal(snapshot.Files.Count, snapshot.FileCount);
        Assert.Equal(snapshot.Files.Sum(f => f.Size), snapshot.TotalFileSize);
        Assert.True(snapshot.TotalFileSize > 0);
        Assert.Equal(snapshot.DeltaSchema.Fields.Count, snapshot.Schema.FieldsList.Count);
    }

    [Fact]
    public async Task Missing_table_and_unreadable_protocol_fail_clearly()
    {
        await Assert.ThrowsAsync<TableNotFoundException>(() => DeltaTable.OpenAsync(Path.Combine(Corpus.KernelGolden, "no-delta-log-folder")));
        await Assert.ThrowsAsync<TableNotFoundException>(() => DeltaTable.OpenAsync(Path.Combine(Corpus.KernelGolden, "hive")));
        await using var table = await DeltaTable.OpenAsync(Corpus.Table("deltalog-invalid-protocol-version"));
        var ex = await Assert.ThrowsAsync<UnsupportedFeatureException>(() => table.GetSnapshotAsync());
        Assert.Contains("reader version 99", ex.Message, StringComparison.Ordinal);
        await using var noMeta = await DeltaTable.OpenAsync(Corpus.Table("deltalog-state-reconstruction-without-metadata"));
        await Assert.ThrowsAsync<CorruptDataException>(() => noMeta.GetSnapshotAsync());
    }

    private static TempTable CopyTable(string name)
    {
        var target = Path.Combine(Path.GetTempPath(), "orasi-delta-" + Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.EnumerateFiles(Corpus.Table(name), "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(Corpus.Table(name), file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return new TempTable(target);
    }

    private sealed class TempTable(string path) : IDisposable
    {
        public string Path { get; } = path;

        public string Commit(long version) => System.IO.Path.Combine(Path, "_delta_log", version.ToString("D20", System.Globalization.CultureInfo.InvariantCulture) + ".json");

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
