using System.Text.Json;
using Orasi.Testing;

namespace Orasi.Cli.Tests;

/// <summary>scan / describe / history on Iceberg tables written by Spark (format detected from metadata/).</summary>
public sealed class TableCommandsOnIcebergTests
{
    private static string Table(params string[] parts) =>
        Path.Combine([Corpora.Root, "iceberg", "duckdb-iceberg", "data", "persistent", .. parts]);

    [Fact]
    public async Task Scan_applies_equality_deletes()
    {
        var result = await CliRunner.RunAsync("scan", Table("equality_deletes", "warehouse", "mydb", "mytable"), "--format", "jsonl");

        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(r => (r.GetProperty("id").GetInt32(), r.GetProperty("name").GetString(), r.GetProperty("bir").GetString()))
            .Order()
            .ToList();
        Assert.Equal([(4, "d", "2025-01-04"), (5, "e", "2025-01-05")], rows);
    }

    [Fact]
    public async Task Describe_and_history_show_the_snapshot_and_partition_spec()
    {
        var describe = await CliRunner.RunAsync("describe", Table("partition_integer"), "--format", "json");
        var history = await CliRunner.RunAsync("history", Table("partition_integer"), "--format", "jsonl");

        Assert.True(describe.ExitCode == 0, describe.ToString());
        var root = JsonDocument.Parse(describe.Output).RootElement;
        Assert.Equal("iceberg", root.GetProperty("format").GetString());
        Assert.Equal("identity(partition_col) as partition_col", root.GetProperty("partition_columns")[0].GetString());
        Assert.Equal("2", root.GetProperty("protocol").GetProperty("format-version").GetString());
        Assert.True(history.ExitCode == 0, history.ToString());
        var entry = JsonDocument.Parse(history.Output.Split('\n')[0]).RootElement;
        Assert.Equal(root.GetProperty("version").GetString(), entry.GetProperty("version").GetString());
        Assert.Equal("append", entry.GetProperty("operation").GetString());
    }

    [Fact]
    public async Task Time_travel_by_snapshot_id_reads_the_older_snapshot()
    {
        var table = Table("iceberg", "lineitem_iceberg");
        var history = await CliRunner.RunAsync("history", table, "--format", "jsonl");
        var oldest = history.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("version").GetString()!).Last();

        var old = await CliRunner.RunAsync("describe", table, "--version", oldest, "--format", "json");
        var unknown = await CliRunner.RunAsync("scan", table, "--version", "12345");

        Assert.True(old.ExitCode == 0, old.ToString());
        Assert.Equal(oldest, JsonDocument.Parse(old.Output).RootElement.GetProperty("version").GetString());
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("12345", unknown.Error, StringComparison.Ordinal);
    }
}
