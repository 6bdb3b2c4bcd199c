using Orasi.Connectors.DeltaLake.Log;
using Orasi.Connectors.DeltaLake.Operations;
using Orasi.Connectors.DeltaLake.Operations.Maintenance;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.Storage;
using Orasi.Testing;
using static Orasi.Connectors.DeltaLake.Tests.Maintenance.MaintenanceTestSupport;
using static Orasi.Connectors.DeltaLake.Tests.Operations.DeltaTestTables;

namespace Orasi.Connectors.DeltaLake.Tests.Maintenance;

[Collection(MotoServerFixture.CollectionName)]
public sealed class S3VacuumTests(MotoServerFixture moto)
{
    [Fact]
    public async Task Forced_vacuum_on_s3_deletes_tombstoned_files_and_keeps_the_table_readable()
    {
        var uri = $"s3://{await moto.CreateBucketAsync("vacuum")}/tables/t";
        var options = new DeltaWriteOptions { StorageOptions = moto.StorageOptions(), PartitionBy = ["part"] };
        await DeltaTableWriter.WriteAsync(uri, [Batch(0, 20, "a", "b")], options);
        await DeltaTableWriter.WriteAsync(uri, [Batch(100, 5, "a")], options with { Mode = DeltaWriteMode.Overwrite });
        await using var store = ObjectStoreFactory.Open(uri, moto.StorageOptions());
        var v0 = (await LogReplay.LoadAsync(store, 0)).Files.Values.Select(f => DeltaPaths.DecodeRelative(f.Path)).Order(StringComparer.Ordinal).ToList();
        var latest = await RowsAsync(uri, null, moto.StorageOptions());
        await Task.Delay(1100); // S3 modification times have one-second precision

        var dry = await DeltaMaintenance.VacuumAsync(uri, new DeltaVacuumOptions { RetentionHours = 0, EnforceRetentionDuration = false, DryRun = true }, moto.StorageOptions());
        Assert.Equal(v0, dry.Files);
        var real = await DeltaMaintenance.VacuumAsync(uri, new DeltaVacuumOptions { RetentionHours = 0, EnforceRetentionDuration = false }, moto.StorageOptions());

        Assert.Equal(v0, real.Files);
        foreach (var file in v0)
        {
            Assert.Null(await store.HeadAsync(file));
        }

        Assert.Equal(latest, await RowsAsync(uri, null, moto.StorageOptions()));
        Assert.Equal(3, (await LogReplay.LoadAsync(store)).Version);
    }
}
