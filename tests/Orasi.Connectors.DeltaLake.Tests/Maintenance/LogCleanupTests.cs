using Orasi.Connectors.DeltaLake.Log;
using Orasi.Connectors.DeltaLake.Operations;
using Orasi.Connectors.DeltaLake.Operations.Maintenance;
using Orasi.Connectors.Storage;
using Orasi.Testing;
using static Orasi.Connectors.DeltaLake.Tests.Maintenance.MaintenanceTestSupport;
using static Orasi.Connectors.DeltaLake.Tests.Operations.DeltaTestTables;

namespace Orasi.Connectors.DeltaLake.Tests.Maintenance;

public sealed class LogCleanupTests : IDisposable
{
    private readonly TempDirectory _dir = new("delta-logclean");

    public void Dispose() => _dir.Dispose();

    private async Task WriteVersionsAsync(int last, IReadOnlyDictionary<string, string>? properties = null)
    {
        var config = new Dictionary<string, string> { ["delta.checkpointInterval"] = "5" };
        foreach (var (k, v) in properties ?? new Dictionary<string, string>())
        {
            config[k] = v;
        }

        await DeltaTableWriter.CreateAsync(_dir.Path, TestSchema, properties: config);
        for (var v = 1; v <= last; v++)
        {
            await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(v * 100, 3)]);
        }
    }

    private void Age(int fromVersion, int toVersion, int days)
    {
        for (var v = fromVersion; v <= toVersion; v++)
        {
            File.SetLastWriteTimeUtc(CommitFile(_dir.Path, v), DateTime.UtcNow.AddDays(-days));
        }
    }

    [Fact]
    public async Task Cleanup_deletes_only_before_a_checkpoint_all_of_whose_predecessors_expired()
    {
        await WriteVersionsAsync(12);
        var expected = new Dictionary<long, int>();
        for (var v = 0; v <= 12; v++)
        {
            expected[v] = (await RowsAsync(_dir.Path, v)).Count;
        }

        Age(0, 6, 40);
        await using var store = ObjectStoreFactory.Open(_dir.Path);
        var metadata = (await LogReplay.LoadAsync(store)).Metadata;

        var result = await LogCleanup.RunAsync(store, metadata, DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal(5, result.EarliestVersion);
        Assert.Equal(Enumerable.Range(0, 5).Select(v => $"_delta_log/{v:D20}.json"), result.DeletedFiles);
        for (var v = 5; v <= 12; v++)
        {
            Assert.Equal(expected[v], (await RowsAsync(_dir.Path, v)).Count);
        }

        await Assert.ThrowsAsync<ValidationFailedException>(() => RowsAsync(_dir.Path, 4));

        // Everything expired: only what checkpoint 10 needs remains.
        Age(5, 12, 40);
        var all = await LogCleanup.RunAsync(store, metadata, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(10, all.EarliestVersion);
        Assert.Contains("_delta_log/00000000000000000005.checkpoint.parquet", all.DeletedFiles);
        Assert.False(File.Exists(CommitFile(_dir.Path, 9)));
        for (var v = 10; v <= 12; v++)
        {
            Assert.Equal(expected[v], (await RowsAsync(_dir.Path, v)).Count);
        }
    }

    [Fact]
    public async Task Checkpoint_runs_cleanup_unless_disabled()
    {
        await WriteVersionsAsync(8);
        Age(0, 8, 40);
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(900, 3)]);
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(1000, 3)]); // version 10: checkpoint, then cleanup

        Assert.False(File.Exists(CommitFile(_dir.Path, 0)));
        Assert.False(File.Exists(CommitFile(_dir.Path, 4)));
        Assert.True(File.Exists(CommitFile(_dir.Path, 5)));
        for (var v = 5; v <= 10; v++)
        {
            Assert.Equal(v * 3, (await RowsAsync(_dir.Path, v)).Count);
        }
    }

    [Fact]
    public async Task Disabled_expired_log_cleanup_keeps_everything()
    {
        await WriteVersionsAsync(8, new Dictionary<string, string> { ["delta.enableExpiredLogCleanup"] = "false" });
        Age(0, 8, 40);
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(900, 3)]);
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(1000, 3)]);

        Assert.True(File.Exists(CommitFile(_dir.Path, 0)));
        Assert.Empty(await RowsAsync(_dir.Path, 0));
    }

    [Fact]
    public async Task Log_retention_property_is_honoured()
    {
        await WriteVersionsAsync(6, new Dictionary<string, string> { ["delta.logRetentionDuration"] = "interval 2 days" });
        Age(0, 6, 3);
        await using var store = ObjectStoreFactory.Open(_dir.Path);
        var metadata = (await LogReplay.LoadAsync(store)).Metadata;
        var result = await LogCleanup.RunAsync(store, metadata, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(5, result.EarliestVersion);
        Assert.Equal(6 * 3, (await RowsAsync(_dir.Path, 6)).Count);
    }
}
