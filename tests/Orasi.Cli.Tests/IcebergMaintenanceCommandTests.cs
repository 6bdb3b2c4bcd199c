using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Testing;

namespace Orasi.Cli.Tests;

/// <summary><c>orasi optimize</c> / <c>orasi vacuum</c> / <c>orasi iceberg rewrite-manifests|remove-orphans</c> on Iceberg tables.</summary>
public sealed class IcebergMaintenanceCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new("cli-ice-maint");

    public void Dispose() => _dir.Dispose();

    private static int Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>A table with <paramref name="appends"/> snapshots of 5 rows each, written through the CLI.</summary>
    private async Task<string> TableAsync(int appends)
    {
        var table = _dir.Combine("wh", "db", "events");
        for (var i = 0; i < appends; i++)
        {
            var input = _dir.Combine($"rows-{i}.jsonl");
            await File.WriteAllLinesAsync(input, Enumerable.Range(i * 5, 5).Select(n => $"{{\"id\":{n},\"service\":\"svc-{n % 2}\"}}"));
            var write = await CliRunner.RunAsync("write", table, "--input", input, "--table-format", "iceberg");
            Assert.True(write.ExitCode == 0, write.ToString());
        }

        return table;
    }

    private async Task<(int DataFiles, int Snapshots, int Manifests)> StateAsync()
    {
        await using var catalog = new FileSystemCatalog(_dir.Combine("wh"));
        await using var t = await catalog.LoadTableAsync(new TableIdentifier("db", "events"));
        var entries = await t.EntriesAsync();
        return (entries.Count(e => e.Status != ManifestEntryStatus.Deleted), t.Snapshots.Count, (await t.ManifestsTableAsync()).Length);
    }

    [Fact]
    public async Task Optimize_compacts_an_iceberg_table()
    {
        var table = await TableAsync(6);
        Assert.Equal(6, (await StateAsync()).DataFiles);

        var zorder = await CliRunner.RunAsync("optimize", table, "--zorder", "id");
        Assert.Equal(2, zorder.ExitCode);
        var badMin = await CliRunner.RunAsync("optimize", table, "--min-input-files", "0");
        Assert.Equal(2, badMin.ExitCode);

        var tooFew = await CliRunner.RunAsync("optimize", table, "--min-input-files", "7");
        Assert.True(tooFew.ExitCode == 0, tooFew.ToString());
        Assert.Contains("Nothing to optimize", tooFew.Output, StringComparison.Ordinal);

        var result = await CliRunner.RunAsync("optimize", table, "--where", "id >= 0");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("removed 6 files", result.Output, StringComparison.Ordinal);
        Assert.Contains("added 1 files", result.Output, StringComparison.Ordinal);
        Assert.Equal(1, (await StateAsync()).DataFiles);
        Assert.Equal(30, Lines((await CliRunner.RunAsync("scan", table, "--format", "jsonl")).Output));
        var history = await CliRunner.RunAsync("history", table);
        Assert.Contains("replace", history.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vacuum_expires_snapshots_and_removes_orphans_with_dry_run_and_force()
    {
        var table = await TableAsync(4);
        Assert.Equal(0, (await CliRunner.RunAsync("optimize", table, "--min-input-files", "2")).ExitCode);
        var stray = Path.Combine(table, "data", "stray.parquet");
        await File.WriteAllTextAsync(stray, "junk");
        File.SetLastWriteTimeUtc(stray, DateTime.UtcNow.AddDays(-10));
        var before = await StateAsync();
        Assert.Equal(5, before.Snapshots);

        // Default retention (120 h): the snapshots are young; the 10-day-old stray file goes.
        var dflt = await CliRunner.RunAsync("vacuum", table, "--dry-run");
        Assert.True(dflt.ExitCode == 0, dflt.ToString());
        Assert.Contains("stray.parquet", dflt.Output, StringComparison.Ordinal);
        Assert.Contains("Would delete 1 files", dflt.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(stray));

        var refused = await CliRunner.RunAsync("vacuum", table, "--retention-hours", "0");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--force", refused.Error + refused.Output, StringComparison.Ordinal);

        var dry = await CliRunner.RunAsync("vacuum", table, "--retention-hours", "0", "--force", "--dry-run");
        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Contains("would expire 4 snapshots", dry.Output, StringComparison.Ordinal);
        Assert.Equal(before.Snapshots, (await StateAsync()).Snapshots);
        Assert.True(File.Exists(stray));
        var dryFiles = dry.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("Would delete", StringComparison.Ordinal)).ToList();
        Assert.Contains(dryFiles, f => f.EndsWith(".parquet", StringComparison.Ordinal) && !f.Contains("stray", StringComparison.Ordinal)); // the 4 compacted-away data files

        var real = await CliRunner.RunAsync("vacuum", table, "--retention-hours", "0", "--force");
        Assert.True(real.ExitCode == 0, real.ToString());
        Assert.Contains("expired 4 snapshots", real.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(stray));
        foreach (var f in dryFiles)
        {
            Assert.False(File.Exists(new Uri(f.StartsWith('/') ? "file://" + f : f).LocalPath), f);
        }

        Assert.Equal(1, (await StateAsync()).Snapshots);
        Assert.Equal(20, Lines((await CliRunner.RunAsync("scan", table, "--format", "jsonl")).Output));
        Assert.Equal(2, (await CliRunner.RunAsync("vacuum", table, "--retention-hours", "-1")).ExitCode);
    }

    [Fact]
    public async Task Iceberg_rewrite_manifests_and_remove_orphans_subcommands()
    {
        var table = await TableAsync(5);
        Assert.Equal(5, (await StateAsync()).Manifests);
        var rewrite = await CliRunner.RunAsync("iceberg", "rewrite-manifests", table);
        Assert.True(rewrite.ExitCode == 0, rewrite.ToString());
        Assert.Contains("Rewrote 5 data manifests into 1", rewrite.Output, StringComparison.Ordinal);
        Assert.Equal(1, (await StateAsync()).Manifests);
        Assert.Equal(25, Lines((await CliRunner.RunAsync("scan", table, "--format", "jsonl")).Output));
        Assert.Equal(2, (await CliRunner.RunAsync("iceberg", "rewrite-manifests", table, "--target-size", "0")).ExitCode);

        var leftover = Path.Combine(table, "metadata", "leftover-m0.avro");
        await File.WriteAllTextAsync(leftover, "junk");
        var young = await CliRunner.RunAsync("iceberg", "remove-orphans", table, "--dry-run");
        Assert.True(young.ExitCode == 0, young.ToString());
        Assert.Contains("Would delete 0 orphan files", young.Output, StringComparison.Ordinal);

        var dry = await CliRunner.RunAsync("iceberg", "remove-orphans", table, "--older-than-hours", "0", "--dry-run");
        Assert.Contains("leftover-m0.avro", dry.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(leftover));
        var real = await CliRunner.RunAsync("iceberg", "remove-orphans", table, "--older-than-hours", "0");
        Assert.True(real.ExitCode == 0, real.ToString());
        Assert.Contains("Deleted 1 orphan files", real.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(leftover));
        long first;
        await using (var catalog = new FileSystemCatalog(_dir.Combine("wh")))
        await using (var t = await catalog.LoadTableAsync(new TableIdentifier("db", "events")))
        {
            first = t.Snapshots.OrderBy(x => x.SequenceNumber).First().SnapshotId;
        }

        var travel = await CliRunner.RunAsync("scan", table, "--format", "jsonl", "--version", first.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(travel.ExitCode == 0, travel.ToString());
        Assert.Equal(5, Lines(travel.Output));
    }
}
