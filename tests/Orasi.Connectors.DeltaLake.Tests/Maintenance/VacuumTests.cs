using Orasi.Connectors.DeltaLake.Log;
using Orasi.Connectors.DeltaLake.Operations;
using Orasi.Connectors.DeltaLake.Operations.Maintenance;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.Storage;
using Orasi.Testing;
using static Orasi.Connectors.DeltaLake.Tests.Maintenance.MaintenanceTestSupport;
using static Orasi.Connectors.DeltaLake.Tests.Operations.DeltaTestTables;

namespace Orasi.Connectors.DeltaLake.Tests.Maintenance;

public sealed class VacuumTests : IDisposable
{
    private readonly TempDirectory _dir = new("delta-vacuum");

    public void Dispose() => _dir.Dispose();

    /// <summary>v0: two partitions; v1: overwrite (v0's files become tombstones); plus an old orphan, a fresh orphan and hidden files.</summary>
    private async Task<(List<string> V0Files, List<string> V1Rows)> SetUpAsync()
    {
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(0, 40, "a", "b")], new DeltaWriteOptions { PartitionBy = ["part"] });
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(100, 10, "a")], new DeltaWriteOptions { Mode = DeltaWriteMode.Overwrite });
        await using var store = ObjectStoreFactory.Open(_dir.Path);
        var v0 = (await LogReplay.LoadAsync(store, 0)).Files.Values.Select(f => DeltaPaths.DecodeRelative(f.Path)).ToList();
        Touch("orphan-old.parquet", DateTime.UtcNow.AddDays(-30));
        Touch("part=a/orphan-old-in-partition.parquet", DateTime.UtcNow.AddDays(-30));
        Touch("orphan-fresh.parquet", DateTime.UtcNow.AddDays(400));
        Touch("_hidden/x.parquet", DateTime.UtcNow.AddDays(-30));
        Touch(".hidden.parquet", DateTime.UtcNow.AddDays(-30));
        Touch("part=a/.part-x.crc", DateTime.UtcNow.AddDays(-30));
        return (v0, await RowsAsync(_dir.Path));
    }

    private void Touch(string relative, DateTime modified)
    {
        var path = Path.Combine(_dir.Path, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");
        File.SetLastWriteTimeUtc(path, modified);
    }

    private bool Exists(string relative) => File.Exists(Path.Combine(_dir.Path, relative));

    private async Task<DeltaVacuumResult> VacuumAtAsync(DateTimeOffset now, DeltaVacuumOptions? options = null)
    {
        await using var store = ObjectStoreFactory.Open(_dir.Path);
        return await Vacuumer.RunAsync(store, options ?? new DeltaVacuumOptions(), now, CancellationToken.None);
    }

    [Fact]
    public async Task Dry_run_lists_without_deleting_and_real_run_deletes_the_same_files()
    {
        var (v0Files, v1Rows) = await SetUpAsync();
        var later = DateTimeOffset.UtcNow.AddHours(200);

        var dry = await VacuumAtAsync(later, new DeltaVacuumOptions { DryRun = true });

        Assert.True(dry.DryRun);
        var expected = v0Files.Append("orphan-old.parquet").Append("part=a/orphan-old-in-partition.parquet").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, dry.Files);
        Assert.All(dry.Files, f => Assert.True(Exists(f)));
        Assert.Null(dry.StartVersion);
        Assert.Equal(1, (await LogReplay.LoadAsync(ObjectStoreFactory.Open(_dir.Path))).Version);

        var real = await VacuumAtAsync(later);

        Assert.False(real.DryRun);
        Assert.Equal(expected, real.Files);
        Assert.All(expected, f => Assert.False(Exists(f)));
        Assert.True(Exists("orphan-fresh.parquet"));
        Assert.True(Exists("_hidden/x.parquet"));
        Assert.True(Exists(".hidden.parquet"));
        Assert.True(Exists("part=a/.part-x.crc"));
        Assert.True(Exists("_delta_log/00000000000000000000.json"));
        Assert.Equal(v1Rows, await RowsAsync(_dir.Path, 1));
        Assert.Equal((2L, 3L), (real.StartVersion!.Value, real.EndVersion!.Value));
        Assert.Equal("VACUUM START", ReadCommit(_dir.Path, 2).OfType<CommitInfo>().Single().Operation);
        var end = ReadCommit(_dir.Path, 3);
        Assert.Equal("VACUUM END", Assert.IsType<CommitInfo>(Assert.Single(end)).Operation);
        Assert.Equal(v1Rows, await RowsAsync(_dir.Path));

        // Nothing left: no more commits.
        var again = await VacuumAtAsync(later);
        Assert.Empty(again.Files);
        Assert.Null(again.StartVersion);
    }

    [Fact]
    public async Task Versions_within_retention_stay_readable_after_vacuum()
    {
        var (v0Files, _) = await SetUpAsync();
        var v0Rows = await RowsAsync(_dir.Path, 0);

        // 100 hours later the tombstones of v1 are within the 168-hour retention: only old orphans go.
        var result = await VacuumAtAsync(DateTimeOffset.UtcNow.AddHours(100));

        Assert.Equal(["orphan-old.parquet", "part=a/orphan-old-in-partition.parquet"], result.Files);
        Assert.All(v0Files, f => Assert.True(Exists(f)));
        Assert.Equal(v0Rows, await RowsAsync(_dir.Path, 0));

        // 200 hours later they have expired.
        var expired = await VacuumAtAsync(DateTimeOffset.UtcNow.AddHours(200));
        Assert.Equal(v0Files.Order(StringComparer.Ordinal), expired.Files);
        await Assert.ThrowsAnyAsync<Exception>(() => RowsAsync(_dir.Path, 0));
    }

    [Fact]
    public async Task Short_retention_is_refused_unless_forced()
    {
        var (v0Files, v1Rows) = await SetUpAsync();

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            DeltaMaintenance.VacuumAsync(_dir.Path, new DeltaVacuumOptions { RetentionHours = 1 }));
        Assert.Contains("1 hours", error.Message, StringComparison.Ordinal);
        Assert.Contains("168 hours", error.Message, StringComparison.Ordinal);
        Assert.Contains("EnforceRetentionDuration", error.Message, StringComparison.Ordinal);
        Assert.All(v0Files, f => Assert.True(Exists(f)));

        await Task.Delay(20);
        var forced = await DeltaMaintenance.VacuumAsync(_dir.Path, new DeltaVacuumOptions { RetentionHours = 0, EnforceRetentionDuration = false });
        Assert.Equal(v0Files.Append("orphan-old.parquet").Append("part=a/orphan-old-in-partition.parquet").Order(StringComparer.Ordinal), forced.Files);
        Assert.All(v0Files, f => Assert.False(Exists(f)));
        Assert.Equal(v1Rows, await RowsAsync(_dir.Path));
    }

    [Fact]
    public async Task Table_retention_property_sets_the_default_and_the_minimum()
    {
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(0, 10)], new DeltaWriteOptions { Configuration = new Dictionary<string, string> { ["delta.deletedFileRetentionDuration"] = "interval 1 hours" } });
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(100, 10)], new DeltaWriteOptions { Mode = DeltaWriteMode.Overwrite });

        var notYet = await VacuumAtAsync(DateTimeOffset.UtcNow.AddMinutes(30), new DeltaVacuumOptions { DryRun = true });
        Assert.Empty(notYet.Files);
        var due = await VacuumAtAsync(DateTimeOffset.UtcNow.AddHours(2), new DeltaVacuumOptions { DryRun = true });
        Assert.Single(due.Files);
        Assert.Equal(TimeSpan.FromHours(1), due.Retention);
        await VacuumAtAsync(DateTimeOffset.UtcNow.AddHours(2), new DeltaVacuumOptions { DryRun = true, RetentionHours = 2 });
        await Assert.ThrowsAsync<ValidationFailedException>(() => VacuumAtAsync(DateTimeOffset.UtcNow, new DeltaVacuumOptions { RetentionHours = 0.5 }));
    }

    [Fact]
    public async Task Change_data_files_referenced_by_recent_commits_are_kept()
    {
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(0, 10)]);
        Touch("_change_data/cdc-recent.parquet", DateTime.UtcNow.AddDays(-30));
        Touch("_change_data/cdc-unreferenced.parquet", DateTime.UtcNow.AddDays(-30));
        var cdc = new AddCdcFile { Path = "_change_data/cdc-recent.parquet", Size = 1, DataChange = false };
        File.WriteAllBytes(CommitFile(_dir.Path, 1), DeltaActionSerializer.SerializeCommit([new CommitInfo { Timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Operation = "DELETE" }, cdc]));

        var result = await VacuumAtAsync(DateTimeOffset.UtcNow.AddHours(1), new DeltaVacuumOptions { DryRun = true });

        Assert.Equal(["_change_data/cdc-unreferenced.parquet"], result.Files);
    }
}
