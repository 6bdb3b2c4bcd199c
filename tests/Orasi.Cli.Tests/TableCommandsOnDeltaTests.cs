using System.Text.Json;
using Orasi.Testing;

namespace Orasi.Cli.Tests;

/// <summary>describe / history / scan (with time travel) on Delta tables written by Spark.</summary>
public sealed class TableCommandsOnDeltaTests
{
    private static string Golden(string name) => Corpora.DeltaGoldenTable(name);

    [Fact]
    public async Task Describe_json_shows_schema_partitioning_protocol_and_files()
    {
        var result = await CliRunner.RunAsync("describe", Golden("time-travel-partition-changes-a"), "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var root = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal("delta", root.GetProperty("format").GetString());
        Assert.Equal(["id", "part5"], root.GetProperty("schema").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(["part5"], root.GetProperty("partition_columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("1", root.GetProperty("protocol").GetProperty("minReaderVersion").GetString());
        Assert.True(root.GetProperty("file_count").GetInt64() > 0);
    }

    [Fact]
    public async Task Scan_at_a_version_and_at_the_latest_differ_as_the_log_says()
    {
        var table = Golden("time-travel-start-start20-start40");

        var v0 = await CliRunner.RunAsync("scan", table, "--version", "0", "--format", "jsonl");
        var latest = await CliRunner.RunAsync("scan", table, "--format", "jsonl");

        Assert.True(v0.ExitCode == 0, v0.ToString());
        Assert.True(latest.ExitCode == 0, latest.ToString());
        static int Lines(string s) => s.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        Assert.True(Lines(v0.Output) < Lines(latest.Output), $"v0 {Lines(v0.Output)} rows, latest {Lines(latest.Output)} rows");
    }

    [Fact]
    public async Task History_lists_every_version_newest_first()
    {
        var result = await CliRunner.RunAsync("history", Golden("time-travel-start-start20-start40"), "--format", "jsonl");

        Assert.True(result.ExitCode == 0, result.ToString());
        var versions = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => long.Parse(JsonDocument.Parse(l).RootElement.GetProperty("version").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(versions.Count >= 3);
        Assert.Equal(versions.OrderByDescending(v => v), versions);
        Assert.Equal(0, versions[^1]);
    }

    [Fact]
    public async Task Scan_applies_where_on_partition_and_data_columns()
    {
        var result = await CliRunner.RunAsync("scan", Golden("dv-with-columnmapping"), "--where", "part = 1", "--format", "jsonl");

        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(1, r.GetProperty("part").GetInt32()));
    }

    [Fact]
    public async Task Bad_time_travel_arguments_are_usage_errors_and_a_missing_version_is_a_clear_failure()
    {
        var both = await CliRunner.RunAsync("scan", Golden("time-travel-start-start20-start40"), "--version", "0", "--timestamp", "2020-01-01T00:00:00Z");
        var badTime = await CliRunner.RunAsync("scan", Golden("time-travel-start-start20-start40"), "--timestamp", "yesterday-ish");
        var tooNew = await CliRunner.RunAsync("scan", Golden("time-travel-start-start20-start40"), "--version", "999");

        Assert.Equal(2, both.ExitCode);
        Assert.Equal(2, badTime.ExitCode);
        Assert.Equal(1, tooNew.ExitCode);
        Assert.Contains("999", tooNew.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_of_plain_parquet_is_refused_clearly()
    {
        using var dir = new TempDirectory("cli-history");
        Assert.Equal(0, (await CliRunner.RunAsync("generate", "-k", "logs", "-n", "10", "-o", dir.Combine("x"))).ExitCode);

        var result = await CliRunner.RunAsync("history", dir.Combine("x"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no history", result.Error, StringComparison.Ordinal);
    }
}
