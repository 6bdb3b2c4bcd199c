using Amazon.S3.Model;
using Orasi.Testing;

namespace Orasi.Cli.Tests;

[Collection(MotoServerFixture.CollectionName)]
public sealed class S3ParquetCliTests(MotoServerFixture moto)
{
    [Fact]
    public async Task Generate_through_the_s3_parquet_connector_then_scan_the_dataset_root_with_pruning()
    {
        var bucket = await moto.CreateBucketAsync("cli-s3p");
        var storage = moto.StorageOptions().SelectMany(o => new[] { "--storage-option", $"{o.Key}={o.Value}" }).ToArray();

        var result = await CliRunner.RunAsync(["generate", "--kind", "traces", "--records", "20000", "--connector", "s3-parquet",
            "--target", $"s3://{bucket}/ds", "--partition-by", "service_name", .. storage]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("s3-parquet", result.Output, StringComparison.Ordinal);
        using var s3 = moto.CreateClient();
        var keys = (await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "ds/" })).S3Objects.Select(o => o.Key).ToList();
        Assert.Contains(keys, k => k.StartsWith("ds/_manifests/", StringComparison.Ordinal));
        var dataKey = keys.First(k => k.EndsWith(".parquet", StringComparison.Ordinal));
        Assert.Matches(@"^ds/service_name=[^/]+/year=2026/month=01/day=01/hour=00/part-[0-9a-f]{12}-00000000-\d{5}\.parquet$", dataKey);
        var service = dataKey.Split('/')[1]["service_name=".Length..];

        var all = await CliRunner.RunAsync(["scan", $"s3://{bucket}/ds", "--format", "csv", "--columns", "span_id,hour", "--limit", "100000", .. storage]);
        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.Equal(20_001, all.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // header + rows

        var one = await CliRunner.RunAsync(["scan", $"s3://{bucket}/ds", "--format", "csv", "--columns", "service_name,year",
            "--where", $"service_name = '{service}' and year = 2026", "--limit", "100000", .. storage]);
        Assert.True(one.ExitCode == 0, one.ToString());
        var lines = one.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 1);
        Assert.All(lines.Skip(1), l => Assert.Equal($"{service},2026", l.Trim()));
    }

    [Fact]
    public async Task The_connector_needs_a_target()
    {
        var result = await CliRunner.RunAsync("generate", "--kind", "traces", "--records", "1", "--connector", "s3-parquet");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--target", result.Error, StringComparison.Ordinal);
    }
}
