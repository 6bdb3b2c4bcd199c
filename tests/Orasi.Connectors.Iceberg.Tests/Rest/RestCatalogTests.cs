using System.Text.Json.Nodes;
using Apache.Arrow;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Catalog.Rest;
using Orasi.Connectors.Iceberg.Connector;
using Orasi.Connectors.Iceberg.Operations;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Iceberg.Tests.Write;
using Orasi.Connectors.Iceberg.Transactions;
using Orasi.Testing;

namespace Orasi.Connectors.Iceberg.Tests.Rest;

public sealed class RestCatalogTests
{
    private static Task<RestCatalog> ConnectAsync(RestCatalogServerDouble server, string? credential = "client:s3cret") =>
        RestCatalog.ConnectAsync(new RestCatalogOptions { Uri = server.Uri, Credential = credential });

    [Fact]
    public async Task AppendAndScanRoundTripThroughTheRestCatalog()
    {
        using var dir = new TempDirectory();
        await using var server = new RestCatalogServerDouble(dir.Combine("warehouse"), "client", "s3cret");
        var options = new IcebergOptions { CatalogType = IcebergCatalogType.Rest, CatalogUri = server.Uri.ToString(), Credential = "client:s3cret", Namespace = "db", Table = "events", BatchSize = 1_000_000 };
        await using (var connector = new IcebergConnector(options))
        {
            await connector.ConnectAsync();
            Assert.Equal(HealthState.Healthy, (await connector.HealthCheckAsync()).State);
            await connector.WriteBatchAsync(WriteFixtures.Batch(0, 100));
            await connector.FlushAsync();
            await connector.WriteBatchAsync(WriteFixtures.Batch(100, 50));
            await connector.FlushAsync();
            var ids = new List<long>();
            await foreach (var b in connector.ReadAsync(new ReadRequest { Columns = ["id"], Filter = "id >= 120" }))
            {
                Assert.Single(b.Schema.FieldsList);
                var col = (Int64Array)b.Column(0);
                for (var i = 0; i < b.Length; i++) ids.Add(col.GetValue(i)!.Value);
            }

            Assert.Equal(Enumerable.Range(120, 30).Select(i => (long)i), ids.Order());
        }

        // every catalog call went through the prefix from /v1/config with a bearer token
        Assert.Contains("POST /v1/cat/namespaces", server.Requests);
        Assert.Contains("POST /v1/cat/namespaces/db/tables", server.Requests);
        Assert.Equal(2, server.CommitBodies.Count);
        var commit = JsonNode.Parse(server.CommitBodies.Last())!;
        Assert.Equal("events", commit["identifier"]!["name"]!.GetValue<string>());
        var requirement = commit["requirements"]!.AsArray().Single(r => r!["type"]!.GetValue<string>() == "assert-ref-snapshot-id")!;
        Assert.Equal("main", requirement["ref"]!.GetValue<string>());
        Assert.NotNull(requirement["snapshot-id"]);
        var actions = commit["updates"]!.AsArray().Select(u => u!["action"]!.GetValue<string>()).ToList();
        Assert.Equal(["add-snapshot", "set-snapshot-ref"], actions);
        var setRef = commit["updates"]![1]!;
        Assert.Equal("main", setRef["ref-name"]!.GetValue<string>());
        Assert.Equal("branch", setRef["type"]!.GetValue<string>());

        await using var catalog = await ConnectAsync(server);
        await using var table = await catalog.LoadTableAsync(new TableIdentifier("db", "events"));
        Assert.Equal(2, table.Snapshots.Count);
        Assert.Equal(Enumerable.Range(0, 150).Select(i => (long)i), await WriteFixtures.IdsAsync(table));
    }

