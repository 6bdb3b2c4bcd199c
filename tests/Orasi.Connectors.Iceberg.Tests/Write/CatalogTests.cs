using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Operations;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Iceberg.Transactions;
using Orasi.Testing;
using Orasi.Testing.Postgres;
using static Orasi.Connectors.Iceberg.Tests.Write.WriteFixtures;

namespace Orasi.Connectors.Iceberg.Tests.Write;

[Collection(PostgresServerFixture.CollectionName)]
public sealed class CatalogTests(PostgresServerFixture pg)
{
    [Theory]
    [InlineData("fs")]
    [InlineData("sql")]
    [InlineData("pg")]
    public async Task Namespaces_and_tables_lifecycle(string kind)
    {
        using var dir = new TempDirectory("ice-cat");
        await using var catalog = await OpenAsync(kind, dir, pg);
        await catalog.CreateNamespaceAsync("lake.raw", new Dictionary<string, string> { ["owner"] = "me" });
        await Assert.ThrowsAsync<ValidationFailedException>(() => catalog.CreateNamespaceAsync("db"));
        Assert.Contains("lake.raw", await catalog.ListNamespacesAsync());
        Assert.Equal(["lake.raw"], await catalog.ListNamespacesAsync("lake"));
        Assert.Equal("me", (await catalog.LoadNamespacePropertiesAsync("lake.raw"))["owner"]);
        await catalog.UpdateNamespacePropertiesAsync("lake.raw", ["owner"], new Dictionary<string, string> { ["team"] = "obs" });
        var props = await catalog.LoadNamespacePropertiesAsync("lake.raw");
        Assert.False(props.ContainsKey("owner"));
        Assert.Equal("obs", props["team"]);

        var a = new TableIdentifier("db", "a");
        var b = new TableIdentifier("db", "b");
        await catalog.CreateTableAsync(a, Schema());
        await catalog.CreateTableAsync(b, Schema());
        await Assert.ThrowsAsync<ValidationFailedException>(() => catalog.CreateTableAsync(a, Schema()));
        await Assert.ThrowsAsync<TableNotFoundException>(() => catalog.CreateTableAsync(new TableIdentifier("nope", "t"), Schema()));
        Assert.Equal([a, b], await catalog.ListTablesAsync("db"));
        Assert.True(await catalog.TableExistsAsync(a));
        await Assert.ThrowsAsync<TableNotFoundException>(() => catalog.LoadTableAsync(new TableIdentifier("db", "zzz")));
        await catalog.AppendAsync(a, [Batch(0, 3)]);
        await Assert.ThrowsAsync<ValidationFailedException>(() => catalog.DropNamespaceAsync("db"));

        if (kind is "sql" or "pg")
        {
            var c = new TableIdentifier("lake.raw", "c");
            await catalog.RenameTableAsync(a, c);
            Assert.False(await catalog.TableExistsAsync(a));
            await using var renamed = await catalog.LoadTableAsync(c);
            Assert.Equal(3, (await IdsAsync(renamed)).Count);
            a = c;
        }
        else
        {
            await Assert.ThrowsAsync<UnsupportedFeatureException>(() => catalog.RenameTableAsync(a, new TableIdentifier("db", "c")));
        }

        await using (var t = await catalog.LoadTableAsync(a))
        {
            Assert.True(await catalog.DropTableAsync(a, purge: true));
            Assert.Empty(Directory.GetFiles(dir.Combine("warehouse", "db", "a"), "*", SearchOption.AllDirectories));
        }

        Assert.False(await catalog.DropTableAsync(a));
        Assert.True(await catalog.DropTableAsync(b));
        await catalog.DropNamespaceAsync("db");
        Assert.False(await catalog.NamespaceExistsAsync("db"));
    }

    [Theory]
    [InlineData("sql")]
    [InlineData("pg")]
    public async Task Sql_catalog_uses_the_jdbc_schema_and_swaps_pointers(string kind)
    {
        using var dir = new TempDirectory("ice-jdbc");
        await using var catalog = await OpenAsync(kind, dir, pg);
        await catalog.CreateTableAsync(Events, Schema());
        await catalog.AppendAsync(Events, [Batch(0, 3)]);
        await using System.Data.Common.DbConnection c = kind == "sql"
            ? new SqliteConnection($"Data Source={dir.Combine("catalog.db")}")
            : new Npgsql.NpgsqlConnection(SqlCatalogTarget.Parse(await SqlAddressAsync(kind, dir, pg)).ConnectionString);
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT catalog_name, table_namespace, table_name, metadata_location, previous_metadata_location FROM iceberg_tables";
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal("default", r.GetString(0));
        Assert.Equal("db", r.GetString(1));
        Assert.Equal("events", r.GetString(2));
        Assert.Matches(@"/metadata/00001-[0-9a-f-]{36}\.metadata\.json$", r.GetString(3));
        Assert.Matches(@"/metadata/00000-[0-9a-f-]{36}\.metadata\.json$", r.GetString(4));
        Assert.True(File.Exists(r.GetString(3)));
    }

