using System.Text.Json;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Testing;

namespace Orasi.Cli.Tests;

/// <summary><c>orasi write --table-format iceberg</c>, <c>orasi generate --connector iceberg</c> and <c>[connectors.iceberg]</c> health.</summary>
public sealed class IcebergWriteCommandsTests : IDisposable
{
    private readonly TempDirectory _dir = new("cli-ice-write");

    public void Dispose() => _dir.Dispose();

    private static int Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

    [Fact]
    public async Task Generate_into_an_iceberg_table_partitions_by_day_of_timestamp()
    {
        var table = _dir.Combine("wh", "otel", "traces");
        var result = await CliRunner.RunAsync("generate", "--kind", "traces", "--records", "5000", "--batch-size", "1000", "--connector", "iceberg", "--target", table);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Iceberg table", result.Output, StringComparison.Ordinal);

        await using var catalog = new FileSystemCatalog(_dir.Combine("wh"));
        await using var loaded = await catalog.LoadTableAsync(new TableIdentifier("otel", "traces"));
        Assert.Equal("day", loaded.Metadata.DefaultSpec.Fields.Single().Transform.Name);
        Assert.Single(loaded.Snapshots);
        Assert.Equal("5000", loaded.CurrentSnapshot!.Summary["total-records"]);

        var count = await CliRunner.RunAsync("scan", table, "--format", "jsonl", "--columns", "span_id");
        Assert.True(count.ExitCode == 0, count.ToString());
        Assert.Equal(5000, Lines(count.Output));
    }

    [Fact]
    public async Task Write_creates_appends_and_overwrites_an_iceberg_table_and_detects_it()
    {
        var input = _dir.Combine("rows.jsonl");
        await File.WriteAllLinesAsync(input, Enumerable.Range(0, 30).Select(i => $"{{\"id\":{i},\"service\":\"svc-{i % 3}\"}}"));
        var table = _dir.Combine("wh", "db", "events");

        var create = await CliRunner.RunAsync("write", table, "--input", input, "--table-format", "iceberg", "--partition-by", "service");
        Assert.True(create.ExitCode == 0, create.ToString());
        Assert.Contains("30 rows in 3 files", create.Output, StringComparison.Ordinal);

        // no --table-format: the existing Iceberg table is detected (not a new Delta table)
        var append = await CliRunner.RunAsync("write", table, "--input", input);
        Assert.True(append.ExitCode == 0, append.ToString());
        Assert.Contains("Iceberg table", append.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(table, "_delta_log")));
        Assert.Equal(60, Lines((await CliRunner.RunAsync("scan", table, "--format", "jsonl")).Output));

        var overwrite = await CliRunner.RunAsync("write", table, "--input", input, "--mode", "overwrite");
        Assert.True(overwrite.ExitCode == 0, overwrite.ToString());
        Assert.Contains("files removed", overwrite.Output, StringComparison.Ordinal);
        Assert.Equal(30, Lines((await CliRunner.RunAsync("scan", table, "--format", "jsonl")).Output));

        var bad = await CliRunner.RunAsync("write", _dir.Combine("wh", "db", "other"), "--input", input, "--table-format", "iceberg", "--partition-by", "zorder(id)");
        Assert.Equal(2, bad.ExitCode);
    }

    [Fact]
    public async Task Health_checks_the_configured_iceberg_table()
    {
        var env = new Dictionary<string, string>
        {
            ["ICEBERG_CATALOG_TYPE"] = "sql",
            ["ICEBERG_CATALOG_URI"] = $"Data Source={_dir.Combine("catalog.db")}",
            ["ICEBERG_WAREHOUSE"] = _dir.Combine("wh"),
            ["ICEBERG_NAMESPACE"] = "otel",
            ["ICEBERG_TABLE"] = "logs",
        };
        var empty = await CliRunner.RunAsync(env, "health", "--format", "json");
        Assert.True(empty.ExitCode == 0, empty.ToString());
        var status = JsonDocument.Parse(empty.Output).RootElement.EnumerateArray().Single(e => e.GetProperty("connector").GetString() == "iceberg");
        Assert.Equal("healthy", status.GetProperty("state").GetString());
        Assert.Contains("no table yet", status.GetProperty("description").GetString(), StringComparison.Ordinal);

        var bad = await CliRunner.RunAsync(new Dictionary<string, string> { ["ICEBERG_CATALOG_TYPE"] = "rest", ["ICEBERG_CATALOG_URI"] = "http://127.0.0.1:1/", ["ICEBERG_TABLE"] = "t", ["ICEBERG_CREDENTIAL"] = "id:topsecret" }, "health", "--format", "json");
        Assert.Equal(1, bad.ExitCode);
        Assert.DoesNotContain("topsecret", bad.Output, StringComparison.Ordinal);
        var badStatus = JsonDocument.Parse(bad.Output).RootElement.EnumerateArray().Single(e => e.GetProperty("connector").GetString() == "iceberg");
        Assert.Equal("unhealthy", badStatus.GetProperty("state").GetString());
    }
}
