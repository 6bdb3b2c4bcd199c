using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Operations;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Predicates;
using Orasi.Testing;
using static Orasi.Connectors.Iceberg.Tests.Write.WriteFixtures;

namespace Orasi.Connectors.Iceberg.Tests.Write;

[Collection(MotoServerFixture.CollectionName)]
public sealed class RowLevelS3Tests(MotoServerFixture moto)
{
    [Fact]
    public async Task Merge_on_read_delete_and_upsert_on_s3()
    {
        var bucket = await moto.CreateBucketAsync("ice-mor");
        var options = moto.StorageOptions();
        await using var catalog = new FileSystemCatalog($"s3://{bucket}/warehouse", options);
        await catalog.CreateNamespaceAsync("db");
        await catalog.CreateTableAsync(Events, new IcebergSchema(0, Schema().Fields, [1]), new PartitionSpec(0, [new PartitionField(5, 1000, "day", Transform.Identity)]),
            new Dictionary<string, string> { [IcebergRowLevelOperations.DeleteModeProperty] = "merge-on-read" });
        await catalog.AppendAsync(Events, [Batch(0, 48)]);
        await catalog.DeleteAsync(Events, Predicate.Parse("id in (" + string.Join(", ", Enumerable.Range(0, 16).Select(i => i * 3)) + ")"));
        await catalog.UpsertAsync(Events, [RowLevelTests.Rows((1, "up"), (1000, "new"))]);

        await using var table = await IcebergTable.LoadAsync($"s3://{bucket}/warehouse/db/events", options);
        var names = await RowLevelTests.NamesAsync(table);
        Assert.Equal(Enumerable.Range(0, 48).Where(i => i % 3 != 0).Select(i => (long)i).Append(1000L), names.Select(p => p.Key));
        Assert.Equal("up", names.Single(p => p.Key == 1).Value);
        var entries = await table.EntriesAsync();
        Assert.Equal(2, entries.Count(e => e.DataFile.Content == DataFileContent.PositionDeletes));
        Assert.All(entries, e => Assert.StartsWith($"s3://{bucket}/warehouse/db/events/data/", e.DataFile.FilePath, StringComparison.Ordinal));
    }
}
