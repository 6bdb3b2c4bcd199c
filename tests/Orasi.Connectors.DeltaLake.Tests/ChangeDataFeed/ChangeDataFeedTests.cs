using Apache.Arrow;
using Orasi.Connectors.DeltaLake.ChangeDataFeed;
using Orasi.Connectors.DeltaLake.Log;
using Orasi.Connectors.DeltaLake.Operations;
using Orasi.Connectors.DeltaLake.Operations.Dml;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.DeltaLake.Scan;
using Orasi.Connectors.Predicates;
using Orasi.Connectors.Storage;
using Orasi.Connectors.DeltaLake.Tests.Dml;
using Orasi.Testing;
using static Orasi.Connectors.DeltaLake.Tests.Dml.DmlTestHelpers;
using TestTables = Orasi.Connectors.DeltaLake.Tests.Operations.DeltaTestTables;

namespace Orasi.Connectors.DeltaLake.Tests.ChangeDataFeed;

public sealed class ChangeDataFeedTests
{
    private static string KernelTable(string name) => Path.Combine(Orasi.Testing.Corpora.Root, "delta", "kernel-testdata", name);

    private static async Task<List<(string Type, long Version, Dictionary<string, object?> Row)>> ChangesAsync(string uri, long from, long? to = null, DeltaScanOptions? options = null)
    {
        await using var table = await DeltaTable.OpenAsync(uri);
        var result = new List<(string, long, Dictionary<string, object?>)>();
        await foreach (var batch in table.ChangesAsync(from, to, options))
        {
            Assert.Equal("_commit_timestamp", batch.Schema.FieldsList[^1].Name);
            var ts = (Apache.Arrow.Types.TimestampType)batch.Schema.FieldsList[^1].DataType;
            Assert.Equal(Apache.Arrow.Types.TimeUnit.Microsecond, ts.Unit);
            Assert.Equal("UTC", ts.Timezone);
            var types = (StringArray)batch.Column("_change_type");
            var versions = (Int64Array)batch.Column("_commit_version");
            for (var i = 0; i < batch.Length; i++)
            {
                var row = new Dictionary<string, object?>();
                for (var c = 0; c < batch.ColumnCount - 3; c++)
                {
                    row[batch.Schema.FieldsList[c].Name] = Value(batch.Column(c), i);
                }

                result.Add((types.GetString(i)!, versions.GetValue(i)!.Value, row));
            }
        }

        return result;
    }

    private static object? Value(IArrowArray array, int i) => array switch
    {
        Int64Array a => a.GetValue(i),
        Int32Array a => a.GetValue(i) is { } v ? (long)v : null,
        StringArray a => a.GetString(i),
        DoubleArray a => a.GetValue(i),
        _ => array.IsNull(i) ? null : "?",
    };

    [Fact]
    public async Task EachOperationWritesTheSpecChangeRows()
    {
        using var dir = new TempDirectory("cdf");
        var uri = dir.Path;
        await CreateAsync(uri, CdfProperties);
        await using (var store = ObjectStoreFactory.Open(uri))
        {
            var protocol = (await LogReplay.LoadAsync(store)).Protocol;
            Assert.True(protocol.MinWriterVersion >= 4);
        }

        await DeltaTableWriter.WriteAsync(uri, [TestTables.Batch(0, 5, "a")]);                                              // v1
        await DeltaTableWriter.DeleteRowsAsync(uri, Predicate.Parse("id = 0"));                                               // v2
        await DeltaTableWriter.UpdateAsync(uri, Predicate.Parse("id = 1"), new Dictionary<string, DeltaExpression> { ["name"] = DeltaExpression.Literal("one") }); // v3
        await DeltaTableWriter.MergeAsync(uri, [Batch([(2, new ModelRow("two", "a", 9)), (7, new ModelRow("seven", "b", 7))])], DeltaMergeOptions.Upsert("id")); // v4

        var changes = await ChangesAsync(uri, 1);
        string Describe((string Type, long Version, Dictionary<string, object?> Row) c) => $"{c.Version}:{c.Type}:{c.Row["id"]}:{c.Row["name"]}";
        var described = changes.Select(Describe).OrderBy(s => s, StringComparer.Ordinal).ToList();
        var expected = new[]
        {
            "1:insert:0:n0", "1:insert:1:n1", "1:insert:2:n2", "1:insert:3:n3", "1:insert:4:n4",
            "2:delete:0:n0",
            "3:update_postimage:1:one", "3:update_preimage:1:n1",
            "4:insert:7:seven", "4:update_postimage:2:two", "4:update_preimage:2:n2",
        }.OrderBy(s => s, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, described);

        // Copy-on-write rewrote untouched rows, but they are not changes: only cdc files count for DML versions.
        await using (var store = ObjectStoreFactory.Open(uri))
        {
            var commit = DeltaActionSerializer.ParseCommit((await store.GetAsync("_delta_log/00000000000000000003.json")).Span, "v3");
            var cdc = Assert.Single(commit.OfType<AddCdcFile>());
            Assert.StartsWith("_change_data/", cdc.Path, StringComparison.Ordinal);
            Assert.False(cdc.DataChange);
        }

        // Ranges, projection, predicate and limit.
        Assert.All(await ChangesAsync(uri, 2, 3), c => Assert.InRange(c.Version, 2, 3));
        var projected = await ChangesAsync(uri, 1, null, new DeltaScanOptions { Columns = ["id", "_change_type", "_commit_version", "_commit_timestamp"], Predicate = Predicate.Parse("id = 2") });
        Assert.Equal(["1:insert", "4:update_postimage", "4:update_preimage"], projected.Select(c => $"{c.Version}:{c.Type}").Order(StringComparer.Ordinal));
        Assert.All(projected, c => Assert.Equal(["id"], c.Row.Keys));
        Assert.Equal(3, (await ChangesAsync(uri, 1, null, new DeltaScanOptions { Limit = 3 })).Count);
    }

