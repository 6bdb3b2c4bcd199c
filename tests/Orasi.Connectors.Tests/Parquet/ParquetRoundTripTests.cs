using Apache.Arrow;
using Apache.Arrow.Types;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Orasi.Connectors.Parquet;

namespace Orasi.Connectors.Tests.Parquet;

public sealed class ParquetRoundTripTests
{
    private static readonly ParquetCompression[] Codecs = Enum.GetValues<ParquetCompression>();

    internal static async Task<(byte[] File, ParquetFileSummary Summary)> WriteAsync(IEnumerable<RecordBatch> batches, Schema schema, ParquetWriteOptions options)
    {
        using var memory = new MemoryStream();
        await using var writer = new ParquetBatchWriter(memory, schema, options, "memory.parquet");
        foreach (var batch in batches)
        {
            await writer.WriteBatchAsync(batch);
        }

        var summary = await writer.CompleteAsync();
        return (memory.ToArray(), summary);
    }

    internal static async Task<List<RecordBatch>> ReadAllAsync(ParquetBatchReader reader, ParquetReadOptions? options = null)
    {
        var batches = new List<RecordBatch>();
        await foreach (var batch in reader.ReadAsync(options))
        {
            batches.Add(batch);
        }

        return batches;
    }

    [Property(MaxTest = 15)]
    public void Random_batches_of_every_type_round_trip_with_every_codec(int seed, byte rowCount, bool manyNulls)
    {
        RoundTripAsync(seed, rowCount % 120, manyNulls ? 0.4 : 0.05).GetAwaiter().GetResult();
    }

    private static async Task RoundTripAsync(int seed, int rows, double nullRate)
    {
        var codec = Codecs[Math.Abs(seed % Codecs.Length)];
        var first = RandomBatches.AllTypes(seed, rows, nullRate);
        var second = RandomBatches.AllTypes(seed + 1, rows / 2 + 1, nullRate);
        var options = new ParquetWriteOptions { Compression = codec, RowGroupSize = 37, EnableDictionary = seed % 2 == 0 };
        var (file, summary) = await WriteAsync([first, second], first.Schema, options);

        await using var reader = ParquetBatchReader.Open(new MemoryStream(file), "roundtrip.parquet");
        var read = await ReadAllAsync(reader, new ParquetReadOptions { BatchSize = 50 });

        var expected = ArrowTestValues.Rows(first).Concat(ArrowTestValues.Rows(second)).ToList();
        var actual = read.SelectMany(ArrowTestValues.Rows).ToList();
        Assert.Equal(expected, actual);
        Assert.All(read, b => Assert.True(b.Length <= 50));

        // Types survive (Parquet has no seconds unit: timestamp[s] comes back as timestamp[ms]).
        for (var i = 0; i < first.Schema.FieldsList.Count; i++)
        {
            var written = first.Schema.FieldsList[i].DataType;
            var back = reader.Schema.FieldsList[i].DataType;
            if (written is TimestampType { Unit: TimeUnit.Second } ts)
            {
                Assert.Equal(TimeUnit.Millisecond, ((TimestampType)back).Unit);
                Assert.Equal(ts.Timezone, ((TimestampType)back).Timezone);
            }
            else
            {
                Assert.Equal(ArrowTypeName(written), ArrowTypeName(back));
            }
        }

        var total = first.Length + second.Length;
        Assert.Equal(total, summary.RowCount);
        Assert.Equal(total, reader.RowCount);
        Assert.Equal((total + 36) / 37, summary.RowGroupCount);
        Assert.Equal(summary.RowGroupCount, reader.RowGroups.Count);
        Assert.Equal(file.Length, summary.BytesWritten);
        Assert.All(reader.RowGroups.SkipLast(1), g => Assert.Equal(37, g.RowCount));
        if (total > 0)
        {
            Assert.All(reader.RowGroups[0].Columns, c => Assert.Equal(codec.ToString() == "None" ? "Uncompressed" : codec.ToString(), CodecOf(file, c.Path)));
        }
    }

