using System.Text;
using Apache.Arrow;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Operations;
using Orasi.Connectors.Iceberg.Scan;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Testing;
using Orasi.Testing.DuckDb;
using static Orasi.Connectors.Iceberg.Tests.Write.WriteFixtures;

namespace Orasi.Connectors.Iceberg.Tests.Write;

public sealed class PartitionWriteTests
{
    [Theory]
    [InlineData("year", 3)]
    [InlineData("month", 3)]
    [InlineData("hour", 3)]
    [InlineData("day", 3)]
    [InlineData("truncate[10]", 1)]
    [InlineData("truncate[3]", 2)]
    [InlineData("bucket[5]", 2)]
    [InlineData("identity", 5)]
    public async Task Every_file_holds_only_rows_of_its_partition_tuple(string transform, int sourceId)
    {
        using var dir = new TempDirectory("ice-part");
        await using var catalog = await OpenAsync("sql", dir);
        var t = Transform.Parse(transform);
        var source = Schema().FindField(sourceId)!;
        await catalog.CreateTableAsync(Events, Schema(), new PartitionSpec(0, [new PartitionField(sourceId, 1000, "p", t)]));
        // 3000 hours ≈ 4 months; ids 0..2999.
        var half = transform == "hour" ? 60 : 1500;
        await catalog.AppendAsync(Events, [Batch(0, half), Batch(half, half)]);
        await using var table = await catalog.LoadTableAsync(Events);
        var entries = await table.EntriesAsync();
        Assert.True(entries.Count > (transform == "year" ? 0 : 1));
        Assert.Equal(entries.Count, entries.Select(e => e.DataFile.Partition[0]).Distinct().Count());
        var total = 0L;
        foreach (var e in entries)
        {
            await foreach (var batch in ReadFileAsync(table, e.DataFile))
            {
                var column = batch.Column(batch.Schema.GetFieldIndex(source.Name));
                for (var i = 0; i < batch.Length; i++)
                {
                    Assert.Equal(e.DataFile.Partition[0], t.Apply(ArrowValues.Get(column, i, source.Type), source.Type));
                }

                total += batch.Length;
            }
        }

        Assert.Equal(2 * half, total);
        Assert.Equal(2 * half, (await IdsAsync(table)).Count);
    }

    [Fact]
    public async Task Long_string_bounds_are_truncated_and_still_bound_the_data()
    {
        using var dir = new TempDirectory("ice-trunc");
        await using var catalog = await OpenAsync("fs", dir);
        var schema = new IcebergSchema(0, [new NestedField(1, "id", true, PrimitiveType.Long), new NestedField(2, "name", false, PrimitiveType.String)]);
        await catalog.CreateTableAsync(Events, schema);
        var ids = new Int64Array.Builder();
        var names = new StringArray.Builder();
        var values = new[] { "aaaaaaaaaaaaaaaaaaaaaaaa-low", "mmmmmmmmmmmmmmmmmmmmmmmm", "zzzzzzzzzzzzzzzzzzzzzzzzzzzz-high", "ünïcödé-ünïcödé-ünïcödé" };
        for (var i = 0; i < values.Length; i++)
        {
            ids.Append(i);
            names.Append(values[i]);
        }

        await catalog.AppendAsync(Events, [new RecordBatch(schema.ToArrowSchema(), [ids.Build(), names.Build()], values.Length)]);
        await using var table = await catalog.LoadTableAsync(Events);
        var file = Assert.Single(await table.EntriesAsync()).DataFile;
        var lower = Encoding.UTF8.GetString(file.LowerBounds[2]);
        var upper = Encoding.UTF8.GetString(file.UpperBounds[2]);
        Assert.Equal("aaaaaaaaaaaaaaaa", lower);
        Assert.Equal("ünïcödé-ünïcödé.", upper); // the UTF-8 maximum, cut to 16 characters with the last one incremented
        Assert.All(values, v => Assert.True(string.CompareOrdinal(lower, v) <= 0 && string.CompareOrdinal(upper, v) > 0));
        using var duck = new DuckDbReader();
        Assert.Equal(4L, Convert.ToInt64(duck.Query($"SELECT count(*) FROM read_parquet({DuckDbReader.Literal(file.FilePath)})")[0][0]));
    }

    private static async IAsyncEnumerable<RecordBatch> ReadFileAsync(IcebergTable table, DataFile file)
    {
        await using var reader = Orasi.Connectors.Parquet.ParquetBatchReader.Open(file.FilePath);
        await foreach (var b in reader.ReadAsync())
        {
            yield return b;
        }

        _ = table;
    }
}
