using System.Text.Json.Nodes;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Catalog.Rest;
using Orasi.Connectors.Iceberg.Operations;
using Orasi.Connectors.Iceberg.Operations.Maintenance;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Testing;
using static Orasi.Connectors.Iceberg.Tests.Write.WriteFixtures;

namespace Orasi.Connectors.Iceberg.Tests.Rest;

/// <summary>
/// The REST catalog client against a server double that keeps its tables on moto and vends moto's endpoint and keys
/// per table; the client itself has no S3 endpoint or credentials, so without the vended ones every S3 call would go
/// to AWS and fail.
/// </summary>
[Collection(MotoServerFixture.CollectionName)]
public sealed class RestVendedCredentialsTests(MotoServerFixture moto)
{
    // The client's own options: no endpoint, no credentials (a region so the SDK can build a client; no retries to fail fast).
    private static readonly Dictionary<string, string> ClientOptions = new() { ["aws_region"] = "us-east-1", ["max_retries"] = "0", ["connect_timeout"] = "2s", ["timeout"] = "5s" };

    private JsonObject MotoConfig(string accessKeyId, string sessionToken) => new()
    {
        ["s3.endpoint"] = moto.Endpoint.ToString().TrimEnd('/'),
        ["s3.access-key-id"] = accessKeyId,
        ["s3.secret-access-key"] = "vended-secret-" + accessKeyId,
        ["s3.session-token"] = sessionToken,
        ["client.region"] = "us-east-1",
        ["s3.path-style-access"] = "true",
    };

