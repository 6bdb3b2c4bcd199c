using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.Parquet;
using Orasi.Connectors.Storage;
using Orasi.Testing.DuckDb;

namespace Orasi.Connectors.Tests.Parquet;

public sealed class ParquetWriterTests
{
    /// <summary>A write-only object stream like S3 multipart upload: no seeking, no position reads, async writes.</summary>
    private sealed class FakeObjectWriteStream(string path) : ObjectWriteStream
    {
        private readonly MemoryStream _data = new();
        private long _written;

        public bool Aborted { get; private set; }

        public int AsyncWrites { get; private set; }

        public byte[] Data => _data.ToArray();

        public override string Path => path;

        public override long Position
        {
            get => throw new NotSupportedException("position");
            set => throw new NotSupportedException("position");
        }

        public override Task<ObjectMetadata> CompleteAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(new ObjectMetadata(path, _written, DateTimeOffset.UtcNow));

        public override void Abort() => Aborted = true;

        public override void Flush()
        {
        }

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("sync write");

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            AsyncWrites++;
            _written += buffer.Length;
            _data.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task Writes_to_a_non_seekable_object_stream_with_async_writes_only()
    {
        var batch = RandomBatches.AllTypes(seed: 11, rows: 300, nullRate: 0.2);
        var destination = new FakeObjectWriteStream("bucket/data.parquet");
        ParquetFileSummary summary;
        await using (var writer = new ParquetBatchWriter(destination, batch.Schema, new ParquetWriteOptions { RowGroupSize = 100, Compression = ParquetCompression.Zstd }))
        {
            await writer.WriteBatchAsync(batch);
            summary = await writer.CompleteAsync();
        }

        Assert.False(destination.Aborted);
        Assert.True(destination.AsyncWrites >= 3);
        Assert.Equal(destination.Data.Length, summary.BytesWritten);
        Assert.Equal(3, summary.RowGroupCount);
        await using var reader = ParquetBatchReader.Open(new MemoryStream(destination.Data), destination.Path);
        Assert.Equal(ArrowTestValues.Rows(batch), (await ParquetRoundTripTests.ReadAllAsync(reader)).SelectMany(ArrowTestValues.Rows));
    }

    [Fact]
    public async Task Disposing_without_completing_aborts_the_object_and_deletes_a_partial_file()
    {
        var batch = RandomBatches.AllTypes(seed: 5, rows: 10, nullRate: 0.1);
        var destination = new FakeObjectWriteStream("bucket/partial.parquet");
        await using (var writer = new ParquetBatchWriter(destination, batch.Schema))
        {
            await writer.WriteBatchAsync(batch);
        }

        Assert.True(destination.Aborted);

        var path = Path.Combine(Path.GetTempPath(), $"orasi-partial-{Guid.NewGuid():N}.parquet");
        await using (var writer = ParquetBatchWriter.Create(path, batch.Schema))
        {
            await writer.WriteBatchAsync(batch);
            Assert.True(File.Exists(path));
        }

        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Batches_are_split_and_packed_into_row_groups_of_RowGroupSize()
    {
        var rows = PruningData.Rows(seed: 2, count: 21);
        var batches = new[] { rows.Take(7), rows.Skip(7).Take(7), rows.Skip(14) }.Select(r => PruningData.ToBatch(r.ToList())).ToArray();
        var (file, summary) = await ParquetRoundTripTests.WriteAsync(batches, PruningData.Schema, new ParquetWriteOptions { RowGroupSize = 10 });
        Assert.Equal(3, summary.RowGroupCount);
        Assert.Equal(21, summary.RowCount);
        await using var reader = ParquetBatchReader.Open(new MemoryStream(file), "groups.parquet");
        Assert.Equal([10L, 10, 1], reader.RowGroups.Select(g => g.RowCount));

        var (emptyFile, emptySummary) = await ParquetRoundTripTests.WriteAsync([], PruningData.Schema, ParquetWriteOptions.Default);
        Assert.Equal(0, emptySummary.RowGroupCount);
        await using var emptyReader = ParquetBatchReader.Open(new MemoryStream(emptyFile), "empty.parquet");
        Assert.Equal(0, emptyReader.RowCount);
        Assert.Empty(await ParquetRoundTripTests.ReadAllAsync(emptyReader));
    }

    [Fact]
    public async Task A_batch_that_does_not_match_the_schema_is_rejected_naming_the_column()
    {
        var schema = PruningData.Schema;
        await using var writer = new ParquetBatchWriter(new MemoryStream(), schema, name: "out.parquet");
        var good = PruningData.ToBatch(PruningData.Rows(1, 5));

        var wrongType = new RecordBatch(
            new Schema(schema.FieldsList.Select(f => f.Name == "score" ? new Field("score", FloatType.Default, true) : f), null),
            good.Arrays.Select((a, i) => i == 2 ? new FloatArray.Builder().AppendRange([1f, 2f, 3f, 4f, 5f]).Build() : a), 5);
        var e1 = await Assert.ThrowsAsync<ValidationFailedException>(() => writer.WriteBatchAsync(wrongType));
        Assert.Contains("'score'", e1.Message, StringComparison.Ordinal);
        Assert.Contains("out.parquet", e1.Message, StringComparison.Ordinal);

        var missing = new RecordBatch(new Schema(schema.FieldsList.Take(3), null), good.Arrays.Take(3), 5);
        var e2 = await Assert.ThrowsAsync<ValidationFailedException>(() => writer.WriteBatchAsync(missing));
        Assert.Contains("'day'", e2.Message, StringComparison.Ordinal);

        var tsZone = new RecordBatch(
            new Schema(schema.FieldsList.Select(f => f.Name == "ts" ? new Field("ts", new TimestampType(TimeUnit.Microsecond, (string?)null), false) : f), null),
            good.Arrays, 5);
        var e3 = await Assert.ThrowsAsync<ValidationFailedException>(() => writer.WriteBatchAsync(tsZone));
        Assert.Contains("'ts'", e3.Message, StringComparison.Ordinal);

        await writer.WriteBatchAsync(good);
        var summary = await writer.CompleteAsync();
        Assert.Equal(5, summary.RowCount);
        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteBatchAsync(good));
    }