    [Fact]
    public async Task Filesystem_catalog_writes_versioned_files_and_hint_readable_by_location()
    {
        using var dir = new TempDirectory("ice-hadoop");
        await using var catalog = await OpenAsync("fs", dir);
        await catalog.CreateTableAsync(Events, Schema(), formatVersion: 1);
        await catalog.AppendAsync(Events, [Batch(0, 3)]);
        var metadataDir = dir.Combine("warehouse", "db", "events", "metadata");
        Assert.True(File.Exists(Path.Combine(metadataDir, "v1.metadata.json")));
        Assert.True(File.Exists(Path.Combine(metadataDir, "v2.metadata.json")));
        Assert.Equal("2", File.ReadAllText(Path.Combine(metadataDir, "version-hint.text")));
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(metadataDir, "v2.metadata.json")))!;
        Assert.Equal(1, (int)json["format-version"]!);
        Assert.NotNull(json["schema"]);

        // A stale hint is corrected by probing forward.
        File.WriteAllText(Path.Combine(metadataDir, "version-hint.text"), "1");
        await using var table = await catalog.LoadTableAsync(Events);
        Assert.EndsWith("v2.metadata.json", table.MetadataLocation, StringComparison.Ordinal);
        await using var byPath = await IcebergTable.LoadAsync(dir.Combine("warehouse", "db", "events", "metadata", "v2.metadata.json"));
        Assert.Equal(3, (await IdsAsync(byPath)).Count);
    }

    [Fact]
    public void Builder_validates_updates_and_maintains_logs()
    {
        var m = TableMetadataBuilder.NewTable(Schema(), null, null, "/tmp/t");
        Assert.Equal(5, m.LastColumnId);
        Assert.Equal(999, m.LastPartitionId);
        var snap = new Snapshot(10, m.LastUpdatedMs + 5) { SequenceNumber = 1, ManifestList = "/tmp/t/metadata/snap.avro", Summary = new Dictionary<string, string> { ["operation"] = "append" } };
        var next = TableMetadataBuilder.From(m, "/tmp/t/metadata/v1.metadata.json")
            .Apply([new TableUpdate.AddSnapshot(snap), new TableUpdate.SetSnapshotRef("main", new SnapshotRef(10, "branch")), new TableUpdate.UpgradeFormatVersion(2)])
            .Build();
        Assert.Equal(10, next.CurrentSnapshotId);
        Assert.Equal(1, next.LastSequenceNumber);
        Assert.Single(next.SnapshotLog);
        Assert.Equal("/tmp/t/metadata/v1.metadata.json", Assert.Single(next.MetadataLog).MetadataFile);
        Assert.True(next.LastUpdatedMs >= snap.TimestampMs);

        // Round trip through the canonical writer and strict parser.
        var parsed = TableMetadataParser.Parse(TableMetadataParser.Write(next));
        Assert.Equal(10, parsed.CurrentSnapshotId);
        Assert.Equal("branch", parsed.Refs["main"].Type);

        var b = TableMetadataBuilder.From(next, null);
        Assert.Throws<ValidationFailedException>(() => b.Apply([new TableUpdate.AddSnapshot(snap)]));
        Assert.Throws<ValidationFailedException>(() => b.Apply([new TableUpdate.AddSnapshot(snap with { SnapshotId = 11, ParentSnapshotId = 10, SequenceNumber = 1 })]));
        Assert.Throws<ValidationFailedException>(() => b.Apply([new TableUpdate.SetSnapshotRef("main", new SnapshotRef(99, "branch"))]));
        Assert.Throws<ValidationFailedException>(() => b.Apply([new TableUpdate.UpgradeFormatVersion(1)]));
        Assert.Throws<ValidationFailedException>(() => b.Apply([new TableUpdate.SetCurrentSchema(-1)]));
        Assert.Throws<ValidationFailedException>(() => b.Apply([new TableUpdate.AddSpec(new PartitionSpec(0, [new PartitionField(77, 1000, "x", Transform.Identity)]))]));
        Assert.Throws<ValidationFailedException>(() => b.Apply([new TableUpdate.AddSchema(new IcebergSchema(0, [new NestedField(1, "a", false, PrimitiveType.Int), new NestedField(1, "b", false, PrimitiveType.Int)]))]));

        var evolved = TableMetadataBuilder.From(next, null).Apply(
        [
            new TableUpdate.AddSchema(new IcebergSchema(0, [.. Schema().Fields, new NestedField(6, "extra", false, PrimitiveType.String)])),
            new TableUpdate.SetCurrentSchema(-1),
            new TableUpdate.AddSpec(new PartitionSpec(0, [new PartitionField(6, 1000, "extra", Transform.Identity)])),
            new TableUpdate.SetDefaultSpec(-1),
            new TableUpdate.AddSortOrder(new SortOrder(0, [new SortField(1, Transform.Identity, "asc", "nulls-first")])),
            new TableUpdate.SetDefaultSortOrder(-1),
            new TableUpdate.SetSnapshotRef("t", new SnapshotRef(10, "tag")),
            new TableUpdate.SetLocation("/tmp/moved"),
            new TableUpdate.RemoveSnapshots([10]),
        ]).Build();
        Assert.Equal(1, evolved.CurrentSchemaId);
        Assert.Equal(6, evolved.LastColumnId);
        Assert.Equal(1, evolved.DefaultSpecId);
        Assert.Equal(1000, evolved.LastPartitionId);
        Assert.Equal(1, evolved.DefaultSortOrderId);
        Assert.Null(evolved.CurrentSnapshotId);
        Assert.Empty(evolved.Refs);
        Assert.Empty(evolved.SnapshotLog);
        Assert.Equal("/tmp/moved", evolved.Location);
    }
}
