using System.Security.Cryptography;
using Orasi.Connectors.Parquet;
using Orasi.Connectors.Telemetry;
using Orasi.Testing;
using Orasi.Testing.DuckDb;

namespace Orasi.Cli.Tests;

public sealed class GenerateCommandTests
{
    [Fact]
    public async Task One_million_spans_to_parquet_are_read_by_duckdb_with_the_trace_schema()
    {
        using var dir = new TempDirectory("cli-generate");
        var file = dir.Combine("lake", "traces.parquet");

        var result = await CliRunner.RunAsync("generate", "--kind", "traces", "--records", "1000000", "--output", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("1,000,000 traces records", result.Output, StringComparison.Ordinal);
        using var duck = new DuckDbReader();
        Assert.Equal(1_000_000, duck.CountRows(file));
        var columns = duck.DescribeParquet(file);
        Assert.Equal(TelemetrySchemas.Traces.FieldsList.Select(f => f.Name), columns.Select(c => c.Name));
        var types = columns.ToDictionary(c => c.Name, c => c.Type);
        Assert.Equal("TIMESTAMP WITH TIME ZONE", types["timestamp"]);
        Assert.Equal("VARCHAR", types["service_name"]);
        Assert.StartsWith("MAP(VARCHAR, VARCHAR)", types["span_attributes"], StringComparison.Ordinal);
        Assert.Equal("DATE", types["event_date"]);
        var distinctServices = (long)duck.Query($"select count(distinct service_name) from read_parquet({DuckDbReader.Literal(file)})")[0][0]!;
        Assert.True(distinctServices >= 10, $"expected many services, got {distinctServices}");
        var orphans = duck.Query($"""
            with s as (select trace_id, span_id, parent_span_id from read_parquet({DuckDbReader.Literal(file)}))
            select count(*) from s c where c.parent_span_id is not null
              and not exists (select 1 from s p where p.trace_id = c.trace_id and p.span_id = c.parent_span_id)
            """)[0][0];
        // Only the very last trace may be cut by the record limit; every other child has its parent.
        Assert.True(Convert.ToInt64(orphans, System.Globalization.CultureInfo.InvariantCulture) < 30, $"orphan spans: {orphans}");
    }

    [Theory]
    [InlineData("metrics")]
    [InlineData("logs")]
    public async Task Other_kinds_write_the_requested_number_of_rows(string kind)
    {
        using var dir = new TempDirectory("cli-generate");
        var file = dir.Combine($"{kind}.parquet");

        var result = await CliRunner.RunAsync("generate", "--kind", kind, "--records", "12345", "--seed", "7", "--output", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var duck = new DuckDbReader();
        Assert.Equal(12345, duck.CountRows(file));
        var expected = TelemetrySchemas.For(Enum.Parse<TelemetryKind>(kind, ignoreCase: true)).FieldsList.Select(f => f.Name);
        Assert.Equal(expected, duck.DescribeParquet(file).Select(c => c.Name));
    }

    [Fact]
    public async Task Same_seed_gives_identical_files_and_another_seed_differs()
    {
        using var dir = new TempDirectory("cli-generate");
        string Run(string name) => dir.Combine(name);

        Assert.Equal(0, (await CliRunner.RunAsync("generate", "-k", "logs", "-n", "5000", "-s", "3", "-o", Run("a.parquet"))).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("generate", "-k", "logs", "-n", "5000", "-s", "3", "-o", Run("b.parquet"))).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("generate", "-k", "logs", "-n", "5000", "-s", "4", "-o", Run("c.parquet"))).ExitCode);

        static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
        Assert.Equal(Hash(Run("a.parquet")), Hash(Run("b.parquet")));
        Assert.NotEqual(Hash(Run("a.parquet")), Hash(Run("c.parquet")));
    }

