using System.Text.Json;
using Orasi.Connectors.DeltaLake.Log;
using Orasi.Connectors.DeltaLake.Operations;
using Orasi.Connectors.Predicates;
using Orasi.Connectors.Storage;
using Orasi.Testing;
using static Orasi.Connectors.DeltaLake.Tests.Operations.DeltaTestTables;

namespace Orasi.Connectors.DeltaLake.Tests.Operations;

[Collection(MotoServerFixture.CollectionName)]
public sealed class S3DeltaWriteTests(MotoServerFixture moto)
{
    private async Task<string> TableAsync() => $"s3://{await moto.CreateBucketAsync("delta")}/tables/t1";

    [Fact]
    public async Task PartitionedAppendOverwriteAndDeleteOnS3()
    {
        var uri = await TableAsync();
        var options = new DeltaWriteOptions { PartitionBy = ["part"], StorageOptions = moto.StorageOptions() };
        await DeltaTableWriter.WriteAsync(uri, [Batch(0, 30, "a/b", null, "c")], options);
        await DeltaTableWriter.WriteAsync(uri, [Batch(100, 6, "c")], options with { Mode = DeltaWriteMode.Overwrite, ReplaceWhere = Predicate.Parse("part = 'c'") });
        await DeltaTableWriter.DeleteAsync(uri, Predicate.Parse("id < 3"), moto.StorageOptions());
        await using var store = ObjectStoreFactory.Open(uri, moto.StorageOptions());
        var (state, rows) = await ReadAllAsync(store);
        Assert.Equal(2, state.Version);
        var expected = Enumerable.Range(0, 30).Where(i => i % 3 != 2 && i >= 3).Select(i => (long)i).Concat(Enumerable.Range(100, 6).Select(i => (long)i)).ToHashSet();
        Assert.Equal(expected, rows.Select(r => (long)r["id"]!).ToHashSet());
        Assert.Contains(rows, r => (string?)r["part"] == "a/b");
        Assert.Contains(rows, r => r["part"] is null);
        foreach (var add in state.Files.Values)
        {
            var head = await store.HeadAsync(Orasi.Connectors.DeltaLake.Protocol.DeltaPaths.DecodeRelative(add.Path));
            Assert.Equal(add.Size, head!.Size);
        }
    }

    [Fact]
    public async Task ParallelAppendersAndCheckpointOnS3()
    {
        var uri = await TableAsync();
        var options = new DeltaWriteOptions { StorageOptions = moto.StorageOptions(), Configuration = new Dictionary<string, string> { ["delta.checkpointInterval"] = "5" } };
        await DeltaTableWriter.CreateAsync(uri, TestSchema, properties: options.Configuration, storageOptions: moto.StorageOptions());
        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(w => Task.Run(() => DeltaTableWriter.WriteAsync(uri, [Batch(w * 100, 20)], options))));
        Assert.Equal(Enumerable.Range(1, 5).Select(v => (long)v), results.Select(r => r.Version).Order());
        await using var store = ObjectStoreFactory.Open(uri, moto.StorageOptions());
        Assert.NotNull(await store.HeadAsync("_delta_log/00000000000000000005.checkpoint.parquet"));
        using var hint = JsonDocument.Parse((await store.GetAsync("_delta_log/_last_checkpoint")).ToArray());
        Assert.Equal(5, hint.RootElement.GetProperty("version").GetInt64());
        var (state, rows) = await ReadAllAsync(store);
        Assert.Equal(5, state.Segment.CheckpointVersion);
        Assert.Equal(100, rows.Select(r => (long)r["id"]!).Distinct().Count());
    }

    [Fact]
    public async Task FailedWriteLeavesNoCommitOnS3()
    {
        var uri = await TableAsync();
        await DeltaTableWriter.WriteAsync(uri, [Batch(0, 5)], new DeltaWriteOptions { StorageOptions = moto.StorageOptions() });
        async IAsyncEnumerable<Apache.Arrow.RecordBatch> Failing()
        {
            yield return Batch(10, 5);
            await Task.Yield();
            throw new InvalidOperationException("boom");
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => DeltaTableWriter.WriteAsync(uri, Failing(), new DeltaWriteOptions { StorageOptions = moto.StorageOptions() }));
        await using var store = ObjectStoreFactory.Open(uri, moto.StorageOptions());
        var (state, rows) = await ReadAllAsync(store);
        Assert.Equal(0, state.Version);
        Assert.Equal(5, rows.Count);
    }
}
