using Apache.Arrow;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Orasi.Connectors.Parquet;
using Orasi.Connectors.Predicates;

namespace Orasi.Connectors.Tests.Parquet;

public sealed class ParquetReadTests
{
    private static async Task<(ParquetBatchReader Reader, List<PruningData.Row> Rows)> OpenPruningFileAsync(int seed, int count, long rowGroupSize)
    {
        var rows = PruningData.Rows(seed, count);
        var batch = PruningData.ToBatch(rows);
        var (file, _) = await ParquetRoundTripTests.WriteAsync([batch], batch.Schema, new ParquetWriteOptions { RowGroupSize = rowGroupSize });
        return (ParquetBatchReader.Open(new MemoryStream(file), "pruning.parquet"), rows);
    }

    private static List<long> Ids(IEnumerable<RecordBatch> batches) =>
        batches.SelectMany(b => Enumerable.Range(0, b.Length).Select(i => ((Int64Array)b.Column("id")).GetValue(i)!.Value)).ToList();

    [Property(MaxTest = 150)]
    public void Filtered_reads_equal_the_filter_applied_to_all_rows_and_pruning_never_drops_matches(int seed, byte count, byte kind)
    {
        CheckFilterAsync(seed, count % 160, kind).GetAwaiter().GetResult();
    }

    private static async Task CheckFilterAsync(int seed, int count, int kind)
    {
        var (reader, rows) = await OpenPruningFileAsync(seed, count, rowGroupSize: 16);
        await using var _ = reader;
        var (text, matches) = PruningData.Filter(kind, rows, new Random(seed ^ kind));
        var predicate = Predicate.Parse(text);
        var expected = rows.Where(matches).Select(x => x.Id).ToList();

        var exact = Ids(await ParquetRoundTripTests.ReadAllAsync(reader, new ParquetReadOptions { Filter = predicate, BatchSize = 7 }));
        Assert.True(expected.SequenceEqual(exact), $"{text}: expected [{string.Join(",", expected)}] got [{string.Join(",", exact)}]");

        // Without row filtering whole surviving row groups come back: a superset made of complete row groups.
        var readBefore = reader.RowGroupsRead;
        var coarse = Ids(await ParquetRoundTripTests.ReadAllAsync(reader, new ParquetReadOptions { Filter = predicate, ApplyRowFilter = false }));
        Assert.Subset(coarse.ToHashSet(), expected.ToHashSet());
        var groupsRead = reader.RowGroupsRead - readBefore;
        Assert.Equal(reader.SelectRowGroups(predicate).Count, groupsRead);
        Assert.Equal(reader.SelectRowGroups(predicate).Sum(g => reader.RowGroups[g].RowCount), coarse.Count);
    }

    [Fact]
    public async Task Row_group_pruning_skips_row_groups_whose_statistics_rule_out_the_filter()
    {
        var rows = Enumerable.Range(0, 100).Select(i => new PruningData.Row(i, "n" + (i / 10), i, 19_700, i, false, i)).ToList();
        var batch = PruningData.ToBatch(rows);
        var (file, summary) = await ParquetRoundTripTests.WriteAsync([batch], batch.Schema, new ParquetWriteOptions { RowGroupSize = 10 });
        Assert.Equal(10, summary.RowGroupCount);
        await using var reader = ParquetBatchReader.Open(new MemoryStream(file), "ten-groups.parquet");

        var tail = Ids(await ParquetRoundTripTests.ReadAllAsync(reader, new ParquetReadOptions { Filter = Predicate.Parse("id >= 95") }));
        Assert.Equal([95L, 96, 97, 98, 99], tail);
        Assert.Equal(1, reader.RowGroupsRead);
        Assert.Equal(9, reader.RowGroupsSkipped);

        var two = Ids(await ParquetRoundTripTests.ReadAllAsync(reader, new ParquetReadOptions { Filter = Predicate.Parse("id = 42 or name = 'n0'") }));
        Assert.Equal([0L, 1, 2, 3, 4, 5, 6, 7, 8, 9, 42], two);
        Assert.Equal(3, reader.RowGroupsRead);

        var none = await ParquetRoundTripTests.ReadAllAsync(reader, new ParquetReadOptions { Filter = Predicate.Parse("name = 'zzz'") });
        Assert.Empty(none);
        Assert.Equal(3, reader.RowGroupsRead);
        Assert.Equal(9 + 8 + 10, reader.RowGroupsSkipped);
    }

