using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Operations;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Predicates;
using Orasi.Testing;
using static Orasi.Connectors.Iceberg.Tests.Write.WriteFixtures;

namespace Orasi.Connectors.Iceberg.Tests.Write;

[Collection(MotoServerFixture.CollectionName)]
public sealed class S3WriteTests(MotoServerFixture moto)
{
    [Fact]
    public async Task Filesystem_catalog_on_s3_appends_deletes_and_reads_back()
    {
        var bucket = await moto.CreateBucketAsync("ice");
        var options = moto.StorageOptions();
        await using var catalog = new FileSystemCatalog($"s3://{bucket}/warehouse", options);
        await catalog.CreateNamespaceAsync("db");
        var spec = new PartitionSpec(0, [new PartitionField(5, 1000, "day", Transform.Identity)]);
        await catalog.CreateTableAsync(Events, Schema(), spec);
        await catalog.AppendAsync(Events, [Batch(0, 60)]);
        await catalog.AppendAsync(Events, [Batch(60, 40)]);
        await catalog.DeleteAsync(Events, Predicate.Parse("id < 30"));
        Assert.Equal([Events], await catalog.ListTablesAsync("db"));

        await using var table = await IcebergTable.LoadAsync($"s3://{bucket}/warehouse/db/events", options);
        Assert.Equal(Enumerable.Range(30, 70).Select(i => (long)i), await IdsAsync(table));
        Assert.Equal(3, table.Snapshots.Count);
        Assert.EndsWith("v4.metadata.json", table.MetadataLocation, StringComparison.Ordinal);
        Assert.All(await table.EntriesAsync(), e => Assert.StartsWith($"s3://{bucket}/warehouse/db/events/data/day=", e.DataFile.FilePath, StringComparison.Ordinal));
    }
}
