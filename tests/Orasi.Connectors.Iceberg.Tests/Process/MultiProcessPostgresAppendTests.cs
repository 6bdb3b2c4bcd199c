using System.Globalization;
using Apache.Arrow;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Testing;
using Orasi.Testing.Postgres;

namespace Orasi.Connectors.Iceberg.Tests.Process;

/// <summary>Concurrent appenders in separate processes committing through one PostgreSQL catalog (via the connector and a URI).</summary>
[Collection(PostgresServerFixture.CollectionName)]
public sealed class MultiProcessPostgresAppendTests(PostgresServerFixture pg)
{
    [Fact]
    public async Task Three_processes_append_through_one_postgres_catalog_with_every_row_exactly_once()
    {
        const int Processes = 3, Appends = 10, Rows = 3;
        using var dir = new TempDirectory("iceberg-pg-proc");
        var uri = pg.UriFor(await pg.CreateDatabaseAsync());
        var warehouse = dir.Combine("wh");
        var id = new TableIdentifier("db", "events");
        await using (var catalog = await SqlCatalog.OpenAsync(uri, warehouse))
        {
            await catalog.CreateNamespaceAsync("db");
            var schema = new IcebergSchema(0, [new NestedField(1, "process", true, PrimitiveType.Int), new NestedField(2, "i", true, PrimitiveType.Int), new NestedField(3, "row", true, PrimitiveType.Int)]);
            await (await catalog.CreateTableAsync(id, schema, properties: new Dictionary<string, string> { ["commit.retry.num-retries"] = "1000" })).DisposeAsync();
        }

        var children = Enumerable.Range(0, Processes)
            .Select(p => ChildProcesses.Start(ChildProcesses.TestWriterDll, uri, warehouse, p.ToString(CultureInfo.InvariantCulture), Appends.ToString(CultureInfo.InvariantCulture), Rows.ToString(CultureInfo.InvariantCulture)))
            .ToList();
        try
        {
            foreach (var child in children)
            {
                var exit = await child.WaitAsync(TimeSpan.FromSeconds(120));
                Assert.True(exit == 0, $"writer exited with {exit}: {child.Output}");
            }
        }
        finally
        {
            children.ForEach(c => c.Dispose());
        }

        await using var check = await SqlCatalog.OpenAsync(uri, warehouse);
        await using var table = await check.LoadTableAsync(id);
        Assert.Equal(Processes * Appends, table.Snapshots.Count);
        var chain = 0;
        for (var s = table.CurrentSnapshot; s is not null; s = s.ParentSnapshotId is { } p ? table.Metadata.SnapshotById(p) : null)
        {
            chain++;
        }

        Assert.Equal(Processes * Appends, chain); // one linear history, no lost snapshot
        var seen = new HashSet<(int, int, int)>();
        await foreach (var b in table.ScanAsync())
        {
            var p = (Int32Array)b.Column(0);
            var i = (Int32Array)b.Column(1);
            var r = (Int32Array)b.Column(2);
            for (var k = 0; k < b.Length; k++)
            {
                Assert.True(seen.Add((p.GetValue(k)!.Value, i.GetValue(k)!.Value, r.GetValue(k)!.Value)), "a row appears twice");
            }
        }

        Assert.Equal(Processes * Appends * Rows, seen.Count);
    }
}
