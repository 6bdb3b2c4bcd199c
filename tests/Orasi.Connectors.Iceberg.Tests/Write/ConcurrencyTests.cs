using Apache.Arrow;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Operations;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Iceberg.Transactions;
using Orasi.Connectors.Predicates;
using Orasi.Testing;
using Orasi.Testing.Postgres;
using static Orasi.Connectors.Iceberg.Tests.Write.WriteFixtures;

namespace Orasi.Connectors.Iceberg.Tests.Write;

[Collection(PostgresServerFixture.CollectionName)]
public sealed class ConcurrencyTests(PostgresServerFixture pg)
{
    [Theory]
    [InlineData("sql")]
    [InlineData("pg")]
    [InlineData("fs")]
    public async Task Four_parallel_appenders_end_with_every_snapshot_and_every_row_once(string kind)
    {
        using var dir = new TempDirectory("ice-par");
        await using var catalog = await OpenAsync(kind, dir, pg);
        await catalog.CreateTableAsync(Events, Schema());
        const int writers = 4, perWriter = 5, rows = 7;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var list = new List<IcebergCommitResult>();
            for (var i = 0; i < perWriter; i++)
            {
                list.Add(await catalog.AppendAsync(Events, [Batch((w * perWriter + i) * rows, rows)]));
            }

            return list;
        })));

        await using var table = await catalog.LoadTableAsync(Events);
        Assert.Equal(writers * perWriter, table.Snapshots.Count);
        Assert.Equal(Enumerable.Range(0, writers * perWriter * rows).Select(i => (long)i), await IdsAsync(table));
        Assert.Equal(writers * perWriter, table.Metadata.LastSequenceNumber);
        Assert.Equal(Enumerable.Range(1, writers * perWriter).Select(i => (long)i), table.Snapshots.Select(s => s.SequenceNumber).Order());
        Assert.Equal((writers * perWriter * rows).ToString(System.Globalization.CultureInfo.InvariantCulture), table.CurrentSnapshot!.Summary["total-records"]);

        // The snapshot chain is linear: every snapshot but the first has the previous one as parent.
        var chain = new List<long>();
        for (var s = table.CurrentSnapshot; s is not null; s = s.ParentSnapshotId is { } p ? table.Metadata.SnapshotById(p) : null) chain.Add(s.SnapshotId);
        Assert.Equal(writers * perWriter, chain.Count);
    }

    [Theory]
    [InlineData("sql")]
    [InlineData("pg")]
    [InlineData("fs")]
    public async Task Overwrite_against_a_concurrent_append_conflicts(string kind)
    {
        using var dir = new TempDirectory("ice-conflict");
        await using var catalog = await OpenAsync(kind, dir, pg);
        await catalog.CreateTableAsync(Events, Schema());
        await catalog.AppendAsync(Events, [Batch(0, 10)]);
        var (baseLocation, baseMetadata) = (await catalog.LoadMetadataAsync(Events, default))!.Value;

        // An overwrite planned against the base...
        var removed = (await (await catalog.LoadTableAsync(Events)).EntriesAsync()).Select(e => e.DataFile).ToList();
        var producer = new SnapshotProducer(catalog, Events, "overwrite", [], removed);

        // ...loses to an append that commits first.
        await catalog.AppendAsync(Events, [Batch(10, 10)]);
        await Assert.ThrowsAsync<CommitConflictException>(() => producer.CommitAsync(baseMetadata, default, retryAppend: false));

        await using var table = await catalog.LoadTableAsync(Events);
        Assert.Equal(20, (await IdsAsync(table)).Count);
        Assert.Equal(2, table.Snapshots.Count);
        Assert.NotEqual(baseLocation, table.MetadataLocation);
        // The loser's manifest list was cleaned up.
        Assert.Equal(2, Directory.GetFiles(dir.Path, "snap-*.avro", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task A_stale_requirement_fails_and_nothing_is_committed()
    {
        using var dir = new TempDirectory("ice-req");
        await using var catalog = await OpenAsync("fs", dir);
        await catalog.CreateTableAsync(Events, Schema());
        await catalog.AppendAsync(Events, [Batch(0, 1)]);
        var ex = await Assert.ThrowsAsync<CommitConflictException>(() => catalog.CommitTableAsync(Events,
            [new TableRequirement.AssertRefSnapshotId("main", 42)],
            [new TableUpdate.SetProperties(new Dictionary<string, string> { ["a"] = "b" })]));
        Assert.Contains("assert-ref-snapshot-id", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<CommitConflictException>(() => catalog.CommitTableAsync(Events, [new TableRequirement.AssertCurrentSchemaId(7)], []));
        await Assert.ThrowsAsync<CommitConflictException>(() => catalog.CommitTableAsync(Events, [new TableRequirement.AssertTableUuid(Guid.NewGuid())], []));
        await Assert.ThrowsAsync<CommitConflictException>(() => catalog.CommitTableAsync(Events, [new TableRequirement.AssertCreate()], []));
        await using var table = await catalog.LoadTableAsync(Events);
        Assert.False(table.Metadata.Properties.ContainsKey("a"));
        Assert.EndsWith("v2.metadata.json", table.MetadataLocation, StringComparison.Ordinal);
    }
}