    [Fact]
    public async Task Projection_returns_the_requested_columns_in_order_even_when_filtering_on_others()
    {
        var (reader, rows) = await OpenPruningFileAsync(seed: 3, count: 50, rowGroupSize: 8);
        await using var _ = reader;
        var batches = await ParquetRoundTripTests.ReadAllAsync(reader, new ParquetReadOptions { Columns = ["st", "name"], Filter = Predicate.Parse("id > 0") });
        Assert.All(batches, b => Assert.Equal(["st", "name"], b.Schema.FieldsList.Select(f => f.Name)));
        var expected = ArrowTestValues.Rows(Project(PruningData.ToBatch(rows.Where(x => x.Id > 0).ToList()), "st", "name"));
        Assert.Equal(expected, batches.SelectMany(ArrowTestValues.Rows));

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => ParquetRoundTripTests.ReadAllAsync(reader, new ParquetReadOptions { Columns = ["nope"] }));
        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
        Assert.Contains("pruning.parquet", error.Message, StringComparison.Ordinal);

        var badLiteral = await Assert.ThrowsAsync<ValidationFailedException>(() => ParquetRoundTripTests.ReadAllAsync(reader, new ParquetReadOptions { Filter = Predicate.Parse("id = 'abc'") }));
        Assert.Contains("'id'", badLiteral.Message, StringComparison.Ordinal);
    }

    private static RecordBatch Project(RecordBatch batch, params string[] names)
    {
        var indexes = names.Select(n => batch.Schema.GetFieldIndex(n)).ToArray();
        return new RecordBatch(new Schema(indexes.Select(i => batch.Schema.FieldsList[i]), null), indexes.Select(batch.Column), batch.Length);
    }

    [Fact]
    public async Task Corrupt_and_truncated_files_raise_CorruptDataException_naming_the_file()
    {
        var dir = Directory.CreateTempSubdirectory("orasi-parquet-");
        try
        {
            var garbage = Path.Combine(dir.FullName, "garbage.parquet");
            await File.WriteAllBytesAsync(garbage, Enumerable.Range(0, 4096).Select(i => (byte)(i * 31)).ToArray());
            var e1 = Assert.Throws<CorruptDataException>(() => ParquetBatchReader.Open(garbage));
            Assert.Contains(garbage, e1.Message, StringComparison.Ordinal);

            var batch = PruningData.ToBatch(PruningData.Rows(1, 200));
            var (file, _) = await ParquetRoundTripTests.WriteAsync([batch], batch.Schema, ParquetWriteOptions.Default);
            var truncated = Path.Combine(dir.FullName, "truncated.parquet");
            await File.WriteAllBytesAsync(truncated, file.AsSpan(0, file.Length - 100).ToArray());
            var e2 = Assert.Throws<CorruptDataException>(() => ParquetBatchReader.Open(truncated));
            Assert.Contains(truncated, e2.Message, StringComparison.Ordinal);

            var e3 = Assert.Throws<CorruptDataException>(() => ParquetBatchReader.Open(new MemoryStream(file, 0, 7), "s3://bucket/key.parquet"));
            Assert.Contains("s3://bucket/key.parquet", e3.Message, StringComparison.Ordinal);

            var empty = Path.Combine(dir.FullName, "empty.parquet");
            await File.WriteAllBytesAsync(empty, []);
            Assert.Throws<CorruptDataException>(() => ParquetBatchReader.Open(empty));
            Assert.Throws<FileNotFoundException>(() => ParquetBatchReader.Open(Path.Combine(dir.FullName, "missing.parquet")));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
