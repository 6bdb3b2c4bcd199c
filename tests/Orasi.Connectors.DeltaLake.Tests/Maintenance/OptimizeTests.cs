using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.DeltaLake.Log;
using Orasi.Connectors.DeltaLake.Operations;
using Orasi.Connectors.DeltaLake.Operations.Maintenance;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.DeltaLake.Scan;
using Orasi.Connectors.DeltaLake.Tests.Support;
using Orasi.Connectors.Predicates;
using Orasi.Connectors.Storage;
using Orasi.Testing;
using static Orasi.Connectors.DeltaLake.Tests.Maintenance.MaintenanceTestSupport;
using static Orasi.Connectors.DeltaLake.Tests.Operations.DeltaTestTables;

namespace Orasi.Connectors.DeltaLake.Tests.Maintenance;

public sealed class OptimizeTests : IDisposable
{
    private readonly TempDirectory _dir = new("delta-optimize");

    public void Dispose() => _dir.Dispose();

    private async Task WriteSmallFilesAsync(int commits, int rowsPerCommit = 50)
    {
        for (var i = 0; i < commits; i++)
        {
            await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(i * 1000, rowsPerCommit, "a", "b", null)], new DeltaWriteOptions { PartitionBy = ["part"] });
        }
    }

    [Fact]
    public async Task Compaction_reduces_files_per_partition_and_preserves_rows()
    {
        await WriteSmallFilesAsync(6);
        var before = await RowsAsync(_dir.Path);
        Assert.Equal(18, await FileCountAsync(_dir.Path));

        var result = await DeltaMaintenance.OptimizeAsync(_dir.Path);

        Assert.True(result.Committed);
        Assert.Equal(6, result.Version);
        Assert.Equal(18, result.FilesRemoved);
        Assert.Equal(3, result.FilesAdded);
        Assert.Equal(3, result.PartitionsOptimized);
        Assert.Equal(300, result.RowsWritten);
        Assert.Equal(3, await FileCountAsync(_dir.Path));
        Assert.Equal(before, await RowsAsync(_dir.Path));

        var commit = ReadCommit(_dir.Path, 6);
        var info = commit.OfType<CommitInfo>().Single();
        Assert.Equal("OPTIMIZE", info.Operation);
        var metrics = info.AdditionalFields["operationMetrics"];
        Assert.Equal("3", metrics.GetProperty("numFilesAdded").GetString());
        Assert.Equal("18", metrics.GetProperty("numFilesRemoved").GetString());
        Assert.Equal("3", metrics.GetProperty("partitionsOptimized").GetString());
        Assert.Equal("18", metrics.GetProperty("filesRemoved.totalFiles").GetString());
        Assert.All(commit.OfType<AddFile>(), a => Assert.False(a.DataChange));
        Assert.All(commit.OfType<RemoveFile>(), r => Assert.False(r.DataChange));
        Assert.All(commit.OfType<AddFile>(), a => Assert.NotNull(a.Stats));

        // Compacted files are not candidates again: nothing to do.
        var again = await DeltaMaintenance.OptimizeAsync(_dir.Path);
        Assert.False(again.Committed);
        Assert.Equal(6, again.Version);
    }

    [Fact]
    public async Task Partition_filter_limits_the_rewrite_and_must_use_partition_columns()
    {
        await WriteSmallFilesAsync(4);
        var result = await DeltaMaintenance.OptimizeAsync(_dir.Path, new DeltaOptimizeOptions { PartitionFilter = Predicate.Parse("part = 'a'") });

        Assert.Equal(4, result.FilesRemoved);
        Assert.Equal(1, result.FilesAdded);
        await using var store = ObjectStoreFactory.Open(_dir.Path);
        var state = await LogReplay.LoadAsync(store);
        Assert.Single(state.Files.Values, f => f.PartitionValues["part"] == "a");
        Assert.Equal(4, state.Files.Values.Count(f => f.PartitionValues["part"] == "b"));

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            DeltaMaintenance.OptimizeAsync(_dir.Path, new DeltaOptimizeOptions { PartitionFilter = Predicate.Parse("id > 3") }));
        Assert.Contains("id", error.Message, StringComparison.Ordinal);
        Assert.Contains("partition", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_at_or_above_the_minimum_size_are_left_alone()
    {
        await WriteSmallFilesAsync(3);
        var result = await DeltaMaintenance.OptimizeAsync(_dir.Path, new DeltaOptimizeOptions { MinFileSize = 1 });

        Assert.False(result.Committed);
        Assert.Equal(9, result.TotalConsideredFiles);
        Assert.Equal(9, await FileCountAsync(_dir.Path));
        await Assert.ThrowsAsync<ValidationFailedException>(() => DeltaMaintenance.OptimizeAsync(_dir.Path, new DeltaOptimizeOptions { TargetFileSize = 0 }));
    }

    [Fact]
    public async Task Files_with_deletion_vectors_are_rewritten_without_deleted_rows()
    {
        MaintenanceTestSupport.CopyTree(Path.Combine(Corpus.Table("dv-with-columnmapping")), _dir.Path);
        await using var store = ObjectStoreFactory.Open(_dir.Path);
        var stateBefore = await LogReplay.LoadAsync(store);
        Assert.Contains(stateBefore.Files.Values, f => f.DeletionVector is not null);
        var before = await RowsAsync(_dir.Path);

        var result = await DeltaMaintenance.OptimizeAsync(_dir.Path);

        Assert.True(result.Committed);
        var after = await LogReplay.LoadAsync(store);
        Assert.DoesNotContain(after.Files.Values, f => f.DeletionVector is not null);
        Assert.True(after.Files.Count < stateBefore.Files.Count, $"{stateBefore.Files.Count} files before, {after.Files.Count} after");
        Assert.Equal(before, await RowsAsync(_dir.Path));
    }

    [Fact]
    public async Task Zorder_makes_data_skipping_prune_more_files_for_a_range_predicate()
    {
        var schema = new Schema.Builder()
            .Field(new Field("x", Int64Type.Default, false))
            .Field(new Field("y", Int64Type.Default, false))
            .Build();
        var random = new Random(42);
        for (var f = 0; f < 8; f++)
        {
            var xs = new Int64Array.Builder();
            var ys = new Int64Array.Builder();
            for (var i = 0; i < 2500; i++)
            {
                xs.Append(random.Next(0, 1000));
                ys.Append(random.Next(0, 1000));
            }

            await DeltaTableWriter.WriteAsync(_dir.Path, [new RecordBatch(schema, [xs.Build(), ys.Build()], 2500)]);
        }

        var predicate = Predicate.Parse("x < 250 and y < 250");
        var before = await RowsAsync(_dir.Path);
        var (filesBefore, planBefore) = await PlanAsync(predicate);
        Assert.Equal(8, filesBefore);
        Assert.Equal(8, planBefore);

        var result = await DeltaMaintenance.OptimizeAsync(_dir.Path, new DeltaOptimizeOptions { ZOrderBy = ["x", "y"], TargetFileSize = 12_000 });

        Assert.True(result.Committed);
        var (filesAfter, planAfter) = await PlanAsync(predicate);
        Assert.True(filesAfter >= 4, $"expected several z-ordered files, got {filesAfter}");
        var fractionBefore = (double)planBefore / filesBefore;
        var fractionAfter = (double)planAfter / filesAfter;
        Assert.True(fractionAfter < 0.6 && fractionAfter < fractionBefore, $"z-order should prune: before {planBefore}/{filesBefore}, after {planAfter}/{filesAfter}");
        Assert.Equal(before, await RowsAsync(_dir.Path));
        var info = ReadCommit(_dir.Path, result.Version).OfType<CommitInfo>().Single();
        Assert.Equal("[\"x\",\"y\"]", info.OperationParameters!["zOrderBy"]);
    }

    [Fact]
    public async Task Zorder_rejects_unknown_and_partition_columns()
    {
        await WriteSmallFilesAsync(2);
        await Assert.ThrowsAsync<ValidationFailedException>(() => DeltaMaintenance.OptimizeAsync(_dir.Path, new DeltaOptimizeOptions { ZOrderBy = ["nope"] }));
        await Assert.ThrowsAsync<ValidationFailedException>(() => DeltaMaintenance.OptimizeAsync(_dir.Path, new DeltaOptimizeOptions { ZOrderBy = ["part"] }));
    }

    [Fact]
    public async Task Concurrent_append_does_not_conflict_with_optimize()
    {
        await WriteSmallFilesAsync(3);
        await using var store = ObjectStoreFactory.Open(_dir.Path);
        var prepared = await Optimizer.PrepareAsync(store, new DeltaOptimizeOptions(), CancellationToken.None);
        Assert.NotNull(prepared);

        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(50_000, 10, "a")]);
        var result = await prepared.CommitAsync(CancellationToken.None);

        Assert.Equal(4, result.Version);
        var rows = await RowsAsync(_dir.Path);
        Assert.Equal(160, rows.Count);
        Assert.Contains(rows, r => r.Contains("id=50000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Concurrent_delete_of_a_compacted_file_conflicts()
    {
        await WriteSmallFilesAsync(3);
        await using var store = ObjectStoreFactory.Open(_dir.Path);
        var prepared = await Optimizer.PrepareAsync(store, new DeltaOptimizeOptions(), CancellationToken.None);
        Assert.NotNull(prepared);

        await DeltaTableWriter.DeleteAsync(_dir.Path, Predicate.Parse("id = 1"));
        await Assert.ThrowsAsync<CommitConflictException>(() => prepared!.CommitAsync(CancellationToken.None));

        // The optimize's files were cleaned up and the table is the delete's result.
        foreach (var add in prepared!.Added)
        {
            Assert.Null(await store.HeadAsync(DeltaPaths.DecodeRelative(add.Path)));
        }

        Assert.Equal(149, (await RowsAsync(_dir.Path)).Count);
    }

    private async Task<(int Files, int Planned)> PlanAsync(Predicate predicate)
    {
        await using var store = ObjectStoreFactory.Open(_dir.Path);
        var state = await LogReplay.LoadAsync(store);
        var scanner = new DeltaScanner(store, new ScanContext(state.Metadata, _dir.Path), state.Files.Values.ToList());
        return (state.Files.Count, scanner.PlanFiles(predicate).Count);
    }
}