    [Fact]
    public async Task VendedCredentialsServeCreateAppendScanAndMaintenanceWithLongestPrefixPerTable()
    {
        var bucket = await moto.CreateBucketAsync("vend");
        await using var server = new RestCatalogServerDouble($"s3://{bucket}/wh", storageOptions: moto.StorageOptions());
        server.Vend = (id, m) => id.Name == "t1"
            ? (MotoConfig("vended-t1", "token-t1"), null)
            : (new JsonObject { ["client.region"] = "us-east-1" }, new JsonArray(
                // a shorter prefix pointing nowhere: only the longest prefix (the table's own) may be used
                new JsonObject { ["prefix"] = $"s3://{bucket}/", ["config"] = new JsonObject { ["s3.endpoint"] = "http://127.0.0.1:9", ["s3.access-key-id"] = "wide", ["s3.secret-access-key"] = "wide-secret" } },
                new JsonObject { ["prefix"] = m.Location, ["config"] = MotoConfig("vended-t2", "token-t2") }));

        await using var catalog = await RestCatalog.ConnectAsync(new RestCatalogOptions { Uri = server.Uri, StorageOptions = ClientOptions });
        await catalog.CreateNamespaceAsync("db");
        var t1 = new TableIdentifier("db", "t1");
        var t2 = new TableIdentifier("db", "t2");
        await (await catalog.CreateTableAsync(t1, Schema())).DisposeAsync();
        await (await catalog.CreateTableAsync(t2, Schema())).DisposeAsync();
        for (var i = 0; i < 3; i++)
        {
            await catalog.AppendAsync(t1, [Batch(i * 10, 10)]);
        }

        await catalog.AppendAsync(t2, [Batch(100, 5)]);

        await using (var table = await catalog.LoadTableAsync(t1))
        {
            Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i), await IdsAsync(table));
            Assert.All(await table.EntriesAsync(), e => Assert.StartsWith($"s3://{bucket}/wh/db/t1/data/", e.DataFile.FilePath, StringComparison.Ordinal));
        }

        // maintenance: rewrite the three data files into one, then manifests, then expire and remove orphans
        var compacted = await catalog.RewriteDataFilesAsync(t1, new IcebergRewriteDataFilesOptions { MinInputFiles = 2 });
        Assert.Equal(3, compacted.RewrittenDataFiles.Count);
        Assert.Single(compacted.AddedDataFiles);
        await catalog.RewriteManifestsAsync(t1);
        await catalog.ExpireSnapshotsAsync(t1, DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Empty((await catalog.RemoveOrphanFilesAsync(t1, DateTimeOffset.UtcNow.AddMinutes(1), dryRun: true)).OrphanFiles);
        await using (var table = await catalog.LoadTableAsync(t1))
        {
            Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i), await IdsAsync(table));
            Assert.Single(table.Snapshots);
        }

        await using (var table = await catalog.LoadTableAsync(t2))
        {
            Assert.Equal(Enumerable.Range(100, 5).Select(i => (long)i), await IdsAsync(table));
        }

        // each table's files resolve to its own vended credentials; the shorter prefix covers only the rest of the bucket
        Assert.Equal("vended-t1", catalog.Io.OptionsFor($"s3://{bucket}/wh/db/t1/data/x.parquet")!["aws_access_key_id"]);
        Assert.Equal("vended-t2", catalog.Io.OptionsFor($"s3://{bucket}/wh/db/t2/metadata/x.avro")!["aws_access_key_id"]);
        Assert.Equal("wide", catalog.Io.OptionsFor($"s3://{bucket}/elsewhere/x")!["aws_access_key_id"]);
        Assert.Equal("token-t2", catalog.Io.OptionsFor($"s3://{bucket}/wh/db/t2/data/x.parquet")!["aws_session_token"]);

        // the delegation header went with every load and create, and nowhere else
        Assert.Contains("POST /v1/cat/namespaces/db/tables: vended-credentials", server.AccessDelegationHeaders);
        Assert.Contains("GET /v1/cat/namespaces/db/tables/t1: vended-credentials", server.AccessDelegationHeaders);
        Assert.Contains("GET /v1/cat/namespaces/db/tables/t2: vended-credentials", server.AccessDelegationHeaders);
        Assert.All(server.AccessDelegationHeaders, h => Assert.Matches("^(GET|POST) /v1/cat/namespaces/db/tables(/t[12])?: vended-credentials$", h));
        Assert.DoesNotContain(server.AccessDelegationHeaders, h => h.StartsWith("POST /v1/cat/namespaces/db/tables/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReloadReplacesCredentialsButNeverWithOlderOnes()
    {
        var bucket = await moto.CreateBucketAsync("vend");
        await using var server = new RestCatalogServerDouble($"s3://{bucket}/wh", storageOptions: moto.StorageOptions());
        var generation = 1;
        var expiry = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds();
        server.Vend = (_, _) =>
        {
            var config = MotoConfig($"key-{generation}", $"token-{generation}");
            config[FileIOPropertiesKey] = expiry.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return (config, null);
        };

        await using var catalog = await RestCatalog.ConnectAsync(new RestCatalogOptions { Uri = server.Uri, StorageOptions = ClientOptions });
        await catalog.CreateNamespaceAsync("db");
        await (await catalog.CreateTableAsync(Events, Schema())).DisposeAsync();
        await catalog.AppendAsync(Events, [Batch(0, 4)]);
        var data = $"s3://{bucket}/wh/db/events/data/x.parquet";
        Assert.Equal("key-1", catalog.Io.OptionsFor(data)!["aws_access_key_id"]);

        // the server rotates: a reload picks up the new credentials, and the table keeps working with them
        generation = 2;
        expiry += 60_000;
        await using (var table = await catalog.LoadTableAsync(Events))
        {
            Assert.Equal("key-2", catalog.Io.OptionsFor(data)!["aws_access_key_id"]);
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(expiry), catalog.Io.OverrideFor(data)!.ExpiresAt);
            Assert.Equal(Enumerable.Range(0, 4).Select(i => (long)i), await IdsAsync(table));
        }

        // a stale answer (earlier expiry) does not replace the fresher credentials
        generation = 3;
        expiry -= 120_000;
        await (await catalog.LoadTableAsync(Events)).DisposeAsync();
        Assert.Equal("key-2", catalog.Io.OptionsFor(data)!["aws_access_key_id"]);
    }

    [Fact]
    public async Task WithoutVendedCredentialsTheFailureNamesTheLocationAndNoSecret()
    {
        var bucket = await moto.CreateBucketAsync("novend");
        await using var server = new RestCatalogServerDouble($"s3://{bucket}/wh", storageOptions: moto.StorageOptions());
        await using var catalog = await RestCatalog.ConnectAsync(new RestCatalogOptions
        {
            Uri = server.Uri,
            StorageOptions = ClientOptions,
            Properties = new Dictionary<string, string> { [RestCatalog.AccessDelegationProperty] = "" },
        });
        await catalog.CreateNamespaceAsync("db");
        var started = DateTime.UtcNow;
        var ex = await Assert.ThrowsAnyAsync<ConnectorException>(() => catalog.CreateTableAsync(Events, Schema()));
        Assert.True(ex is AuthenticationFailedException or ConnectionFailedException, ex.GetType().Name + ": " + ex.Message);
        Assert.Contains($"s3://{bucket}/wh/db/events/metadata/", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(MotoServerFixture.SecretAccessKey, ex.ToString(), StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30));

        // the empty property turned the header off
        Assert.Empty(server.AccessDelegationHeaders);
    }

    private const string FileIOPropertiesKey = "s3.session-token-expires-at-ms";
}
