using Amazon.S3.Model;
using Orasi.Connectors.Storage;
using Orasi.Testing;

namespace Orasi.Connectors.Tests.Storage;

[Collection(MotoServerFixture.CollectionName)]
public sealed class S3ObjectStoreTests(MotoServerFixture moto) : ObjectStoreContractTests
{
    private string _bucket = "";

    private static readonly Dictionary<string, string> TestOptions = new()
    {
        ["list_page_size"] = "7",
        ["multipart_part_size"] = "5MiB",
        ["read_ahead_size"] = "64KiB",
        ["retry_base_delay"] = "10ms",
    };

    protected override async Task<IObjectStore> CreateStoreAsync()
    {
        _bucket = await moto.CreateBucketAsync("contract");
        return ObjectStoreFactory.Open($"s3://{_bucket}/root/prefix", moto.StorageOptions(TestOptions));
    }

    protected override async Task AssertNoPendingWritesAsync()
    {
        using var client = moto.CreateClient();
        var uploads = await client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = _bucket });
        Assert.Empty(uploads.MultipartUploads ?? []);
    }

    [Fact]
    public async Task Objects_live_under_the_uri_prefix()
    {
        await Store.PutAsync("x/y.txt", Bytes("xy"));
        using var client = moto.CreateClient();
        using var response = await client.GetObjectAsync(_bucket, "root/prefix/x/y.txt");
        using var reader = new StreamReader(response.ResponseStream);
        Assert.Equal("xy", await reader.ReadToEndAsync());
        Assert.Equal(new Uri($"s3://{_bucket}/root/prefix"), Store.Root);
    }

    [Fact]
    public async Task Streaming_write_uses_a_multipart_upload_before_completion()
    {
        var content = RandomBytes(6 * 1024 * 1024, 9);
        using var client = moto.CreateClient();
        await using (var writer = await Store.OpenWriteAsync("mpu/data.bin"))
        {
            await writer.WriteAsync(content);
            var pending = await client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = _bucket });
            Assert.Single(pending.MultipartUploads ?? []);
            Assert.Null(await Store.HeadAsync("mpu/data.bin"));
        }

        Assert.Equal(content, (await Store.GetAsync("mpu/data.bin")).ToArray());
        await AssertNoPendingWritesAsync();
    }

    [Fact]
    public async Task A_missing_bucket_gives_a_clear_error()
    {
        var bucket = "missing-" + Guid.NewGuid().ToString("N");
        await using var store = ObjectStoreFactory.Open($"s3://{bucket}/t", moto.StorageOptions(TestOptions));

        var put = await Assert.ThrowsAsync<ValidationFailedException>(() => store.PutAsync("a.txt", Bytes("a")));
        Assert.Contains($"'{bucket}'", put.Message, StringComparison.Ordinal);
        Assert.Contains("create the bucket", put.Message, StringComparison.Ordinal);
        Assert.False(put.IsRetryable);

        var get = await Assert.ThrowsAsync<ValidationFailedException>(() => store.GetAsync("a.txt"));
        Assert.Contains(bucket, get.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ValidationFailedException>(async () =>
        {
            await foreach (var _ in store.ListAsync(""))
            {
            }
        });
    }

    [Fact]
    public async Task An_unreachable_endpoint_fails_with_ConnectionFailed_after_retries()
    {
        var port = ClosedPort();
        var options = new Dictionary<string, string>(moto.StorageOptions(TestOptions))
        {
            ["aws_endpoint"] = $"http://127.0.0.1:{port}",
            ["max_retries"] = "2",
            ["retry_base_delay"] = "10ms",
            ["retry_max_delay"] = "50ms",
            ["connect_timeout"] = "2s",
        };
        await using var store = ObjectStoreFactory.Open("s3://bucket/prefix", options);

        var started = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<ConnectionFailedException>(() => store.GetAsync("a.txt"));
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 attempt(s)", error.Message, StringComparison.Ordinal);
        Assert.True(error.IsRetryable);
        Assert.InRange(started.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(20));

        await Assert.ThrowsAsync<ConnectionFailedException>(() => store.PutIfAbsentAsync("a.txt", Bytes("a")));
    }

    [Fact]
    public void Secrets_never_appear_in_the_store_options_text()
    {
        var text = ((S3ObjectStore)Store).Options.ToString();
        Assert.DoesNotContain(MotoServerFixture.SecretAccessKey + ",", text, StringComparison.Ordinal);
        Assert.Contains("SecretAccessKey = ***", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ParquetSharp_writes_through_the_upload_stream_and_reads_a_column_with_ranged_gets()
    {
        const int rows = 400_000;
        var random = new Random(5);
        var ids = new Apache.Arrow.Int64Array.Builder();
        var a = new Apache.Arrow.Int64Array.Builder();
        var b = new Apache.Arrow.DoubleArray.Builder();
        for (var i = 0; i < rows; i++)
        {
            ids.Append(i);
            a.Append(random.NextInt64());
            b.Append(random.NextDouble());
        }

        var schema = new Apache.Arrow.Schema.Builder()
            .Field(f => f.Name("id").DataType(Apache.Arrow.Types.Int64Type.Default).Nullable(false))
            .Field(f => f.Name("a").DataType(Apache.Arrow.Types.Int64Type.Default).Nullable(false))
            .Field(f => f.Name("b").DataType(Apache.Arrow.Types.DoubleType.Default).Nullable(false))
            .Build();
        using var batch = new Apache.Arrow.RecordBatch(schema, [ids.Build(), a.Build(), b.Build()], rows);

        await using (var output = await Store.OpenWriteAsync("parquet/part-0.parquet"))
        {
            using var properties = new ParquetSharp.WriterPropertiesBuilder().Compression(ParquetSharp.Compression.Uncompressed).Build();
            using var writer = new ParquetSharp.Arrow.FileWriter(output, schema, properties, leaveOpen: true);
            writer.WriteRecordBatch(batch);
            writer.Close();
        }

        var size = (await Store.HeadAsync("parquet/part-0.parquet"))!.Size;
        Assert.True(size > 5 * 1024 * 1024, $"file is {size} bytes");

        await using var input = await Store.OpenReadAsync("parquet/part-0.parquet");
        var ranged = Assert.IsType<S3ReadStream>(input);
        long sum = 0;
        var count = 0;
        using (var reader = new ParquetSharp.Arrow.FileReader(input, leaveOpen: true))
        {
            using var batches = reader.GetRecordBatchReader(columns: [0]);
            Apache.Arrow.RecordBatch? next;
            while ((next = await batches.ReadNextRecordBatchAsync()) is not null)
            {
                using (next)
                {
                    var column = (Apache.Arrow.Int64Array)next.Column(0);
                    for (var i = 0; i < column.Length; i++)
                    {
                        sum += column.GetValue(i)!.Value;
                    }

                    count += next.Length;
                }
            }
        }

        Assert.Equal(rows, count);
        Assert.Equal((long)rows * (rows - 1) / 2, sum);
        Assert.InRange(ranged.BytesFetched, 1, size / 2);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
