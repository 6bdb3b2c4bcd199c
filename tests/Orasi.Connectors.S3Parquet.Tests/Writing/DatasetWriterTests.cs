using Apache.Arrow;
using Orasi.Connectors.Parquet;
using Orasi.Connectors.S3Parquet.Reading;
using Orasi.Connectors.S3Parquet.Tests.Support;
using Orasi.Connectors.S3Parquet.Writing;
using Orasi.Connectors.Storage;
using Orasi.Connectors.Telemetry;

namespace Orasi.Connectors.S3Parquet.Tests.Writing;

public sealed class DatasetWriterTests
{
    private static IObjectStore NewStore() => ObjectStoreFactory.Open($"memory://s3p-{Guid.NewGuid():N}/data");

    private static S3ParquetOptions Options(Action<S3ParquetOptions>? configure = null)
    {
        var options = new S3ParquetOptions
        {
            Target = "memory://unused",
            PartitionBy = ["service_name"],
            TimePartitionColumn = TelemetryColumnNames.Timestamp,
            WriterId = "w1",
        };
        configure?.Invoke(options);
        return options;
    }

    [Fact]
    public async Task Partitioned_write_reads_back_the_same_rows_with_partition_columns_appended()
    {
        await using var store = NewStore();
        var batches = SpanRows.Generate(6000);
        await using var writer = new DatasetWriter(store, batches[0].Schema, Options());
        foreach (var batch in batches)
        {
            await writer.WriteAsync(batch);
        }

        var result = await writer.FlushAsync();

        Assert.Equal(6000, result.RowCount);
        Assert.All(result.Files, f => Assert.Matches(@"^service_name=[^/]+/year=2026/month=01/day=01/hour=0\d/part-w1-00000000-\d{5}\.parquet$", f.Path));
        var hours = result.Files.Select(f => f.Partition.Split('/')[^1]).Distinct().Count();
        Assert.True(hours >= 3, $"expected several hour partitions, got {hours}");
        Assert.Equal(1, writer.Sequence);

        var reader = new DatasetReader(store);
        var schema = await reader.GetSchemaAsync();
        Assert.Equal(["service_name", "year", "month", "day", "hour"], schema.FieldsList.Skip(schema.FieldsList.Count - 5).Select(f => f.Name));
        Assert.Equal(Apache.Arrow.Types.ArrowTypeId.Int64, schema.GetFieldByName("hour").DataType.TypeId);
        var read = await SpanRows.ToListAsync(reader.ReadAsync());
        Assert.Equal(SpanRows.Fingerprints(batches), SpanRows.Fingerprints(read));

        var partitions = await reader.ListPartitionsAsync();
        Assert.Equal(result.Files.Select(f => f.Partition).Distinct().Order(StringComparer.Ordinal), partitions.Select(p => p.Path));
        Assert.Equal(result.SizeBytes, partitions.Sum(p => p.SizeBytes));
        Assert.Equal("service_name", partitions[0].Values[0].Key);
    }

    [Fact]
    public async Task Files_rotate_by_rows_and_each_file_is_listed_in_the_manifest()
    {
        await using var store = NewStore();
        var batches = SpanRows.Generate(2500, batchSize: 700);
        await using var writer = new DatasetWriter(store, batches[0].Schema, Options(o =>
        {
            o.PartitionBy = [];
            o.TimePartitionColumn = null;
            o.MaxRowsPerFile = 1000;
            o.WriteSuccessMarker = true;
        }));
        foreach (var batch in batches)
        {
            await writer.WriteAsync(batch);
        }

        Assert.Equal(2, writer.PendingFiles.Count); // two full files published before the flush
        var result = await writer.FlushAsync();

        Assert.Equal([1000L, 1000, 500], result.Files.Select(f => f.RowCount));
        Assert.Equal(["part-w1-00000000-00000.parquet", "part-w1-00000000-00001.parquet", "part-w1-00000000-00002.parquet"], result.Files.Select(f => f.Path));
        Assert.Equal("_manifests/w1-00000000.json", result.ManifestPath);
        var listed = FlushManifest.Parse(await store.GetAsync(result.ManifestPath!), result.ManifestPath!);
        Assert.Equal(result.Files, listed);
        foreach (var file in result.Files)
        {
            Assert.Equal(file.SizeBytes, (await store.HeadAsync(file.Path))!.Size);
        }

        Assert.Equal(listed, FlushManifest.Parse(await store.GetAsync("_SUCCESS"), "_SUCCESS"));
    }

