using System.Text.Json;
using Orasi.Testing;

namespace Orasi.Cli.Tests;

/// <summary><c>orasi changes</c> on Delta tables with the change data feed.</summary>
public sealed class ChangesCommandTests
{
    private static string CdfTable => Path.Combine(Corpora.Root, "delta", "kernel-testdata", "cdf-table-simple");

    [Fact]
    public async Task Jsonl_lists_inserts_and_deletes_with_version_and_type()
    {
        var result = await CliRunner.RunAsync("changes", CdfTable, "--from", "0", "--to", "1", "--format", "jsonl");

        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(20, rows.Count);
        Assert.Equal(10, rows.Count(r => r.GetProperty("_change_type").GetString() == "insert"));
        Assert.Equal(10, rows.Count(r => r.GetProperty("_change_type").GetString() == "delete"));
        Assert.All(rows, r => Assert.True(r.TryGetProperty("_commit_timestamp", out _)));
        Assert.Equal(["id", "_change_type", "_commit_version", "_commit_timestamp"], rows[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Csv_with_columns_and_limit()
    {
        var result = await CliRunner.RunAsync("changes", CdfTable, "--from", "1", "--format", "csv", "--columns", "_commit_version,id", "--limit", "3");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("_commit_version,id", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.StartsWith("1,", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Table_format_renders_rows()
    {
        var result = await CliRunner.RunAsync("changes", CdfTable, "--from", "0", "--to", "0");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("_change_type", result.Output, StringComparison.Ordinal);
        Assert.Contains("(10 rows)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_use_the_documented_exit_codes()
    {
        var missingFrom = await CliRunner.RunAsync("changes", CdfTable);
        Assert.Equal(2, missingFrom.ExitCode);

        var backwards = await CliRunner.RunAsync("changes", CdfTable, "--from", "2", "--to", "1");
        Assert.Equal(2, backwards.ExitCode);

        var plain = Path.Combine(Corpora.DeltaGoldenTable("time-travel-start-start20-start40"));
        var notEnabled = await CliRunner.RunAsync("changes", plain, "--from", "0");
        Assert.Equal(1, notEnabled.ExitCode);
        Assert.Contains("change data feed is not enabled", notEnabled.ToString(), StringComparison.Ordinal);
    }
}
