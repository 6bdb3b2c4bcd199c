using Amazon.S3.Model;
using Apache.Arrow;
using Orasi.Connectors.Configuration;
using Orasi.Connectors.S3Parquet.Reading;
using Orasi.Connectors.S3Parquet.Tests.Support;
using Orasi.Connectors.Storage;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Tests.Storage;
using Orasi.Testing;
using Orasi.Testing.DuckDb;

namespace Orasi.Connectors.S3Parquet.Tests.S3;

[Collection(MotoServerFixture.CollectionName)]
public sealed class S3ParquetConnectorMotoTests(MotoServerFixture moto)
{
    private S3ParquetOptions Options(string bucket, Action<S3ParquetOptions>? configure = null)
    {
        var options = new S3ParquetOptions
        {
            Bucket = bucket,
            Prefix = "telemetry/traces",
            Endpoint = moto.Endpoint.ToString().TrimEnd('/'),
            Region = "us-east-1",
            AccessKeyId = MotoServerFixture.AccessKeyId,
            SecretAccessKey = MotoServerFixture.SecretAccessKey,
            PathStyle = true,
            PartitionBy = ["service_name"],
            TimePartitionColumn = TelemetryColumnNames.Timestamp,
            WriterId = "moto",
            StorageOptions = new Dictionary<string, string> { ["max_retries"] = "1", ["retry_base_delay"] = "10ms" },
        };
        configure?.Invoke(options);
        return options;
    }

