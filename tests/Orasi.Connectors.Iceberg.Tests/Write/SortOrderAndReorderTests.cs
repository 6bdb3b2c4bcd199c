using Apache.Arrow;
using Orasi.Connectors.Iceberg.Operations;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Testing;
using static Orasi.Connectors.Iceberg.Tests.Write.WriteFixtures;

namespace Orasi.Connectors.Iceberg.Tests.Write;

public sealed class SortOrderAndReorderTests
{
    [Theory]
    [InlineData("fs")]
    [InlineData("sql")]
    public async Task Sort_order_changes_are_committed_and_reloaded(string kind)
    {
        using var dir = new TempDirectory("ice-sort");
        await using var catalog = await OpenAsync(kind, dir);
        await catalog.CreateTableAsync(Events, Schema());
        await catalog.AppendAsync(Events, [Batch(0, 10)]);

        await catalog.ReplaceSortOrderAsync(Events, o => o.Asc("name").Desc("ts", Transform.Parse("hour")));
        await using (var t = await catalog.LoadTableAsync(Events))
        {
            var order = t.Metadata.SortOrders.Single(s => s.OrderId == t.Metadata.DefaultSortOrderId);
            Assert.Equal(1, order.OrderId);
            Assert.Equal([new SortField(2, Transform.Identity, "asc", "nulls-first"), new SortField(3, Transform.Parse("hour"), "desc", "nulls-last")], order.Fields);
        }

        // The same order again is not added twice; a different one gets the next id; no fields means unsorted (0).
        await catalog.ReplaceSortOrderAsync(Events, o => o.Asc("name").Desc("ts", Transform.Parse("hour")));
        await catalog.ReplaceSortOrderAsync(Events, o => o.Desc("score", nullsFirst: true));
        await using (var t = await catalog.LoadTableAsync(Events))
        {
            Assert.Equal(2, t.Metadata.DefaultSortOrderId);
            Assert.Equal([0, 1, 2], t.Metadata.SortOrders.Select(s => s.OrderId).Order());
            Assert.Equal("nulls-first", t.Metadata.SortOrders.Single(s => s.OrderId == 2).Fields[0].NullOrder);
        }

        await catalog.ReplaceSortOrderAsync(Events, _ => { });
        await using (var t = await catalog.LoadTableAsync(Events))
        {
            Assert.Equal(0, t.Metadata.DefaultSortOrderId);
            Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), await IdsAsync(t));
        }
    }

    [Fact]
    public async Task Bad_sort_orders_are_refused_by_name()
    {
        using var dir = new TempDirectory("ice-sort-bad");
        await using var catalog = await OpenAsync("sql", dir);
        await catalog.CreateTableAsync(Events, Schema());
        var missing = await Assert.ThrowsAsync<ValidationFailedException>(() => catalog.ReplaceSortOrderAsync(Events, o => o.Asc("nope")));
        Assert.Contains("'nope'", missing.Message, StringComparison.Ordinal);
        var transform = await Assert.ThrowsAsync<ValidationFailedException>(() => catalog.ReplaceSortOrderAsync(Events, o => o.Asc("name", Transform.Parse("day"))));
        Assert.Contains("'name'", transform.Message, StringComparison.Ordinal);
        await using var t = await catalog.LoadTableAsync(Events);
        Assert.Equal(0, t.Metadata.DefaultSortOrderId);
    }

    [Fact]
    public async Task Reordered_columns_read_back_in_the_new_order_with_old_files_intact()
    {
        using var dir = new TempDirectory("ice-reorder");
        await using var catalog = await OpenAsync("fs", dir);
        await catalog.CreateTableAsync(Events, Schema());
        await catalog.AppendAsync(Events, [Batch(0, 20)]);

        await catalog.UpdateSchemaAsync(Events, s => s.MoveFirst("score").MoveAfter("id", "day").MoveBefore("name", "ts"));
        await using var t = await catalog.LoadTableAsync(Events);
        Assert.Equal(["score", "name", "ts", "day", "id"], t.Metadata.CurrentSchema.Fields.Select(f => f.Name));
        var rows = 0;
        await foreach (var batch in t.ScanAsync())
        {
            Assert.Equal(["score", "name", "ts", "day", "id"], batch.Schema.FieldsList.Select(f => f.Name));
            var ids = (Int64Array)batch.Column(4);
            var scores = (DoubleArray)batch.Column(0);
            for (var i = 0; i < batch.Length; i++)
            {
                Assert.Equal(ids.GetValue(i)!.Value * 0.5, scores.GetValue(i));
            }

            rows += batch.Length;
        }

        Assert.Equal(20, rows);
        await Assert.ThrowsAsync<ValidationFailedException>(() => catalog.UpdateSchemaAsync(Events, s => s.MoveAfter("id", "id")));
        await Assert.ThrowsAsync<ValidationFailedException>(() => catalog.UpdateSchemaAsync(Events, s => s.MoveBefore("id", "missing")));
    }
}
