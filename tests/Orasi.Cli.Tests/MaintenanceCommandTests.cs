using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.DeltaLake;
using Orasi.Connectors.DeltaLake.Operations;
using Orasi.Testing;

namespace Orasi.Cli.Tests;

/// <summary>orasi optimize / vacuum / restore on Delta tables written in a temp directory.</summary>
public sealed class MaintenanceCommandTests : IDisposable
{
    private static readonly Schema TestSchema = new Schema.Builder()
        .Field(new Field("id", Int64Type.Default, false))
        .Field(new Field("part", StringType.Default, true))
        .Build();

    private readonly TempDirectory _dir = new("cli-maintenance");

    public void Dispose() => _dir.Dispose();

    private static RecordBatch Batch(long start, int count, string part) => new(TestSchema,
        [new Int64Array.Builder().AppendRange(Enumerable.Range(0, count).Select(i => start + i)).Build(),
         new StringArray.Builder().AppendRange(Enumerable.Repeat(part, count)).Build()], count);

    private async Task<(int Files, long Rows, long Version)> StateAsync(long? version = null)
    {
        await using var table = await DeltaTable.OpenAsync(_dir.Path);
        var snapshot = await table.GetSnapshotAsync(version);
        long rows = 0;
        await foreach (var batch in snapshot.ScanAsync())
        {
            rows += batch.Length;
        }

        return (snapshot.FileCount, rows, snapshot.Version);
    }

    private async Task WriteAsync(int commits)
    {
        for (var i = 0; i < commits; i++)
        {
            await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(i * 10, 10, i % 2 == 0 ? "x" : "y")], new DeltaWriteOptions { PartitionBy = ["part"] });
        }
    }

    [Fact]
    public async Task Optimize_compacts_and_reports_counts()
    {
        await WriteAsync(6);

        var result = await CliRunner.RunAsync("optimize", _dir.Path, "--where", "part = 'x'");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("removed 3 files", result.Output, StringComparison.Ordinal);
        Assert.Contains("added 1 files", result.Output, StringComparison.Ordinal);
        Assert.Equal((4, 60L, 6L), await StateAsync());

        var zorder = await CliRunner.RunAsync("optimize", _dir.Path, "--zorder", "id", "--target-size", "1000000");
        Assert.True(zorder.ExitCode == 0, zorder.ToString());
        Assert.Equal(2, (await StateAsync()).Files);
    }

    [Fact]
    public async Task Optimize_rejects_bad_flags()
    {
        await WriteAsync(2);
        var size = await CliRunner.RunAsync("optimize", _dir.Path, "--target-size", "0");
        Assert.True(size.ExitCode == 2, size.ToString());
        var column = await CliRunner.RunAsync("optimize", _dir.Path, "--zorder", "nope");
        Assert.True(column.ExitCode == 1, column.ToString());
        Assert.Contains("nope", column.Error, StringComparison.Ordinal);
        var parquet = Path.Combine(_dir.Path, "plain");
        Directory.CreateDirectory(parquet);
        var notDelta = await CliRunner.RunAsync("optimize", parquet, "--table-format", "parquet");
        Assert.True(notDelta.ExitCode != 0, notDelta.ToString());
    }

    [Fact]
    public async Task Vacuum_dry_run_lists_refuses_short_retention_and_deletes_with_force()
    {
        await WriteAsync(2);
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(100, 5, "x")], new DeltaWriteOptions { Mode = DeltaWriteMode.Overwrite });
        await Task.Delay(20);

        var refused = await CliRunner.RunAsync("vacuum", _dir.Path, "--retention-hours", "0");
        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains("--force", refused.Error, StringComparison.Ordinal);

        var dry = await CliRunner.RunAsync("vacuum", _dir.Path, "--retention-hours", "0", "--force", "--dry-run");
        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Contains("Would delete 2 files", dry.Output, StringComparison.Ordinal);
        var listed = dry.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.EndsWith(".parquet", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, listed.Count);
        Assert.All(listed, f => Assert.True(File.Exists(Path.Combine(_dir.Path, f))));

        var real = await CliRunner.RunAsync("vacuum", _dir.Path, "--retention-hours", "0", "--force");
        Assert.True(real.ExitCode == 0, real.ToString());
        Assert.Contains("Deleted 2 files", real.Output, StringComparison.Ordinal);
        Assert.All(listed, f => Assert.False(File.Exists(Path.Combine(_dir.Path, f))));
        Assert.Equal(5, (await StateAsync()).Rows);

        var negative = await CliRunner.RunAsync("vacuum", _dir.Path, "--retention-hours", "-1");
        Assert.True(negative.ExitCode == 2, negative.ToString());
    }

    [Fact]
    public async Task Restore_by_version_and_timestamp()
    {
        await WriteAsync(3);
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(100, 5, "x")], new DeltaWriteOptions { Mode = DeltaWriteMode.Overwrite });

        var missing = await CliRunner.RunAsync("restore", _dir.Path);
        Assert.True(missing.ExitCode == 2, missing.ToString());

        var byVersion = await CliRunner.RunAsync("restore", _dir.Path, "--version", "1");
        Assert.True(byVersion.ExitCode == 0, byVersion.ToString());
        Assert.Contains("Restored to version 1 as version 4", byVersion.Output, StringComparison.Ordinal);
        Assert.Equal(20, (await StateAsync()).Rows);

        var t0 = DateTime.UtcNow.AddHours(-5);
        for (var v = 0; v <= 4; v++)
        {
            File.SetLastWriteTimeUtc(Path.Combine(_dir.Path, "_delta_log", $"{v:D20}.json"), t0.AddHours(v));
        }

        var byTime = await CliRunner.RunAsync("restore", _dir.Path, "--timestamp", t0.AddHours(3).AddMinutes(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(byTime.ExitCode == 0, byTime.ToString());
        Assert.Contains("Restored to version 3", byTime.Output, StringComparison.Ordinal);
        Assert.Equal(5, (await StateAsync()).Rows);
    }
}
