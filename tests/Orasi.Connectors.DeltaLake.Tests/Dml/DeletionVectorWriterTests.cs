using Orasi.Connectors.DeltaLake.DeletionVectors;
using Orasi.Connectors.DeltaLake.Operations;
using Orasi.Connectors.DeltaLake.Operations.Dml;
using Orasi.Connectors.DeltaLake.Scan;
using Orasi.Connectors.Predicates;
using Orasi.Connectors.Storage;
using Orasi.Testing;
using static Orasi.Connectors.DeltaLake.Tests.Dml.DmlTestHelpers;

namespace Orasi.Connectors.DeltaLake.Tests.Dml;

public sealed class DeletionVectorWriterTests
{
    [Fact]
    public async Task VectorsWithArrayAndBitmapContainersAndHighKeysRoundTripThroughFileAndReader()
    {
        using var dir = new TempDirectory("dv");
        await using var store = ObjectStoreFactory.Open(dir.Path);
        var dense = Enumerable.Range(0, 5000).Select(i => (long)i * 2).ToList();           // > 4096 in container 0 → bitmap container
        var sparse = new long[] { 3, 70_000, 1L << 33, (1L << 33) + 5, 5L << 32 };           // several containers and 32-bit keys
        var writer = new DeletionVectorFileWriter();
        var first = writer.Add(dense);
        var second = writer.Add(sparse);
        await writer.WriteAsync(store, default);

        Assert.Equal(1, first.Offset);
        Assert.Equal(1 + 4 + first.SizeInBytes + 4, second.Offset);
        Assert.Equal(dense, DmlTests.DecodeIndependently(dir.Path, first));
        Assert.Equal(sparse.Order(), DmlTests.DecodeIndependently(dir.Path, second));
        Assert.Equal(dense, await DeletionVectorReader.ReadAsync(store, first, "f1", default));
        Assert.Equal(sparse.Order(), await DeletionVectorReader.ReadAsync(store, second, "f2", default));
    }

    [Fact]
    public async Task CorruptedVectorFailsItsChecksumInOurReader()
    {
        using var dir = new TempDirectory("dv");
        await using var store = ObjectStoreFactory.Open(dir.Path);
        var writer = new DeletionVectorFileWriter();
        var dv = writer.Add(new long[] { 1, 2, 3 });
        await writer.WriteAsync(store, default);
        var path = Path.Combine(dir.Path, writer.RelativePath);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[dv.Offset!.Value + 4 + 12] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes);
        await Assert.ThrowsAsync<CorruptDataException>(() => DeletionVectorReader.ReadAsync(store, dv, "f", default));
    }
}

[Collection(MotoServerFixture.CollectionName)]
public sealed class S3DmlTests(MotoServerFixture moto)
{
    [Fact]
    public async Task UpdateDeleteAndMergeWithDeletionVectorsOnS3()
    {
        var uri = $"s3://{await moto.CreateBucketAsync("dml")}/tables/dv";
        var storage = moto.StorageOptions();
        await CreateAsync(uri, DvAndCdfProperties, null, storage);
        await DeltaTableWriter.WriteAsync(uri, [Operations.DeltaTestTables.Batch(0, 10, "a")], new DeltaWriteOptions { StorageOptions = storage });
        var deleted = await DeltaTableWriter.DeleteRowsAsync(uri, Predicate.Parse("id < 2"), storage);
        Assert.Equal(1, deleted.DeletionVectorsAdded);
        await DeltaTableWriter.UpdateAsync(uri, Predicate.Parse("id = 5"), new Dictionary<string, DeltaExpression> { ["name"] = DeltaExpression.Literal("five") }, storage);
        await DeltaTableWriter.MergeAsync(uri, [Batch([(6, new ModelRow("six", "a", 6)), (20, new ModelRow("twenty", "a", 20))])], DeltaMergeOptions.Upsert("id") with { StorageOptions = storage });
        var model = Model(0, 10, "a");
        model.Remove(0);
        model.Remove(1);
        model[5] = model[5] with { Name = "five" };
        model[6] = new ModelRow("six", "a", 6);
        model[20] = new ModelRow("twenty", "a", 20);
        Assert.Equal(model, await ReadAsync(uri, storage));
        await using var table = await DeltaTable.OpenAsync(uri, storage);
        var changes = 0;
        await foreach (var batch in table.ChangesAsync(2))
        {
            changes += batch.Length;
        }

        Assert.Equal(2 + 2 + 3, changes); // 2 deletes, pre+post of 5, pre+post of 6 and an insert
    }
}
