using System.Text.Json;
using Orasi.Connectors.DeltaLake;
using Orasi.Testing;

namespace Orasi.Cli.Tests;

/// <summary><c>orasi write</c>, <c>orasi generate --connector deltalake</c> and the Delta health check.</summary>
public sealed class DeltaWriteCommandsTests : IDisposable
{
    private readonly TempDirectory _dir = new("cli-delta");

    public void Dispose() => _dir.Dispose();

    private static async Task<long> CountAsync(string table)
    {
        await using var delta = await DeltaTable.OpenAsync(table);
        var snapshot = await delta.GetSnapshotAsync();
        long rows = 0;
        await foreach (var batch in snapshot.ScanAsync())
        {
            rows += batch.Length;
        }

        return rows;
    }

    [Fact]
    public async Task Generate_into_a_delta_table_partitions_by_event_date_and_reads_back()
    {
        var table = _dir.Combine("lake", "traces");

        var result = await CliRunner.RunAsync("generate", "--kind", "traces", "--records", "20000", "--batch-size", "5000", "--connector", "deltalake", "--target", table);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("version 0", result.Output, StringComparison.Ordinal);
        await using var delta = await DeltaTable.OpenAsync(table);
        var snapshot = await delta.GetSnapshotAsync();
        Assert.Equal(0, snapshot.Version); // one commit for the whole run
        Assert.Equal(["event_date"], snapshot.PartitionColumns);
        Assert.Equal(20_000, snapshot.Files.Sum(f => JsonDocument.Parse(f.Stats!).RootElement.GetProperty("numRecords").GetInt64()));

        var describe = await CliRunner.RunAsync("describe", table, "--format", "json");
        Assert.True(describe.ExitCode == 0, describe.ToString());
        Assert.Equal("delta", JsonDocument.Parse(describe.Output).RootElement.GetProperty("format").GetString());
        var scan = await CliRunner.RunAsync("scan", table, "--columns", "timestamp,service_name,span_name,duration_ns,status_code", "--limit", "10", "--format", "jsonl");
        Assert.True(scan.ExitCode == 0, scan.ToString());
        var rows = scan.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10, rows.Length);
        Assert.Equal(["timestamp", "service_name", "span_name", "duration_ns", "status_code"],
            JsonDocument.Parse(rows[0]).RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("--output", "x.parquet", "--connector", "deltalake", "--target", "t")]
    [InlineData("--connector", "deltalake")]
    [InlineData("--target", "t")]
    [InlineData]
    public async Task Generate_needs_exactly_one_of_output_or_connector_and_target(params string[] where)
    {
        var result = await CliRunner.RunAsync(["generate", "-k", "traces", "-n", "10", .. where]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.Combine("t")));
    }

    [Fact]
    public async Task Generate_rejects_an_unknown_connector()
    {
        var result = await CliRunner.RunAsync("generate", "-k", "traces", "-n", "10", "--connector", "oracle", "--target", _dir.Combine("t"));
        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task Write_appends_parquet_and_jsonl_then_overwrites()
    {
        var parquet = _dir.Combine("logs.parquet");
        Assert.Equal(0, (await CliRunner.RunAsync("generate", "-k", "logs", "-n", "1000", "-o", parquet)).ExitCode);
        var table = _dir.Combine("logs_table");

        var first = await CliRunner.RunAsync("write", table, "--input", parquet, "--partition-by", "event_date");
        var second = await CliRunner.RunAsync("write", table, "--input", parquet);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Committed version 0", first.Output, StringComparison.Ordinal);
        Assert.Contains("1,000 rows", first.Output, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Committed version 1", second.Output, StringComparison.Ordinal);
        Assert.Equal(2_000, await CountAsync(table));

        var jsonl = _dir.Combine("rows.jsonl");
        await File.WriteAllLinesAsync(jsonl, Enumerable.Range(0, 50).Select(i => $$"""{"id": {{i}}, "name": "n{{i}}", "score": {{i}}.5}"""));
        var jsonTable = _dir.Combine("json_table");
        var created = await CliRunner.RunAsync("write", jsonTable, "--input", jsonl, "--partition-by", "name");
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal(50, await CountAsync(jsonTable));

        await File.WriteAllLinesAsync(jsonl, Enumerable.Range(0, 7).Select(i => $$"""{"id": {{i}}, "name": "m{{i}}", "score": 1.0}"""));
        var overwritten = await CliRunner.RunAsync("write", jsonTable, "--input", jsonl, "--mode", "overwrite");
        Assert.True(overwritten.ExitCode == 0, overwritten.ToString());
        Assert.Contains("files removed", overwritten.Output, StringComparison.Ordinal);
        Assert.Equal(7, await CountAsync(jsonTable));
    }

    [Fact]
    public async Task Write_with_schema_merge_adds_columns_and_without_it_fails_clearly()
    {
        var table = _dir.Combine("evolve");
        var a = _dir.Combine("a.jsonl");
        var b = _dir.Combine("b.jsonl");
        await File.WriteAllTextAsync(a, "{\"id\": 1}\n");
        await File.WriteAllTextAsync(b, "{\"id\": 2, \"extra\": \"x\"}\n");
        Assert.Equal(0, (await CliRunner.RunAsync("write", table, "--input", a)).ExitCode);

        var refused = await CliRunner.RunAsync("write", table, "--input", b);
        var merged = await CliRunner.RunAsync("write", table, "--input", b, "--schema-mode", "merge");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("extra", refused.Error, StringComparison.Ordinal);
        Assert.True(merged.ExitCode == 0, merged.ToString());
        await using var delta = await DeltaTable.OpenAsync(table);
        Assert.Equal(["id", "extra"], (await delta.GetSnapshotAsync()).Schema.FieldsList.Select(f => f.Name));
    }

    [Theory]
    [InlineData("data.csv")]
    [InlineData("missing.parquet")]
    public async Task Write_usage_errors_name_the_input(string name)
    {
        var input = _dir.Combine(name);
        if (name.EndsWith(".csv", StringComparison.Ordinal))
        {
            await File.WriteAllTextAsync(input, "a,b\n1,2\n");
        }

        var result = await CliRunner.RunAsync("write", _dir.Combine("t"), "--input", input);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(name, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_schema_overwrite_needs_overwrite_mode()
    {
        var input = _dir.Combine("a.jsonl");
        await File.WriteAllTextAsync(input, "{\"id\": 1}\n");
        var result = await CliRunner.RunAsync("write", _dir.Combine("t"), "--input", input, "--schema-mode", "overwrite");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--mode overwrite", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_of_a_deltalake_section_uses_the_connector()
    {
        var table = _dir.Combine("health", "t");
        var env = new Dictionary<string, string> { ["DELTALAKE_TABLE_PATH"] = table };

        var empty = await CliRunner.RunAsync(env, "health", "--format", "json");
        Assert.True(empty.ExitCode == 0, empty.ToString());
        var emptyStatus = JsonDocument.Parse(empty.Output).RootElement[0];
        Assert.Equal("healthy", emptyStatus.GetProperty("state").GetString());
        Assert.Contains("no table yet", emptyStatus.GetProperty("description").GetString(), StringComparison.Ordinal);

        Assert.Equal(0, (await CliRunner.RunAsync("generate", "-k", "logs", "-n", "100", "--connector", "deltalake", "--target", table)).ExitCode);
        var written = await CliRunner.RunAsync(env, "health", "--format", "json");
        Assert.True(written.ExitCode == 0, written.ToString());
        Assert.Contains("version 0", JsonDocument.Parse(written.Output).RootElement[0].GetProperty("description").GetString(), StringComparison.Ordinal);

        File.WriteAllText(_dir.Combine("blocker"), "x");
        var bad = await CliRunner.RunAsync(new Dictionary<string, string> { ["DELTALAKE_TABLE_PATH"] = _dir.Combine("blocker", "t") }, "health", "--format", "json");
        Assert.Equal(1, bad.ExitCode);
        Assert.Equal("unhealthy", JsonDocument.Parse(bad.Output).RootElement[0].GetProperty("state").GetString());
    }

    [Collection(MotoServerFixture.CollectionName)]
    public sealed class OnS3(MotoServerFixture moto)
    {
        [Fact]
        public async Task Generate_and_write_to_a_delta_table_on_s3()
        {
            var bucket = await moto.CreateBucketAsync("cli-delta");
            var storage = moto.StorageOptions().SelectMany(o => new[] { "--storage-option", $"{o.Key}={o.Value}" }).ToArray();
            var table = $"s3://{bucket}/lake/metrics";

            var generated = await CliRunner.RunAsync(["generate", "-k", "metrics", "-n", "2000", "--connector", "deltalake", "--target", table, .. storage]);
            Assert.True(generated.ExitCode == 0, generated.ToString());

            using var dir = new TempDirectory("cli-delta-s3");
            var input = dir.Combine("m.parquet");
            Assert.Equal(0, (await CliRunner.RunAsync("generate", "-k", "metrics", "-n", "500", "--seed", "9", "-o", input)).ExitCode);
            var appended = await CliRunner.RunAsync(["write", table, "--input", input, .. storage]);
            Assert.True(appended.ExitCode == 0, appended.ToString());
            Assert.Contains("Committed version 1", appended.Output, StringComparison.Ordinal);

            await using var delta = await DeltaTable.OpenAsync(table, moto.StorageOptions());
            var snapshot = await delta.GetSnapshotAsync();
            Assert.Equal(["event_date"], snapshot.PartitionColumns);
            long rows = 0;
            await foreach (var batch in snapshot.ScanAsync())
            {
                rows += batch.Length;
            }

            Assert.Equal(2_500, rows);
        }
    }
}
