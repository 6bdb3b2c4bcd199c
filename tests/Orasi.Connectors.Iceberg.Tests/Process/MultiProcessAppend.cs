using System.Globalization;
using Apache.Arrow;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Tests.Process;

/// <summary>
/// Runs appender processes (the TestWriter) against one SQL catalog and checks the outcome: one snapshot per append in
/// one linear history, and every row exactly once.
/// </summary>
internal static class MultiProcessAppend
{
    public static async Task RunAsync(string catalogAddress, string warehouse, int processes, int appends, int rows)
    {
        var id = new TableIdentifier("db", "events");
        await using (var catalog = await SqlCatalog.OpenAsync(catalogAddress, warehouse))
        {
            await catalog.CreateNamespaceAsync("db");
            var schema = new IcebergSchema(0, [new NestedField(1, "process", true, PrimitiveType.Int), new NestedField(2, "i", true, PrimitiveType.Int), new NestedField(3, "row", true, PrimitiveType.Int)]);
            await (await catalog.CreateTableAsync(id, schema, properties: new Dictionary<string, string> { ["commit.retry.num-retries"] = "1000" })).DisposeAsync();
        }

        var children = Enumerable.Range(0, processes)
            .Select(p => ChildProcesses.Start(ChildProcesses.TestWriterDll, catalogAddress, warehouse, p.ToString(CultureInfo.InvariantCulture), appends.ToString(CultureInfo.InvariantCulture), rows.ToString(CultureInfo.InvariantCulture)))
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

        await using var check = await SqlCatalog.OpenAsync(catalogAddress, warehouse);
        await using var table = await check.LoadTableAsync(id);
        Assert.Equal(processes * appends, table.Snapshots.Count); // the create made no snapshot; each append made one
        Assert.All(table.Snapshots, s => Assert.Equal("append", s.Operation));
        var chain = new HashSet<long>();
        for (var s = table.CurrentSnapshot; s is not null; s = s.ParentSnapshotId is { } p ? table.Metadata.SnapshotById(p) : null)
        {
            Assert.True(chain.Add(s.SnapshotId));
        }

        Assert.Equal(processes * appends, chain.Count); // one linear history, no lost snapshot
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

        Assert.Equal(processes * appends * rows, seen.Count);
    }
}