    [Fact]
    public async Task Files_rotate_by_bytes_at_row_group_boundaries()
    {
        await using var store = NewStore();
        var batches = SpanRows.Generate(4000, batchSize: 500);
        await using var writer = new DatasetWriter(store, batches[0].Schema, Options(o =>
        {
            o.PartitionBy = [];
            o.TimePartitionColumn = null;
            o.RowGroupSize = 500;
            o.MaxBytesPerFile = 1;
        }));
        foreach (var batch in batches)
        {
            await writer.WriteAsync(batch);
        }

        var result = await writer.FlushAsync();
        Assert.Equal(8, result.Files.Count);
        Assert.All(result.Files, f => Assert.Equal(500, f.RowCount));
    }

    [Fact]
    public async Task Files_older_than_the_age_limit_are_closed_on_the_next_write()
    {
        await using var store = NewStore();
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var batches = SpanRows.Generate(300, batchSize: 100);
        await using var writer = new DatasetWriter(store, batches[0].Schema, Options(o =>
        {
            o.PartitionBy = [];
            o.TimePartitionColumn = null;
            o.MaxFileAgeSeconds = 60;
        }), clock);

        await writer.WriteAsync(batches[0]);
        clock.Advance(TimeSpan.FromSeconds(30));
        await writer.WriteAsync(batches[1]);
        Assert.Empty(writer.PendingFiles);
        clock.Advance(TimeSpan.FromSeconds(31));
        await writer.WriteAsync(batches[2]);

        Assert.Single(writer.PendingFiles);
        Assert.Equal(200, writer.PendingFiles[0].RowCount);
        Assert.NotNull(await store.HeadAsync(writer.PendingFiles[0].Path));
        var result = await writer.FlushAsync();
        Assert.Equal([200L, 100], result.Files.Select(f => f.RowCount));
    }

    [Theory]
    [InlineData("none", "UNCOMPRESSED")]
    [InlineData("snappy", "SNAPPY")]
    [InlineData("gzip", "GZIP")]
    [InlineData("zstd", "ZSTD")]
    [InlineData("lz4", "LZ4_RAW")]
    public async Task Every_codec_writes_readable_files(string codec, string expectedFooterCodec)
    {
        using var dir = new Orasi.Testing.TempDirectory("s3p-codec");
        await using var store = ObjectStoreFactory.Open(dir.Path);
        var batches = SpanRows.Generate(1200, batchSize: 400);
        await using var writer = new DatasetWriter(store, batches[0].Schema, Options(o =>
        {
            o.Compression = codec;
            o.PartitionBy = [];
            o.TimePartitionColumn = null;
            o.RowGroupSize = 500;
        }));
        foreach (var batch in batches)
        {
            await writer.WriteAsync(batch);
        }

        var result = await writer.FlushAsync();
        var file = Assert.Single(result.Files);
        using var duck = new Orasi.Testing.DuckDb.DuckDbReader();
        var local = System.IO.Path.Combine(dir.Path, file.Path);
        var codecs = duck.Query($"select distinct compression from parquet_metadata({Orasi.Testing.DuckDb.DuckDbReader.Literal(local)})").Select(r => (string)r[0]!).ToArray();
        Assert.Equal([expectedFooterCodec], codecs);
        await using var parquet = ParquetBatchReader.Open(local);
        Assert.Equal(3, parquet.RowGroups.Count);
        Assert.Equal(SpanRows.Fingerprints(batches), SpanRows.Fingerprints(await SpanRows.ToListAsync(new DatasetReader(store).ReadAsync())));
    }

    [Fact]
    public async Task A_retried_flush_overwrites_its_own_files_instead_of_duplicating()
    {
        await using var store = NewStore();
        var batches = SpanRows.Generate(3000);
        var failing = new FailingStore(store) { FailCompletesAfter = 3 };
        await using (var writer = new DatasetWriter(failing, batches[0].Schema, Options(o => o.MaxRowsPerFile = 400)))
        {
            foreach (var batch in batches)
            {
                await writer.WriteAsync(batch);
            }

            await Assert.ThrowsAsync<ConnectionFailedException>(() => writer.FlushAsync());
            Assert.Equal(0, writer.Sequence);
            Assert.Equal(0, writer.OpenFileCount);

            // Retry: the same batches again, then flush — same names, so no duplicate rows.
            failing.FailCompletesAfter = int.MaxValue;
            foreach (var batch in batches)
            {
                await writer.WriteAsync(batch);
            }

            var result = await writer.FlushAsync();
            Assert.Equal(3000, result.RowCount);
        }

        // A new writer with the same id and start sequence (a restarted process) reproduces the same names too.
        await using (var again = new DatasetWriter(store, batches[0].Schema, Options(o => o.MaxRowsPerFile = 400)))
        {
            foreach (var batch in batches)
            {
                await again.WriteAsync(batch);
            }

            await again.FlushAsync();
        }

        var read = await SpanRows.ToListAsync(new DatasetReader(store).ReadAsync());
        Assert.Equal(SpanRows.Fingerprints(batches), SpanRows.Fingerprints(read));
    }

