using System.Text.Json;
using Orasi.Testing;

namespace Orasi.Cli.Tests;

/// <summary>orasi iceberg create / append / metadata, then scan through the generic commands.</summary>
public sealed class IcebergCommandTests
{
    [Fact]
    public async Task Create_append_overwrite_and_metadata_tables()
    {
        using var dir = new TempDirectory("cli-ice");
        var input = dir.Combine("rows.jsonl");
        await File.WriteAllLinesAsync(input, Enumerable.Range(0, 20).Select(i => $"{{\"id\":{i},\"service\":\"svc-{i % 3}\"}}"));
        var table = dir.Combine("warehouse", "db", "events");

        var create = await CliRunner.RunAsync("iceberg", "create", table, "--like", input, "--partition", "service");
        Assert.True(create.ExitCode == 0, create.ToString());
        var append1 = await CliRunner.RunAsync("iceberg", "append", table, "--input", input);
        Assert.True(append1.ExitCode == 0, append1.ToString());
        Assert.Contains("20 rows in 3 files", append1.Output, StringComparison.Ordinal);
        var append2 = await CliRunner.RunAsync("iceberg", "append", table, "--input", input);
        Assert.True(append2.ExitCode == 0, append2.ToString());

        var scan = await CliRunner.RunAsync("scan", table, "--format", "jsonl");
        Assert.True(scan.ExitCode == 0, scan.ToString());
        Assert.Equal(40, scan.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var snapshots = await CliRunner.RunAsync("iceberg", "metadata", table, "--table", "snapshots", "--format", "jsonl");
        Assert.True(snapshots.ExitCode == 0, snapshots.ToString());
        Assert.Equal(2, snapshots.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var files = await CliRunner.RunAsync("iceberg", "metadata", table, "--table", "files", "--format", "jsonl");
        Assert.Equal(6, files.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        foreach (var t in new[] { "history", "manifests", "partitions", "refs" })
        {
            var r = await CliRunner.RunAsync("iceberg", "metadata", table, "--table", t);
            Assert.True(r.ExitCode == 0, r.ToString());
        }

        var overwrite = await CliRunner.RunAsync("iceberg", "append", table, "--input", input, "--mode", "overwrite");
        Assert.True(overwrite.ExitCode == 0, overwrite.ToString());
        var after = await CliRunner.RunAsync("scan", table, "--format", "jsonl");
        var ids = after.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetInt64()).Order();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), ids);

        var bad = await CliRunner.RunAsync("iceberg", "metadata", table, "--table", "nope");
        Assert.Equal(2, bad.ExitCode);
        var missing = await CliRunner.RunAsync("iceberg", "append", table, "--input", dir.Combine("missing.jsonl"));
        Assert.Equal(2, missing.ExitCode);
    }
}
