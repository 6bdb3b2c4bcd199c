using System.Text.Json;
using Orasi.Testing;
using Orasi.Testing.DuckDb;

namespace Orasi.Cli.Tests;

public sealed class ScanCommandTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("cli-scan");

    private string Traces => _dir.Combine("traces.parquet");

    public async Task InitializeAsync()
    {
        var result = await CliRunner.RunAsync("generate", "--kind", "traces", "--records", "20000", "--seed", "11", "--output", Traces);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Jsonl_scan_with_filter_and_projection_matches_duckdb()
    {
        var result = await CliRunner.RunAsync("scan", Traces, "--columns", "service_name,duration_ns,status_code",
            "--where", "status_code = 'STATUS_CODE_ERROR' and duration_ns > 1000000", "--format", "jsonl");

        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        using var duck = new DuckDbReader();
        var expected = (long)duck.Query($"select count(*) from read_parquet({DuckDbReader.Literal(Traces)}) where status_code = 'STATUS_CODE_ERROR' and duration_ns > 1000000")[0][0]!;
        Assert.True(expected > 0, "the generated data should contain slow errors");
        Assert.Equal(expected, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal(["service_name", "duration_ns", "status_code"], r.EnumerateObject().Select(p => p.Name));
            Assert.Equal("STATUS_CODE_ERROR", r.GetProperty("status_code").GetString());
            Assert.True(r.GetProperty("duration_ns").GetInt64() > 1_000_000);
        });
    }

    [Fact]
    public async Task Limit_caps_rows_and_table_format_shows_a_count()
    {
        var jsonl = await CliRunner.RunAsync("scan", Traces, "--limit", "7", "--format", "jsonl");
        var table = await CliRunner.RunAsync("scan", Traces, "--columns", "span_name", "--limit", "3");

        Assert.Equal(7, jsonl.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("span_name", table.Output, StringComparison.Ordinal);
        Assert.Contains("(3 rows)", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_has_a_header_and_one_line_per_row()
    {
        var result = await CliRunner.RunAsync("scan", Traces, "--columns", "span_id,service_name", "--limit", "5", "--format", "csv");

        var lines = result.Output.Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("span_id,service_name", lines[0]);
        Assert.Equal(6, lines.Length);
    }

    [Fact]
    public async Task Parquet_output_writes_the_filtered_rows()
    {
        var output = _dir.Combine("errors.parquet");
        var result = await CliRunner.RunAsync("scan", Traces, "--where", "status_code = 'STATUS_CODE_ERROR'", "--format", "parquet", "--output", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var duck = new DuckDbReader();
        var expected = (long)duck.Query($"select count(*) from read_parquet({DuckDbReader.Literal(Traces)}) where status_code = 'STATUS_CODE_ERROR'")[0][0]!;
        Assert.Equal(expected, duck.CountRows(output));
    }

    [Fact]
    public async Task A_directory_is_scanned_as_one_dataset()
    {
        var parts = _dir.Combine("parts");
        Assert.Equal(0, (await CliRunner.RunAsync("generate", "-k", "logs", "-n", "3000", "--rows-per-file", "1000", "-o", parts)).ExitCode);

        var result = await CliRunner.RunAsync("scan", parts, "--columns", "severity_text", "--format", "jsonl");

        Assert.Equal(3000, result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Bad_inputs_give_clear_errors()
    {
        var missing = await CliRunner.RunAsync("scan", _dir.Combine("nope.parquet"));
        var badColumn = await CliRunner.RunAsync("scan", Traces, "--columns", "no_such_column");
        var badWhere = await CliRunner.RunAsync("scan", Traces, "--where", "duration_ns >");
        var parquetNoOutput = await CliRunner.RunAsync("scan", Traces, "--format", "parquet");

        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("nope.parquet", missing.Error, StringComparison.Ordinal);
        Assert.Equal(1, badColumn.ExitCode);
        Assert.Contains("no_such_column", badColumn.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, badWhere.ExitCode);
        Assert.Contains("orasi: error:", badWhere.Error, StringComparison.Ordinal);
        Assert.Equal(2, parquetNoOutput.ExitCode);
    }

    [Fact]
    public async Task A_corrupt_file_is_reported_by_name()
    {
        var corrupt = _dir.Combine("corrupt.parquet");
        await File.WriteAllBytesAsync(corrupt, [.. "PAR1"u8, 1, 2, 3, 4, 5, 6, 7, 8, .. "PAR1"u8]);

        var result = await CliRunner.RunAsync("scan", corrupt);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("corrupt.parquet", result.Error, StringComparison.Ordinal);
    }
}