    [Fact]
    public async Task A_failed_write_discards_open_files_so_nothing_partial_is_visible()
    {
        await using var store = NewStore();
        var batches = SpanRows.Generate(1000);
        var writer = new DatasetWriter(store, batches[0].Schema, Options());
        await writer.WriteAsync(batches[0]);
        Assert.True(writer.OpenFileCount > 0);

        var wrong = new RecordBatch(new Schema.Builder().Field(f => f.Name("x").DataType(Apache.Arrow.Types.Int32Type.Default)).Build(),
            [new Int32Array.Builder().Append(1).Build()], 1);
        await Assert.ThrowsAsync<ValidationFailedException>(() => writer.WriteAsync(wrong));
        await writer.DisposeAsync();

        await foreach (var entry in store.ListAsync(""))
        {
            Assert.Fail($"unexpected object {entry.Path}");
        }
    }

    [Fact]
    public async Task Open_files_are_bounded_by_evicting_the_least_recently_used()
    {
        await using var store = NewStore();
        var batches = SpanRows.Generate(2000);
        await using var writer = new DatasetWriter(store, batches[0].Schema, Options(o => o.MaxOpenFiles = 2));
        foreach (var batch in batches)
        {
            await writer.WriteAsync(batch);
            Assert.True(writer.OpenFileCount <= 2);
        }

        var result = await writer.FlushAsync();
        Assert.Equal(2000, result.RowCount);
        Assert.Equal(result.Files.Count, result.Files.Select(f => f.Path).Distinct().Count());
    }

    /// <summary>Delegates to a store but makes completing writes fail after a number of successes.</summary>
    private sealed class FailingStore(IObjectStore inner) : IObjectStore
    {
        private int _completes;

        public int FailCompletesAfter { get; set; } = int.MaxValue;

        public Uri Root => inner.Root;

        public Task<ObjectMetadata?> HeadAsync(string path, CancellationToken cancellationToken = default) => inner.HeadAsync(path, cancellationToken);

        public Task<ReadOnlyMemory<byte>> GetAsync(string path, CancellationToken cancellationToken = default) => inner.GetAsync(path, cancellationToken);

        public Task<ReadOnlyMemory<byte>> GetRangeAsync(string path, long offset, int length, CancellationToken cancellationToken = default) => inner.GetRangeAsync(path, offset, length, cancellationToken);

        public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default) => inner.OpenReadAsync(path, cancellationToken);

        public Task<ObjectMetadata> PutAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => inner.PutAsync(path, content, cancellationToken);

        public Task<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => inner.PutIfAbsentAsync(path, content, cancellationToken);

        public async Task<ObjectWriteStream> OpenWriteAsync(string path, CancellationToken cancellationToken = default) =>
            new FailingWriteStream(await inner.OpenWriteAsync(path, cancellationToken), this);

        public IAsyncEnumerable<ObjectMetadata> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

        public Task DeleteAsync(string path, CancellationToken cancellationToken = default) => inner.DeleteAsync(path, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private sealed class FailingWriteStream(ObjectWriteStream inner, FailingStore owner) : ObjectWriteStream
        {
            public override string Path => inner.Path;

            public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

            public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

            public override void Flush() => inner.Flush();

            public override Task<ObjectMetadata> CompleteAsync(CancellationToken cancellationToken = default)
            {
                if (Interlocked.Increment(ref owner._completes) > owner.FailCompletesAfter)
                {
                    inner.Abort();
                    throw new ConnectionFailedException($"Injected failure completing '{Path}'.");
                }

                return inner.CompleteAsync(cancellationToken);
            }

            public override void Abort() => inner.Abort();

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    inner.Dispose();
                }

                base.Dispose(disposing);
            }

            public override async ValueTask DisposeAsync()
            {
                await inner.DisposeAsync();
                await base.DisposeAsync();
            }
        }
    }
}