    [Fact]
    public async Task DeletionVectorOperationsProduceChangeRowsToo()
    {
        using var dir = new TempDirectory("cdf");
        var uri = dir.Path;
        await CreateAsync(uri, DvAndCdfProperties);
        await DeltaTableWriter.WriteAsync(uri, [TestTables.Batch(0, 10, "a")]);
        await DeltaTableWriter.DeleteRowsAsync(uri, Predicate.Parse("id < 2"));
        await DeltaTableWriter.UpdateAsync(uri, Predicate.Parse("id = 5"), new Dictionary<string, DeltaExpression> { ["score"] = DeltaExpression.Literal(0.25) });
        var changes = await ChangesAsync(uri, 2);
        Assert.Equal(["2:delete:0", "2:delete:1", "3:update_postimage:5", "3:update_preimage:5"],
            changes.Select(c => $"{c.Version}:{c.Type}:{c.Row["id"]}").Order(StringComparer.Ordinal));
        Assert.Equal(0.25, changes.Single(c => c.Type == "update_postimage").Row["score"]);
        Assert.Equal(2.5, changes.Single(c => c.Type == "update_preimage").Row["score"]);
    }

    [Fact]
    public async Task TablesWithoutTheFeedAndBadRangesFailClearly()
    {
        using var dir = new TempDirectory("cdf");
        var uri = dir.Path;
        await DeltaTableWriter.WriteAsync(uri, [TestTables.Batch(0, 3, "a")]);
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => ChangesAsync(uri, 0));
        Assert.Contains("delta.enableChangeDataFeed", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ValidationFailedException>(() => ChangesAsync(uri, 2, 1));
        await Assert.ThrowsAsync<ValidationFailedException>(() => ChangesAsync(uri, 5));
        await Assert.ThrowsAsync<ValidationFailedException>(() => ChangesAsync(uri, -1));
    }

    [Fact]
    public async Task CorpusSimpleTableGivesInsertsDeletesAndCdcRows()
    {
        var uri = KernelTable("cdf-table-simple");
        var changes = await ChangesAsync(uri, 0);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long?)i), changes.Where(c => c.Version == 0).Select(c => (long?)c.Row["id"]).Order());
        Assert.All(changes.Where(c => c.Version == 0), c => Assert.Equal("insert", c.Type));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long?)i), changes.Where(c => c.Version == 1).Select(c => (long?)c.Row["id"]).Order());
        Assert.All(changes.Where(c => c.Version == 1), c => Assert.Equal("delete", c.Type));
        var v2 = changes.Where(c => c.Version == 2).ToList();
        Assert.NotEmpty(v2);
        Assert.All(v2, c => Assert.Contains(c.Type, new[] { "insert", "delete", "update_preimage", "update_postimage" }));
        await Assert.ThrowsAsync<ValidationFailedException>(() => ChangesAsync(uri, 2, 1));
        await Assert.ThrowsAsync<ValidationFailedException>(() => ChangesAsync(uri, 3));
    }

    [Theory]
    [InlineData("cdf-table-with-cdc-and-dvs")]
    [InlineData("cdf-table-with-dv")]
    [InlineData("cdf-table-update-ops")]
    [InlineData("cdf-table-delete-conditional-two-rows")]
    [InlineData("cdf-table-non-partitioned")]
    [InlineData("cdf-table-partitioned")]
    public async Task ReplayingTheCorpusFeedReproducesTheLatestSnapshot(string name)
    {
        var uri = KernelTable(name);
        await using var table = await DeltaTable.OpenAsync(uri);
        var snapshot = await table.GetSnapshotAsync();
        var key = snapshot.Schema.FieldsList[0].Name;
        var expected = new List<string>();
        await foreach (var batch in snapshot.ScanAsync())
        {
            for (var i = 0; i < batch.Length; i++)
            {
                expected.Add(RowText(batch, i, batch.ColumnCount));
            }
        }

        var live = new List<string>();
        await foreach (var batch in table.ChangesAsync(0))
        {
            var types = (StringArray)batch.Column("_change_type");
            for (var i = 0; i < batch.Length; i++)
            {
                var text = RowText(batch, i, batch.ColumnCount - 3);
                switch (types.GetString(i))
                {
                    case "insert" or "update_postimage":
                        live.Add(text);
                        break;
                    case "delete" or "update_preimage":
                        Assert.True(live.Remove(text), $"{name}: the feed removes a row that is not live: {text}");
                        break;
                }
            }
        }

        Assert.NotEmpty(key);
        Assert.Equal(expected.Order(StringComparer.Ordinal), live.Order(StringComparer.Ordinal));
    }

    private static string RowText(RecordBatch batch, int row, int columns) =>
        string.Join("|", Enumerable.Range(0, columns).Select(c => Convert.ToString(Orasi.Connectors.DeltaLake.Scan.ArrowValues.Reader(batch.Column(c), "c")(row), System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public async Task PublicStaticEntryPointMatchesTheTableMethod()
    {
        await using var table = await DeltaTable.OpenAsync(KernelTable("cdf-table-simple"));
        long a = 0, b = 0;
        await foreach (var batch in DeltaChangeDataFeed.ReadAsync(table, 0, 1))
        {
            a += batch.Length;
        }

        await foreach (var batch in table.ChangesAsync(0, 1))
        {
            b += batch.Length;
        }

        Assert.Equal(20, a);
        Assert.Equal(a, b);
    }
}