    [Fact]
    public async Task Jsonl_output_has_one_object_per_record()
    {
        using var dir = new TempDirectory("cli-generate");
        var file = dir.Combine("spans.jsonl");

        var result = await CliRunner.RunAsync("generate", "--kind", "traces", "--records", "250", "--output", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = File.ReadAllLines(file);
        Assert.Equal(250, lines.Length);
        using var first = System.Text.Json.JsonDocument.Parse(lines[0]);
        Assert.Equal(TelemetrySchemas.Traces.FieldsList.Select(f => f.Name), first.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.EndsWith("Z", first.RootElement.GetProperty("timestamp").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Directory_output_rolls_part_files_by_rows()
    {
        using var dir = new TempDirectory("cli-generate");
        var target = dir.Combine("out");

        var result = await CliRunner.RunAsync("generate", "--kind", "metrics", "--records", "2500", "--rows-per-file", "1000", "--batch-size", "700", "--output", target, "--compression", "zstd");

        Assert.True(result.ExitCode == 0, result.ToString());
        var files = Directory.GetFiles(target).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["metrics-part-00000.parquet", "metrics-part-00001.parquet", "metrics-part-00002.parquet"], files);
        using var duck = new DuckDbReader();
        Assert.Equal(2500, duck.CountRows(Path.Combine(target, "*.parquet")));
        Assert.Equal(1000, duck.CountRows(Path.Combine(target, "metrics-part-00000.parquet")));
        await using var reader = ParquetBatchReader.Open(Path.Combine(target, "metrics-part-00002.parquet"));
        Assert.Equal(500, reader.RowCount);
    }

    [Collection(MotoServerFixture.CollectionName)]
    public sealed class OnS3(MotoServerFixture moto)
    {
        [Fact]
        public async Task Writes_to_an_s3_uri_with_storage_options()
        {
            var bucket = await moto.CreateBucketAsync("cli");
            var storage = moto.StorageOptions().SelectMany(o => new[] { "--storage-option", $"{o.Key}={o.Value}" }).ToArray();

            var result = await CliRunner.RunAsync(["generate", "--kind", "logs", "--records", "3000", "--output", $"s3://{bucket}/lake/logs.parquet", .. storage]);

            Assert.True(result.ExitCode == 0, result.ToString());
            using var s3 = moto.CreateClient();
            var head = await s3.GetObjectMetadataAsync(bucket, "lake/logs.parquet");
            Assert.True(head.ContentLength > 0);

            var scan = await CliRunner.RunAsync(["scan", $"s3://{bucket}/lake/logs.parquet", "--format", "jsonl", "--limit", "3", .. storage]);
            Assert.True(scan.ExitCode == 0, scan.ToString());
            Assert.Equal(3, scan.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
    }

    [Theory]
    [InlineData("--records", "-1")]
    [InlineData("--batch-size", "0")]
    public async Task Invalid_numbers_are_usage_errors(string option, string value)
    {
        using var dir = new TempDirectory("cli-generate");
        var args = new List<string> { "generate", "--kind", "traces", "--records", "10", "--output", dir.Combine("x.parquet") };
        var index = args.IndexOf(option);
        if (index >= 0) { args[index + 1] = value; } else { args.Add(option); args.Add(value); }

        var result = await CliRunner.RunAsync([.. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.Combine("x.parquet")));
    }

    [Fact]
    public async Task Unknown_kind_and_missing_options_are_usage_errors()
    {
        var badKind = await CliRunner.RunAsync("generate", "--kind", "events", "--records", "1", "--output", "x.parquet");
        var missing = await CliRunner.RunAsync("generate", "--kind", "traces");

        Assert.Equal(2, badKind.ExitCode);
        Assert.Contains("events", badKind.Error, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--records", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extension_and_format_must_agree()
    {
        var result = await CliRunner.RunAsync("generate", "--kind", "traces", "--records", "1", "--output", "x.parquet", "--format", "jsonl");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--format jsonl", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unwritable_output_fails_with_exit_code_one_and_one_sentence()
    {
        using var dir = new TempDirectory("cli-generate");
        var blocker = dir.Combine("file");
        await File.WriteAllTextAsync(blocker, "not a directory");

        var result = await CliRunner.RunAsync("generate", "--kind", "traces", "--records", "10", "--output", Path.Combine(blocker, "x.parquet"));

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("orasi: error: ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verbose_prints_the_stack_trace()
    {
        using var dir = new TempDirectory("cli-generate");
        var blocker = dir.Combine("file");
        await File.WriteAllTextAsync(blocker, "x");

        var result = await CliRunner.RunAsync("generate", "--kind", "traces", "--records", "10", "--output", Path.Combine(blocker, "x.parquet"), "--verbose");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("   at ", result.Error, StringComparison.Ordinal);
    }
}