    [Fact]
    public async Task DuckDB_reads_a_written_file_with_the_right_rows_types_and_values()
    {
        var path = Path.Combine(Path.GetTempPath(), $"orasi-duckdb-{Guid.NewGuid():N}.parquet");
        try
        {
            var batch = RandomBatches.AllTypes(seed: 42, rows: 500, nullRate: 0.1);
            await using (var writer = ParquetBatchWriter.Create(path, batch.Schema, new ParquetWriteOptions { Compression = ParquetCompression.Lz4, RowGroupSize = 128 }))
            {
                await writer.WriteBatchAsync(batch);
                await writer.CompleteAsync();
            }

            using var duck = new DuckDbReader();
            Assert.Equal(500, duck.CountRows(path));
            var types = duck.DescribeParquet(path).ToDictionary(c => c.Name, c => c.Type);
            Assert.Equal("BOOLEAN", types["b"]);
            Assert.Equal("TINYINT", types["i8"]);
            Assert.Equal("BIGINT", types["i64"]);
            Assert.Equal("UINTEGER", types["u32"]);
            Assert.Equal("UBIGINT", types["u64"]);
            Assert.Equal("FLOAT", types["f32"]);
            Assert.Equal("VARCHAR", types["str"]);
            Assert.Equal("BLOB", types["bin"]);
            Assert.Equal("DATE", types["d32"]);
            Assert.Equal("TIMESTAMP WITH TIME ZONE", types["ts_ms_utc"]);
            Assert.StartsWith("TIMESTAMP", types["ts_ns_utc"], StringComparison.Ordinal);
            Assert.Equal("TIMESTAMP", types["ts_us"]);
            Assert.Equal("DECIMAL(18,4)", types["dec_18_4"]);
            Assert.Equal("INTEGER[]", types["list_int"]);
            Assert.Equal("STRUCT(a INTEGER, b VARCHAR)", types["st"]);
            Assert.Equal("MAP(VARCHAR, VARCHAR)", types["map"]);

            var codecs = duck.Query($"select distinct compression from parquet_metadata({DuckDbReader.Literal(path)})").Select(r => r[0]?.ToString()).ToList();
            Assert.Equal(["LZ4_RAW"], codecs);

            // A few rows, value by value, against the batch.
            var rows = duck.Query($"select i64, str, d32, dec_18_4, u64, epoch_us(ts_us) from read_parquet({DuckDbReader.Literal(path)}) limit 5");
            var i64 = (Int64Array)batch.Column("i64");
            var str = (StringArray)batch.Column("str");
            var d32 = (Date32Array)batch.Column("d32");
            var dec = (Decimal128Array)batch.Column("dec_18_4");
            var u64 = (UInt64Array)batch.Column("u64");
            var ts = (TimestampArray)batch.Column("ts_us");
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(i64.GetValue(i), (long?)rows[i][0]);
                Assert.Equal(str.GetString(i), (string?)rows[i][1]);
                Assert.Equal(d32.GetDateOnly(i), rows[i][2] switch { DateOnly d => d, DateTime t => DateOnly.FromDateTime(t), _ => (DateOnly?)null });
                Assert.Equal(dec.GetValue(i), (decimal?)rows[i][3]);
                Assert.Equal(u64.GetValue(i), (ulong?)rows[i][4]);
                Assert.Equal(ts.IsNull(i) ? null : ts.Values[i], (long?)rows[i][5]);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Options_reach_the_file_footer()
    {
        var batch = PruningData.ToBatch(PruningData.Rows(4, 50));
        var options = new ParquetWriteOptions
        {
            Compression = ParquetCompression.Gzip, CompressionLevel = 9, CreatedBy = "orasi-test 1.0", WriteStatistics = false, EnableDictionary = false,
        };
        var (file, _) = await ParquetRoundTripTests.WriteAsync([batch], batch.Schema, options);
        using (var raw = new ParquetSharp.ParquetFileReader(new MemoryStream(file), leaveOpen: false))
        using (var metadata = raw.FileMetaData)
        {
            Assert.Equal("orasi-test 1.0", metadata.CreatedBy);
        }

        await using var reader = ParquetBatchReader.Open(new MemoryStream(file), "options.parquet");
        Assert.All(reader.RowGroups[0].Columns, c => Assert.Null(c.Min));
        Assert.Throws<ValidationFailedException>(() => new ParquetBatchWriter(new MemoryStream(), batch.Schema, new ParquetWriteOptions { RowGroupSize = 0 }));
    }
}