    private static string ArrowTypeName(IArrowType type) => type switch
    {
        TimestampType t => $"ts[{t.Unit},{t.Timezone}]",
        Decimal128Type d => $"dec({d.Precision},{d.Scale})",
        FixedSizeBinaryType f => $"fsb{f.ByteWidth}",
        ListType l => $"list<{ArrowTypeName(l.ValueDataType)}>",
        MapType m => $"map<{ArrowTypeName(m.KeyField.DataType)},{ArrowTypeName(m.ValueField.DataType)}>",
        StructType s => "struct<" + string.Join(",", s.Fields.Select(f => f.Name + ":" + ArrowTypeName(f.DataType))) + ">",
        _ => type.Name,
    };

    private static string CodecOf(byte[] file, string path)
    {
        using var reader = new ParquetSharp.ParquetFileReader(new MemoryStream(file), leaveOpen: false);
        using var metadata = reader.FileMetaData;
        using var group = reader.RowGroup(0);
        for (var c = 0; c < metadata.NumColumns; c++)
        {
            using var columnPath = metadata.Schema.Column(c).Path;
            if (columnPath.ToDotString() == path)
            {
                using var chunk = group.MetaData.GetColumnChunkMetaData(c);
                return chunk.Compression.ToString();
            }
        }

        throw new InvalidOperationException(path);
    }

    [Property(MaxTest = 15)]
    public void Writer_statistics_equal_independently_recomputed_values_and_the_footer(int seed, byte rowCount, bool manyNulls)
    {
        StatisticsAsync(seed, rowCount % 100, manyNulls ? 0.5 : 0.1).GetAwaiter().GetResult();
    }

    private static async Task StatisticsAsync(int seed, int rows, double nullRate)
    {
        var batch = RandomBatches.AllTypes(seed, rows, nullRate);
        var (file, summary) = await WriteAsync([batch.Slice(0, rows / 2), batch.Slice(rows / 2, rows - rows / 2)], batch.Schema, new ParquetWriteOptions { RowGroupSize = 1000 });
        var leaves = ArrowTestValues.Leaves(batch);
        Assert.Equal(leaves.Keys.Order(), summary.Columns.Select(c => c.Path).Order());
        foreach (var stats in summary.Columns)
        {
            var (min, max, nulls, count) = ArrowTestValues.ExpectedStatistics(leaves[stats.Path]);
            Assert.True(ArrowTestValues.Show(min) == ArrowTestValues.Show(stats.Min), $"{stats.Path} min {ArrowTestValues.Show(min)} vs {ArrowTestValues.Show(stats.Min)}");
            Assert.True(ArrowTestValues.Show(max) == ArrowTestValues.Show(stats.Max), $"{stats.Path} max {ArrowTestValues.Show(max)} vs {ArrowTestValues.Show(stats.Max)}");
            Assert.True(nulls == stats.NullCount, $"{stats.Path} nulls {nulls} vs {stats.NullCount}");
            Assert.True(count == stats.ValueCount, $"{stats.Path} values {count} vs {stats.ValueCount}");
        }

        // The footer (written by Parquet itself) agrees on one row group; timestamp[s] is stored as ms.
        await using var reader = ParquetBatchReader.Open(new MemoryStream(file), "stats.parquet");
        if (rows == 0)
        {
            Assert.Empty(reader.RowGroups);
            return;
        }

        var footer = Assert.Single(reader.RowGroups);
        foreach (var stats in summary.Columns.Where(c => c.Path != "ts_s"))
        {
            var f = footer.GetColumnStatistics(stats.Path);
            Assert.NotNull(f);
            Assert.True(f.NullCount == stats.NullCount, $"{stats.Path} footer nulls {f.NullCount} vs {stats.NullCount}");
            Assert.True(f.ValueCount == stats.ValueCount, $"{stats.Path} footer values {f.ValueCount} vs {stats.ValueCount}");
            if (f.Min is not null)
            {
                Assert.True(ArrowTestValues.Show(stats.Min) == ArrowTestValues.Show(f.Min), $"{stats.Path} footer min {ArrowTestValues.Show(f.Min)} vs {ArrowTestValues.Show(stats.Min)}");
                Assert.True(ArrowTestValues.Show(stats.Max) == ArrowTestValues.Show(f.Max), $"{stats.Path} footer max {ArrowTestValues.Show(f.Max)} vs {ArrowTestValues.Show(stats.Max)}");
            }
        }
    }
}
