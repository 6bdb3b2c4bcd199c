using Orasi.Connectors.Iceberg.Operations;
using Orasi.Testing;
using static Orasi.Connectors.Iceberg.Tests.Write.WriteFixtures;

namespace Orasi.Connectors.Iceberg.Tests.Write;

public sealed class AppendOptionsTests
{
    private static int DataFiles(TempDirectory dir) =>
        Directory.GetFiles(dir.Combine("warehouse"), "*.parquet", SearchOption.AllDirectories).Length;

    [Theory]
    [InlineData("sql")]
    [InlineData("fs")]
    public async Task Summary_properties_are_stored_and_standard_keys_cannot_be_overridden(string kind)
    {
        using var dir = new TempDirectory("ice-opt");
        await using var catalog = await OpenAsync(kind, dir);
        await catalog.CreateTableAsync(Events, Schema());
        var result = await catalog.AppendAsync(Events, [Batch(0, 5)], new IcebergAppendOptions
        {
            SummaryProperties = new Dictionary<string, string> { ["app.offset"] = "1", ["app.static"] = "s", ["operation"] = "replace", ["added-records"] = "99" },
            Validate = _ => new Dictionary<string, string> { ["app.offset"] = "2" },
        });

        await using var table = await catalog.LoadTableAsync(Events);
        var summary = table.CurrentSnapshot!.Summary;
        Assert.Equal(result.SnapshotId, table.CurrentSnapshot.SnapshotId);
        Assert.Equal("2", summary["app.offset"]);
        Assert.Equal("s", summary["app.static"]);
        Assert.Equal("append", summary["operation"]);
        Assert.Equal("5", summary["added-records"]);
    }

    [Theory]
    [InlineData("sql")]
    [InlineData("fs")]
    public async Task Validation_runs_on_every_attempt_and_an_abort_on_retry_commits_nothing_and_deletes_the_files(string kind)
    {
        using var dir = new TempDirectory("ice-val");
        await using var catalog = await OpenAsync(kind, dir);
        await catalog.CreateTableAsync(Events, Schema());
        await catalog.AppendAsync(Events, [Batch(0, 5)], new IcebergAppendOptions { SummaryProperties = new Dictionary<string, string> { ["claim"] = "a" } });

        // The first attempt sees no competing claim; a concurrent writer then commits one, so the attempt loses the
        // race, and its retry must see the claim and abort.
        var seen = new List<long?>();
        var options = new IcebergAppendOptions
        {
            Validate = metadata =>
            {
                seen.Add(metadata.CurrentSnapshotId);
                if (metadata.CurrentSnapshot!.Summary.ContainsKey("claim-b"))
                {
                    throw new CommitConflictException("claim-b is taken");
                }

                if (seen.Count == 1)
                {
                    Task.Run(() => catalog.AppendAsync(Events, [Batch(100, 3)], new IcebergAppendOptions { SummaryProperties = new Dictionary<string, string> { ["claim-b"] = "x" } })).GetAwaiter().GetResult();
                }

                return new Dictionary<string, string> { ["claim-b"] = "mine" };
            },
        };
        var ex = await Assert.ThrowsAsync<CommitConflictException>(() => catalog.AppendAsync(Events, [Batch(200, 4)], options));
        Assert.Equal("claim-b is taken", ex.Message);
        Assert.Equal(2, seen.Count);
        Assert.NotEqual(seen[0], seen[1]);

        await using var table = await catalog.LoadTableAsync(Events);
        Assert.Equal(2, table.Snapshots.Count);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => (long)i).Concat(Enumerable.Range(100, 3).Select(i => (long)i)), await IdsAsync(table));
        Assert.Equal(2, DataFiles(dir)); // the aborted append's data file was deleted
        Assert.Equal("x", table.CurrentSnapshot!.Summary["claim-b"]);
    }
}
