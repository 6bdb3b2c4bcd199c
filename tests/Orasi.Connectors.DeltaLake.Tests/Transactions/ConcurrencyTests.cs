using Orasi.Connectors.DeltaLake.Log;
using Orasi.Connectors.DeltaLake.Operations;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.DeltaLake.Transactions;
using Orasi.Connectors.Predicates;
using Orasi.Connectors.Storage;
using Orasi.Testing;
using static Orasi.Connectors.DeltaLake.Tests.Operations.DeltaTestTables;

namespace Orasi.Connectors.DeltaLake.Tests.Transactions;

public sealed class ConcurrencyTests : IDisposable
{
    private readonly TempDirectory _dir = new("delta-txn");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task EightParallelAppendersAllLand()
    {
        await DeltaTableWriter.CreateAsync(_dir.Path, TestSchema);
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(() => DeltaTableWriter.WriteAsync(_dir.Path, [Batch(w * 1000, 100)]))).ToArray();
        var results = await Task.WhenAll(writers);
        Assert.Equal(Enumerable.Range(1, 8).Select(v => (long)v), results.Select(r => r.Version).Order());
        await using var store = ObjectStoreFactory.Open(_dir.Path);
        var (state, rows) = await ReadAllAsync(store);
        Assert.Equal(8, state.Version);
        var commits = await store.ListAsync("_delta_log/").Where(o => o.Path.EndsWith(".json", StringComparison.Ordinal)).CountAsync();
        Assert.Equal(9, commits);
        var ids = rows.Select(r => (long)r["id"]!).ToList();
        Assert.Equal(800, ids.Count);
        Assert.Equal(800, ids.Distinct().Count());
        Assert.All(Enumerable.Range(1, 8), v => Assert.True(state.CommitInfos[v].IsBlindAppend));
    }

    [Fact]
    public async Task OverwriteConflictsWithConcurrentAppend()
    {
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(0, 10)]);
        await using var store = ObjectStoreFactory.Open(_dir.Path);
        var read = await LogReplay.LoadAsync(store);
        var overwrite = new DeltaTransaction(store, read) { Operation = "WRITE" };
        overwrite.ReadWholeTable();
        overwrite.ReadFiles(read.Files.Values);
        overwrite.AddRange(read.Files.Values.Select(a => new RemoveFile { Path = a.Path, DataChange = true, DeletionTimestamp = 1 }));

        var blind = new DeltaTransaction(store, read);
        blind.Add(read.Files.Values.First() with { Path = "fake-but-fine.parquet" });

        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(100, 10)]); // wins version 1
        var error = await Assert.ThrowsAsync<CommitConflictException>(() => overwrite.CommitAsync());
        Assert.Contains("ConcurrentAppend", error.Message, StringComparison.Ordinal);
        Assert.Contains("commit 1", error.Message, StringComparison.Ordinal);

        // A blind append built on the same old version rebases.
        Assert.Equal(2, await blind.CommitAsync());
    }

    [Fact]
    public async Task PredicateReadsOnlyConflictWithMatchingPartitions()
    {
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(0, 10, "a", "b")], new DeltaWriteOptions { PartitionBy = ["part"] });
        await using var store = ObjectStoreFactory.Open(_dir.Path);
        var read = await LogReplay.LoadAsync(store);
        DeltaTransaction ReplaceA()
        {
            var t = new DeltaTransaction(store, read);
            t.ReadPredicate(Predicate.Parse("part = 'a'"));
            var files = read.Files.Values.Where(f => f.PartitionValues["part"] == "a").ToList();
            t.ReadFiles(files);
            t.AddRange(files.Select(a => new RemoveFile { Path = a.Path, DataChange = true, DeletionTimestamp = 1 }));
            return t;
        }

        var first = ReplaceA();
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(100, 4, "b")]);
        Assert.Equal(2, await first.CommitAsync()); // appends to b do not matter

        var second = ReplaceA();
        var error = await Assert.ThrowsAsync<CommitConflictException>(() => second.CommitAsync());
        Assert.Contains("ConcurrentDeleteDelete", error.Message, StringComparison.Ordinal);

        var read2 = await LogReplay.LoadAsync(store);
        var third = new DeltaTransaction(store, read2);
        third.ReadPredicate(Predicate.Parse("part = 'b'"));
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(200, 2, "b")]);
        var appendError = await Assert.ThrowsAsync<CommitConflictException>(() => third.CommitAsync());
        Assert.Contains("ConcurrentAppend", appendError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetadataChangeAndSameAppIdConflict()
    {
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(0, 1)]);
        await using var store = ObjectStoreFactory.Open(_dir.Path);
        var read = await LogReplay.LoadAsync(store);
        var txnWriter = new DeltaTransaction(store, read);
        txnWriter.Add(new SetTransaction { AppId = "app", Version = 1 });
        var other = new DeltaTransaction(store, read);
        other.Add(new SetTransaction { AppId = "app", Version = 2 });
        await other.CommitAsync();
        var error = await Assert.ThrowsAsync<CommitConflictException>(() => txnWriter.CommitAsync());
        Assert.Contains("ConcurrentTransaction", error.Message, StringComparison.Ordinal);

        var read2 = await LogReplay.LoadAsync(store);
        var append = new DeltaTransaction(store, read2);
        append.Add(read2.Files.Values.First() with { Path = "x.parquet" });
        var extra = new Apache.Arrow.RecordBatch(new Apache.Arrow.Schema.Builder().Field(f => f.Name("id").DataType(Apache.Arrow.Types.Int64Type.Default).Nullable(false)).Field(f => f.Name("z").DataType(Apache.Arrow.Types.Int32Type.Default)).Build(),
            [new Apache.Arrow.Int64Array.Builder().Append(9).Build(), new Apache.Arrow.Int32Array.Builder().Append(1).Build()], 1);
        await DeltaTableWriter.WriteAsync(_dir.Path, [extra], new DeltaWriteOptions { SchemaMode = DeltaSchemaMode.Merge });
        var metaError = await Assert.ThrowsAsync<CommitConflictException>(() => append.CommitAsync());
        Assert.Contains("MetadataChanged", metaError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetriesAreBounded()
    {
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(0, 1)]);
        await using var store = ObjectStoreFactory.Open(_dir.Path);
        var read = await LogReplay.LoadAsync(store);
        var late = new DeltaTransaction(store, read, new DeltaCommitProperties { MaxRetries = 0 });
        late.Add(read.Files.Values.First() with { Path = "y.parquet" });
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(1, 1)]);
        var error = await Assert.ThrowsAsync<CommitConflictException>(() => late.CommitAsync());
        Assert.Contains("gave up after 1 attempt", error.Message, StringComparison.Ordinal);
    }
}
