using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Operations;
using Orasi.Connectors.Iceberg.Operations.Maintenance;
using Orasi.Connectors.Iceberg.Scan;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Storage;
using Orasi.Testing;
using static Orasi.Connectors.Iceberg.Tests.Write.WriteFixtures;

namespace Orasi.Connectors.Iceberg.Tests.Write;

[Collection(MotoServerFixture.CollectionName)]
public sealed class S3MaintenanceTests(MotoServerFixture moto)
{
    [Fact]
    public async Task Compaction_and_orphan_removal_on_s3()
    {
        var bucket = await moto.CreateBucketAsync("ice-maint");
        var options = moto.StorageOptions();
        await using var catalog = new FileSystemCatalog($"s3://{bucket}/warehouse", options);
        await catalog.CreateNamespaceAsync("db");
        await catalog.CreateTableAsync(Events, Schema(), new PartitionSpec(0, [new PartitionField(5, 1000, "day", Transform.Identity)]));
        for (var i = 0; i < 6; i++) await catalog.AppendAsync(Events, [Batch(i * 8, 8)]);
        var compacted = await catalog.RewriteDataFilesAsync(Events, new IcebergRewriteDataFilesOptions { MinInputFiles = 2 });
        Assert.True(compacted.Committed);
        await catalog.RewriteManifestsAsync(Events);

        await using (var store = ObjectStoreFactory.Open($"s3://{bucket}/warehouse/db/events", options))
        {
            await store.PutAsync("data/day=2024-01-01/stray.parquet", new byte[] { 1, 2, 3 });
            await store.PutAsync("metadata/leftover-m0.avro", new byte[] { 4, 5 });
            await store.PutAsync("other/x.bin", new byte[] { 6 });
        }

        // Written just now: too young for the default 3-day cutoff.
        Assert.Empty((await catalog.RemoveOrphanFilesAsync(Events, dryRun: true)).OrphanFiles);

        var cutoff = DateTimeOffset.UtcNow.AddMinutes(1);
        var dry = await catalog.RemoveOrphanFilesAsync(Events, cutoff, dryRun: true);
        var expected = new[]
        {
            $"s3://{bucket}/warehouse/db/events/data/day=2024-01-01/stray.parquet",
            $"s3://{bucket}/warehouse/db/events/metadata/leftover-m0.avro",
            $"s3://{bucket}/warehouse/db/events/other/x.bin",
        };
        Assert.Equal(expected, dry.OrphanFiles);
        var removed = await catalog.RemoveOrphanFilesAsync(Events, cutoff);
        Assert.Equal(expected, removed.OrphanFiles);
        Assert.Equal(6, removed.Bytes);

        await using var table = await IcebergTable.LoadAsync($"s3a://{bucket}/warehouse/db/events", options);
        Assert.Equal(Enumerable.Range(0, 48).Select(i => (long)i), await IdsAsync(table));
        var counts = new List<int>();
        foreach (var s in table.Snapshots.OrderBy(s => s.SequenceNumber))
        {
            counts.Add((await IdsAsync(table, new IcebergScanOptions { SnapshotId = s.SnapshotId })).Count);
        }

        Assert.Equal([8, 16, 24, 32, 40, 48, 48, 48], counts);
        Assert.Empty((await catalog.RemoveOrphanFilesAsync(Events, cutoff, dryRun: true)).OrphanFiles);
    }
}