    [Fact]
    public async Task StaleRequirementIsACommitConflict()
    {
        using var dir = new TempDirectory();
        await using var server = new RestCatalogServerDouble(dir.Combine("warehouse"));
        await using var catalog = await ConnectAsync(server, credential: null);
        await catalog.CreateNamespaceAsync("db");
        var id = new TableIdentifier("db", "events");
        await (await catalog.CreateTableAsync(id, WriteFixtures.Schema())).DisposeAsync();
        await catalog.AppendAsync(id, [WriteFixtures.Batch(0, 10)]);
        var ex = await Assert.ThrowsAsync<CommitConflictException>(() => catalog.CommitTableAsync(id, [new TableRequirement.AssertRefSnapshotId("main", null)], [new TableUpdate.SetProperties(new Dictionary<string, string> { ["a"] = "b" })]));
        Assert.Contains("events", ex.Message, StringComparison.Ordinal);

        // concurrent appends through the same server are rebased after 409s and all land
        await Task.WhenAll(Enumerable.Range(1, 4).Select(i => catalog.AppendAsync(id, [WriteFixtures.Batch(i * 10, 10)])));
        await using var table = await catalog.LoadTableAsync(id);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), await WriteFixtures.IdsAsync(table));
        Assert.Equal(5, table.Snapshots.Count);
    }

    [Fact]
    public async Task MissingTableAndNamespaceAreNotFound()
    {
        using var dir = new TempDirectory();
        await using var server = new RestCatalogServerDouble(dir.Combine("warehouse"));
        await using var catalog = await ConnectAsync(server, credential: null);
        await Assert.ThrowsAsync<TableNotFoundException>(() => catalog.LoadTableAsync(new TableIdentifier("db", "nope")));
        await Assert.ThrowsAsync<TableNotFoundException>(() => catalog.LoadNamespacePropertiesAsync("nope"));
        Assert.False(await catalog.TableExistsAsync(new TableIdentifier("db", "nope")));
        Assert.False(await catalog.NamespaceExistsAsync("db"));
    }

    [Fact]
    public async Task NamespacesAndTablesAreManaged()
    {
        using var dir = new TempDirectory();
        await using var server = new RestCatalogServerDouble(dir.Combine("warehouse"));
        await using var catalog = await ConnectAsync(server, credential: null);
        await catalog.CreateNamespaceAsync("lake.db", new Dictionary<string, string> { ["owner"] = "otel" });
        await Assert.ThrowsAsync<ValidationFailedException>(() => catalog.CreateNamespaceAsync("lake.db"));
        Assert.Contains("lake.db", await catalog.ListNamespacesAsync());
        Assert.Equal("otel", (await catalog.LoadNamespacePropertiesAsync("lake.db"))["owner"]);
        await catalog.UpdateNamespacePropertiesAsync("lake.db", ["owner"], new Dictionary<string, string> { ["team"] = "obs" });
        var props = await catalog.LoadNamespacePropertiesAsync("lake.db");
        Assert.False(props.ContainsKey("owner"));
        Assert.Equal("obs", props["team"]);
        var id = new TableIdentifier("lake.db", "t");
        await (await catalog.CreateTableAsync(id, WriteFixtures.Schema(), new PartitionSpec(0, [new PartitionField(3, 1000, "ts_day", Transform.Parse("day"))]))).DisposeAsync();
        Assert.True(await catalog.TableExistsAsync(id));
        Assert.Contains("HEAD /v1/cat/namespaces/lake%1Fdb/tables/t", server.Requests);
        Assert.Equal([id], await catalog.ListTablesAsync("lake.db"));
        await using (var t = await catalog.LoadTableAsync(id))
        {
            Assert.Equal("day", t.Metadata.DefaultSpec.Fields.Single().Transform.Name);
        }

        Assert.True(await catalog.DropTableAsync(id, purge: true));
        Assert.False(await catalog.DropTableAsync(id));
        await catalog.DropNamespaceAsync("lake.db");
        Assert.False(await catalog.NamespaceExistsAsync("lake.db"));
    }

    [Fact]
    public async Task ClientCredentialsAreExchangedAndRefreshedOnceOn401()
    {
        using var dir = new TempDirectory();
        await using var server = new RestCatalogServerDouble(dir.Combine("warehouse"), "client", "s3cret");
        await using var catalog = await ConnectAsync(server);
        Assert.Equal(1, server.TokensIssued);
        Assert.Contains("POST /v1/oauth/tokens", server.Requests);
        Assert.Equal("4", catalog.Properties["clients"]);
        Assert.Equal("cat", catalog.Properties["prefix"]);
        server.RevokeTokens();
        await catalog.CreateNamespaceAsync("db"); // 401 → new token → retried
        Assert.Equal(2, server.TokensIssued);
        Assert.True(await catalog.NamespaceExistsAsync("db"));
        Assert.Contains("Bearer token-2", server.AuthorizationHeaders);
    }

    [Fact]
    public async Task BadCredentialsAndMissingTokensAreAuthenticationFailures()
    {
        using var dir = new TempDirectory();
        await using var server = new RestCatalogServerDouble(dir.Combine("warehouse"), "client", "s3cret");
        var bad = await Assert.ThrowsAsync<AuthenticationFailedException>(() => ConnectAsync(server, "client:wrong"));
        Assert.DoesNotContain("wrong", bad.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<AuthenticationFailedException>(() => ConnectAsync(server, credential: null));
        var health = await new IcebergConnector(new IcebergOptions { CatalogType = IcebergCatalogType.Rest, CatalogUri = server.Uri.ToString(), Credential = "client:wrong", Table = "t" }).HealthCheckAsync();
        Assert.Equal(HealthState.Unhealthy, health.State);
        Assert.DoesNotContain("wrong", health.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableServerIsAConnectionFailure()
    {
        await Assert.ThrowsAsync<ConnectionFailedException>(() => RestCatalog.ConnectAsync(new RestCatalogOptions { Uri = new Uri("http://127.0.0.1:1/"), Timeout = TimeSpan.FromSeconds(5) }));
    }

    public static TheoryData<string> UpdateJson() =>
    [
        """{"action":"add-schema","schema":{"type":"struct","schema-id":1,"fields":[{"id":1,"name":"id","required":true,"type":"long"}]},"last-column-id":1}""",
        """{"action":"set-current-schema","schema-id":-1}""",
        """{"action":"add-spec","spec":{"spec-id":1,"fields":[{"name":"ts_day","transform":"day","source-id":3,"field-id":1000}]}}""",
        """{"action":"set-default-spec","spec-id":-1}""",
        """{"action":"add-sort-order","sort-order":{"order-id":1,"fields":[{"transform":"identity","source-id":1,"direction":"asc","null-order":"nulls-first"}]}}""",
        """{"action":"set-default-sort-order","sort-order-id":1}""",
        """{"action":"add-snapshot","snapshot":{"snapshot-id":7,"parent-snapshot-id":6,"sequence-number":3,"timestamp-ms":1700000000000,"manifest-list":"s3://b/m.avro","summary":{"operation":"append"},"schema-id":0}}""",
        """{"action":"set-snapshot-ref","ref-name":"main","type":"branch","snapshot-id":7,"max-ref-age-ms":10,"max-snapshot-age-ms":20,"min-snapshots-to-keep":3}""",
        """{"action":"remove-snapshots","snapshot-ids":[1,2]}""",
        """{"action":"remove-snapshot-ref","ref-name":"tag1"}""",
        """{"action":"set-properties","updates":{"a":"1","b":"2"}}""",
        """{"action":"remove-properties","removals":["a"]}""",
        """{"action":"set-location","location":"s3://b/t"}""",
        """{"action":"upgrade-format-version","format-version":2}""",
    ];

    [Theory]
    [MemberData(nameof(UpdateJson))]
    public void UpdatesSerializeToTheRestShapesExactly(string json)
    {
        var update = RestCatalogJson.ParseUpdate(JsonNode.Parse(json));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), RestCatalogJson.ToJson(update)), RestCatalogJson.ToJson(update).ToJsonString());
    }

    public static TheoryData<string> RequirementJson() =>
    [
        """{"type":"assert-create"}""",
        """{"type":"assert-table-uuid","uuid":"9c12d441-03fe-4693-9a96-a0705ddf69c1"}""",
        """{"type":"assert-ref-snapshot-id","ref":"main","snapshot-id":null}""",
        """{"type":"assert-ref-snapshot-id","ref":"main","snapshot-id":5}""",
        """{"type":"assert-last-assigned-field-id","last-assigned-field-id":4}""",
        """{"type":"assert-current-schema-id","current-schema-id":0}""",
        """{"type":"assert-last-assigned-partition-id","last-assigned-partition-id":1000}""",
        """{"type":"assert-default-spec-id","default-spec-id":0}""",
        """{"type":"assert-default-sort-order-id","default-sort-order-id":0}""",
    ];

    [Theory]
    [MemberData(nameof(RequirementJson))]
    public void RequirementsSerializeToTheRestShapesExactly(string json)
    {
        var requirement = RestCatalogJson.ParseRequirement(JsonNode.Parse(json));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), RestCatalogJson.ToJson(requirement)), RestCatalogJson.ToJson(requirement).ToJsonString());
    }

    [Fact]
    public void MalformedUpdatesAreRejected()
    {
        Assert.Throws<ValidationFailedException>(() => RestCatalogJson.ParseUpdate(JsonNode.Parse("""{"action":"teleport"}""")));
        Assert.Throws<ValidationFailedException>(() => RestCatalogJson.ParseUpdate(JsonNode.Parse("""{"action":"set-current-schema"}""")));
        Assert.Throws<ValidationFailedException>(() => RestCatalogJson.ParseRequirement(JsonNode.Parse("""{"type":"assert-table-uuid","uuid":"nope"}""")));
    }
}