    [Fact]
    public async Task Partitioned_dataset_on_s3_round_trips_and_duckdb_reads_the_same_rows_with_hive_partitioning()
    {
        var bucket = await moto.CreateBucketAsync("s3p");
        var batches = SpanRows.Generate(5000);
        await using var connector = new S3ParquetConnector(Options(bucket));
        Assert.True((await connector.HealthCheckAsync()).IsHealthy);
        foreach (var batch in batches)
        {
            await connector.WriteBatchAsync(batch);
        }

        var flush = await connector.FlushDatasetAsync();
        Assert.Equal(5000, flush.RowCount);
        Assert.Equal(SpanRows.Fingerprints(batches), SpanRows.Fingerprints(await SpanRows.ToListAsync(connector.ReadAsync())));
        var partitions = await connector.ListPartitionsAsync();
        Assert.Equal(flush.Files.Select(f => f.Partition).Distinct().Count(), partitions.Count);

        var service = partitions[0].Values[0].Value!;
        var pruned = await SpanRows.ToListAsync(connector.ReadAsync(new ReadRequest { Filter = $"service_name = '{service}' and hour = 1", Columns = ["span_id", "service_name", "hour"] }));
        Assert.All(pruned, b => Assert.All(Enumerable.Range(0, b.Length), i => Assert.Equal(service, ((StringArray)b.Column(1)).GetString(i))));

        // Download the objects and let DuckDB read the dataset with hive_partitioning.
        using var dir = new TempDirectory("s3p-duck");
        using var client = moto.CreateClient();
        var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "telemetry/traces/" });
        foreach (var item in listed.S3Objects.Where(o => o.Key.EndsWith(".parquet", StringComparison.Ordinal)))
        {
            using var response = await client.GetObjectAsync(bucket, item.Key);
            var local = Path.Combine(dir.Path, item.Key["telemetry/traces/".Length..]);
            Directory.CreateDirectory(Path.GetDirectoryName(local)!);
            await using var file = File.Create(local);
            await response.ResponseStream.CopyToAsync(file);
        }

        using var duck = new DuckDbReader();
        var glob = DuckDbReader.Literal(Path.Combine(dir.Path, "**", "*.parquet"));
        var rows = duck.Query($"select hex(span_id), hex(trace_id), service_name, duration_ns from read_parquet({glob}, hive_partitioning = true)");
        var fromDuck = rows.Select(r => string.Join('|', r[0], r[1], r[2], r[3])).Order(StringComparer.Ordinal).ToList();
        var expected = SpanRows.Fingerprints(batches).Select(f => f.Split('|')).Select(p => string.Join('|', p[0], p[1], p[2], p[4])).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, fromDuck);
        var wrongHour = duck.Query($"select count(*) from read_parquet({glob}, hive_partitioning = true) where hour <> hour(\"timestamp\" at time zone 'UTC') or year <> 2026")[0][0];
        Assert.Equal(0L, Convert.ToInt64(wrongHour, System.Globalization.CultureInfo.InvariantCulture));
        var perService = duck.Query($"select service_name, count(*) from read_parquet({glob}, hive_partitioning = true) group by all order by 1");
        var ours = await SpanRows.ToListAsync(connector.ReadAsync(new ReadRequest { Columns = ["service_name"] }));
        var ourCounts = ours.SelectMany(b => Enumerable.Range(0, b.Length).Select(i => ((StringArray)b.Column(0)).GetString(i))).GroupBy(s => s).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}:{g.Count()}");
        Assert.Equal(ourCounts, perService.Select(r => $"{r[0]}:{r[1]}"));
    }

    [Fact]
    public async Task Large_files_stream_as_multipart_uploads_and_leave_no_uploads_behind()
    {
        var bucket = await moto.CreateBucketAsync("s3p-mp");
        var batches = SpanRows.Generate(100_000, batchSize: 10_000);
        await using var connector = new S3ParquetConnector(Options(bucket, o =>
        {
            o.PartitionBy = [];
            o.TimePartitionColumn = null;
            o.Compression = "none";
            o.RowGroupSize = 10_000;
            o.StorageOptions["multipart_part_size"] = "5MiB";
        }));
        foreach (var batch in batches)
        {
            await connector.WriteBatchAsync(batch);
        }

        var flush = await connector.FlushDatasetAsync();
        var file = Assert.Single(flush.Files);
        Assert.True(file.SizeBytes > 6L * 1024 * 1024, $"file is only {file.SizeBytes} bytes; not multipart");
        using var client = moto.CreateClient();
        var head = await client.GetObjectMetadataAsync(bucket, "telemetry/traces/" + file.Path);
        Assert.Contains('-', head.ETag); // multipart ETags end in -<parts>
        Assert.Empty((await client.ListMultipartUploadsAsync(bucket)).MultipartUploads ?? []);
        Assert.Equal(100_000, (await SpanRows.ToListAsync(connector.ReadAsync(new ReadRequest { Columns = ["span_id"] }))).Sum(b => b.Length));
    }

    [Fact]
    public async Task An_upload_failing_half_way_leaves_no_object_and_no_multipart_upload()
    {
        var bucket = await moto.CreateBucketAsync("s3p-fail");
        var batches = SpanRows.Generate(80_000, batchSize: 10_000);
        var connector = new S3ParquetConnector(Options(bucket, o =>
        {
            o.PartitionBy = [];
            o.TimePartitionColumn = null;
            o.Compression = "none";
            o.RowGroupSize = 10_000;
            o.StorageOptions["multipart_part_size"] = "5MiB";
        }));
        using var client = moto.CreateClient();
        foreach (var batch in batches.Take(7))
        {
            await connector.WriteBatchAsync(batch);
        }

        var uploads = (await client.ListMultipartUploadsAsync(bucket)).MultipartUploads ?? [];
        Assert.NotEmpty(uploads); // parts are on the server: the upload is half-way

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connector.WriteBatchAsync(batches[7], cancelled.Token));
        await connector.DisposeAsync();

        Assert.Empty((await client.ListMultipartUploadsAsync(bucket)).MultipartUploads ?? []);
        Assert.Equal(0, (await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).KeyCount ?? 0);
    }

    [Fact]
    public async Task A_missing_bucket_is_a_clear_error()
    {
        await using var connector = new S3ParquetConnector(Options("no-such-bucket-" + Guid.NewGuid().ToString("N")[..8]));
        var health = await connector.HealthCheckAsync();
        Assert.Equal(HealthState.Unhealthy, health.State);
        Assert.Contains("does not exist", health.Description, StringComparison.Ordinal);
        var batch = SpanRows.Generate(10)[0];
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(async () =>
        {
            await connector.WriteBatchAsync(batch);
            await connector.FlushAsync();
        });
        Assert.Contains("bucket", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_credentials_give_an_authentication_error_naming_the_keys_without_secrets()
    {
        // A real HTTP server answering like S3 does for an unknown access key: 403 InvalidAccessKeyId.
        await using var server = new ScriptedHttpServer((_, _) => ScriptedHttpServer.Error(403, "Forbidden", "InvalidAccessKeyId"));
        var options = new S3ParquetOptions
        {
            Target = "s3://bucket/data",
            Endpoint = server.Endpoint,
            AccessKeyId = "AKIAWRONG",
            SecretAccessKey = "very-secret-value",
            PathStyle = true,
            StorageOptions = new Dictionary<string, string> { ["max_retries"] = "0" },
        };
        await using var connector = new S3ParquetConnector(options);

        var health = await connector.HealthCheckAsync();
        Assert.Equal(HealthState.Unhealthy, health.State);
        var auth = Assert.IsType<AuthenticationFailedException>(health.Exception);
        Assert.Contains("aws_access_key_id", auth.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret-value", auth.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<AuthenticationFailedException>(() => SpanRows.ToListAsync(connector.ReadAsync()));
    }

    [Fact]
    public void Options_bind_from_s3_parquet_environment_variables()
    {
        var configuration = OrasiConfiguration.Load(null, new Dictionary<string, string?>
        {
            ["S3_PARQUET_TARGET"] = "s3://lake/spans",
            ["S3_PARQUET_PARTITION_BY"] = "service_name,span_kind",
            ["S3_PARQUET_TIME_PARTITION_COLUMN"] = "timestamp",
            ["S3_PARQUET_MAX_ROWS_PER_FILE"] = "5000",
            ["S3_PARQUET_COMPRESSION"] = "zstd",
            ["S3_PARQUET_SERVER_SIDE_ENCRYPTION"] = "aws:kms",
            ["S3_PARQUET_SSE_KMS_KEY_ID"] = "alias/lake",
            ["S3_PARQUET_STORAGE_CLASS"] = "STANDARD_IA",
            ["S3_PARQUET_STORAGE_OPTIONS"] = """{"aws_region":"eu-west-1"}""",
        });

        var options = S3ParquetOptions.FromConfiguration(configuration);

        Assert.Equal("s3://lake/spans", options.ResolveTarget());
        Assert.Equal(["service_name", "span_kind"], options.PartitionBy);
        Assert.Equal(5000, options.MaxRowsPerFile);
        Assert.Equal(Orasi.Connectors.Parquet.ParquetCompression.Zstd, options.BuildParquetOptions().Compression);
        var storage = StorageOptions.Parse(options.BuildStorageOptions(), environment: null);
        Assert.Equal("aws:kms", storage.ServerSideEncryption);
        Assert.Equal("alias/lake", storage.SseKmsKeyId);
        Assert.Equal("STANDARD_IA", storage.StorageClass);
        Assert.Equal("eu-west-1", storage.Region);

        var bad = Assert.Throws<ConfigurationValidationException>(() => S3ParquetOptions.FromConfiguration(OrasiConfiguration.Load(null, new Dictionary<string, string?>
        {
            ["S3_PARQUET_COMPRESSION"] = "brotli",
        })));
        Assert.Contains("compression", bad.Message, StringComparison.Ordinal);
        Assert.Contains("target", bad.Message, StringComparison.Ordinal);
    }
}
