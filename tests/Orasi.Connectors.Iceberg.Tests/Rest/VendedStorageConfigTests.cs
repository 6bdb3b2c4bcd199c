using System.Text.Json.Nodes;
using Orasi.Connectors.Iceberg.Catalog.Rest;
using Orasi.Connectors.Iceberg.IO;
using Orasi.Connectors.Iceberg.Operations;
using Orasi.Connectors.Storage;
using Orasi.Testing;
using static Orasi.Connectors.Iceberg.Tests.Write.WriteFixtures;

namespace Orasi.Connectors.Iceberg.Tests.Rest;

public sealed class VendedStorageConfigTests
{
    private const string Secret = "wJalrXUtnFEMI-K7MDENG-SECRETVALUE";
    private const string Token = "IQoJb3JpZ2luX2VjE-SESSIONTOKENVALUE";

    private static readonly Dictionary<string, string> Vended = new()
    {
        ["s3.access-key-id"] = "ASIAVENDEDKEY",
        ["s3.secret-access-key"] = Secret,
        ["s3.session-token"] = Token,
        ["s3.endpoint"] = "http://minio:9000",
        ["client.region"] = "eu-west-1",
        ["s3.region"] = "eu-central-1",
        ["s3.path-style-access"] = "false",
        ["s3.remote-signing-enabled"] = "false",
    };

    [Fact]
    public void IcebergS3PropertiesMapOntoStorageOptionKeys()
    {
        var mapped = FileIOProperties.ToStorageOptions(Vended);
        Assert.Equal(new Dictionary<string, string>
        {
            ["aws_access_key_id"] = "ASIAVENDEDKEY",
            ["aws_secret_access_key"] = Secret,
            ["aws_session_token"] = Token,
            ["aws_endpoint"] = "http://minio:9000",
            ["aws_allow_http"] = "true",
            ["aws_region"] = "eu-central-1",
            ["aws_virtual_hosted_style_request"] = "true",
        }, mapped);
        Assert.Equal("false", FileIOProperties.ToStorageOptions(new Dictionary<string, string> { ["s3.path-style-access"] = "true" })["aws_virtual_hosted_style_request"]);
        Assert.Empty(FileIOProperties.ToStorageOptions(new Dictionary<string, string> { ["write.format.default"] = "parquet" }));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_900_000_000_000), FileIOProperties.ExpiresAt(new Dictionary<string, string> { ["s3.session-token-expires-at-ms"] = "1900000000000" }));
        Assert.Null(FileIOProperties.ExpiresAt(new Dictionary<string, string> { ["s3.session-token-expires-at-ms"] = "soon" }));
    }

    [Fact]
    public void VendedCredentialsReplaceTheCatalogsCredentialsUnderEveryAlias()
    {
        var catalogWide = new Dictionary<string, string>
        {
            ["endpoint"] = "http://old:1", ["aws_allow_http"] = "true", ["profile"] = "dev", ["session_token"] = "old-token", ["max_retries"] = "1",
        };
        var merged = FileIOProperties.Merge(catalogWide, new Dictionary<string, string> { ["aws_access_key_id"] = "NEW", ["aws_secret_access_key"] = "new-secret", ["aws_endpoint"] = "http://new:2" });
        Assert.Equal(new Dictionary<string, string>
        {
            ["aws_allow_http"] = "true", ["max_retries"] = "1", ["aws_access_key_id"] = "NEW", ["aws_secret_access_key"] = "new-secret",
            ["aws_endpoint"] = "http://new:2", ["aws_session_token"] = "", ["aws_profile"] = "",
        }, merged);

        // the empty session token keeps an AWS_SESSION_TOKEN from the environment out of the vended key pair
        var parsed = StorageOptions.Parse(merged, name => name == "AWS_SESSION_TOKEN" ? "env-token" : null);
        Assert.Null(parsed.SessionToken);
        Assert.Null(parsed.Profile);
        Assert.Equal("NEW", parsed.AccessKeyId);
    }

    [Fact]
    public async Task LongestPrefixWinsAndStoresAreCachedPerRootAndCredentials()
    {
        await using var io = new IcebergFileIO(new Dictionary<string, string> { ["aws_region"] = "us-east-1" });
        Assert.True(io.SetOverride(new LocationOverride("s3://lake/", Creds("WIDE"))));
        Assert.True(io.SetOverride(new LocationOverride("s3://lake/wh/db/t1/", Creds("T1"))));
        Assert.True(io.SetOverride(new LocationOverride("s3://lake/wh/db/t10/", Creds("T10"))));

        Assert.Equal("T1", io.OptionsFor("s3://lake/wh/db/t1/data/a.parquet")!["aws_access_key_id"]);
        Assert.Equal("T10", io.OptionsFor("s3://lake/wh/db/t10/data/a.parquet")!["aws_access_key_id"]);
        Assert.Equal("WIDE", io.OptionsFor("s3://lake/wh/db/t2/data/a.parquet")!["aws_access_key_id"]);
        Assert.Equal("us-east-1", io.OptionsFor("s3://lake/wh/db/t1/x")!["aws_region"]);
        Assert.False(io.OptionsFor("s3://other/x")!.ContainsKey("aws_access_key_id"));
        Assert.Null(io.OverrideFor("s3://other/x"));

        var (t1a, keyA) = io.Locate("s3://lake/wh/db/t1/data/a.parquet");
        var (t1b, _) = io.Locate("s3://lake/wh/db/t1/metadata/v1.metadata.json");
        var (t2, _) = io.Locate("s3://lake/wh/db/t2/data/a.parquet");
        var (other, _) = io.Locate("s3://other/x");
        Assert.Equal("wh/db/t1/data/a.parquet", keyA);
        Assert.Same(t1a, t1b);
        Assert.NotSame(t1a, t2);
        Assert.NotSame(t2, other);

        // the same credentials again keep the store; new ones get a new store; a fork sees the overrides with its own stores
        io.SetOverride(new LocationOverride("s3://lake/wh/db/t1/", Creds("T1")));
        Assert.Same(t1a, io.Locate("s3://lake/wh/db/t1/data/b.parquet").Store);
        io.SetOverride(new LocationOverride("s3://lake/wh/db/t1/", Creds("T1-ROTATED")));
        Assert.NotSame(t1a, io.Locate("s3://lake/wh/db/t1/data/b.parquet").Store);
        await using var fork = io.Fork();
        Assert.Equal("T1-ROTATED", fork.OptionsFor("s3://lake/wh/db/t1/data/a.parquet")!["aws_access_key_id"]);
        Assert.Equal(3, fork.Overrides.Count);
        Assert.Equal("s3://lake/wh/db/t10/", fork.Overrides[0].Prefix);
    }

    [Fact]
    public async Task CredentialsExpiringEarlierNeverReplaceLaterOnes()
    {
        await using var io = new IcebergFileIO(null);
        var now = DateTimeOffset.UtcNow;
        Assert.True(io.SetOverride(new LocationOverride("s3://lake/t/", Creds("A"), now.AddMinutes(30))));
        Assert.False(io.SetOverride(new LocationOverride("s3://lake/t/", Creds("STALE"), now.AddMinutes(10))));
        Assert.Equal("A", io.OptionsFor("s3://lake/t/x")!["aws_access_key_id"]);
        Assert.True(io.SetOverride(new LocationOverride("s3://lake/t/", Creds("B"), now.AddMinutes(60))));
        Assert.Equal("B", io.OptionsFor("s3://lake/t/x")!["aws_access_key_id"]);
        Assert.True(io.SetOverride(new LocationOverride("s3://lake/t/", Creds("C"))));
        Assert.Equal("C", io.OptionsFor("s3://lake/t/x")!["aws_access_key_id"]);
        Assert.False(io.OverrideFor("s3://lake/t/x")!.IsExpired(now));
        Assert.True(new LocationOverride("s3://lake/t/", Creds("D"), now.AddSeconds(-1)).IsExpired(now));
    }

    [Fact]
    public async Task SecretsFromVendedConfigNeverAppearInMessagesOrToString()
    {
        var mapped = FileIOProperties.ToStorageOptions(Vended);
        var locationOverride = new LocationOverride("s3://lake/t/", mapped);
        AssertClean(locationOverride.ToString());
        Assert.Contains("ASIA***", locationOverride.ToString(), StringComparison.Ordinal);

        await using var io = new IcebergFileIO(null);
        io.SetOverride(locationOverride);
        AssertClean(StorageOptions.Parse(io.OptionsFor("s3://lake/t/x"), null).ToString());

        // invalid vended credentials (a secret and token without a key id; an endpoint without http allowed) name the prefix and key only
        var noKeyId = new Dictionary<string, string>(Vended);
        noKeyId.Remove("s3.access-key-id");
        var ex = Assert.Throws<ValidationFailedException>(() => io.SetOverride(new LocationOverride("s3://lake/bad/", FileIOProperties.ToStorageOptions(noKeyId))));
        Assert.Contains("s3://lake/bad/", ex.Message, StringComparison.Ordinal);
        Assert.Contains("aws_access_key_id", ex.Message, StringComparison.Ordinal);
        AssertClean(ex.ToString());

        // a malformed storage-credentials answer from the server is corrupt data, again without the secret
        using var dir = new TempDirectory();
        await using var server = new RestCatalogServerDouble(dir.Combine("warehouse"));
        server.Vend = (_, m) => (null, new JsonArray(new JsonObject { ["prefix"] = m.Location, ["config"] = $"s3.secret-access-key={Secret};s3.session-token={Token}" }));
        await using var catalog = await RestCatalog.ConnectAsync(new RestCatalogOptions { Uri = server.Uri });
        await catalog.CreateNamespaceAsync("db");
        var corrupt = await Assert.ThrowsAsync<CorruptDataException>(() => catalog.CreateTableAsync(Events, Schema()));
        Assert.Contains("storage-credentials", corrupt.Message, StringComparison.Ordinal);
        AssertClean(corrupt.ToString());
    }

    [Fact]
    public async Task LocalWarehouseTablesIgnoreVendedS3ConfigAndTheHeaderIsConfigurable()
    {
        using var dir = new TempDirectory();
        await using var server = new RestCatalogServerDouble(dir.Combine("warehouse"));
        server.Vend = (_, _) => (new JsonObject { ["s3.access-key-id"] = "X", ["s3.secret-access-key"] = Secret }, null);
        await using var catalog = await RestCatalog.ConnectAsync(new RestCatalogOptions
        {
            Uri = server.Uri,
            Properties = new Dictionary<string, string> { [RestCatalog.AccessDelegationProperty] = "remote-signing" },
        });
        await catalog.CreateNamespaceAsync("db");
        await (await catalog.CreateTableAsync(Events, Schema())).DisposeAsync();
        await catalog.AppendAsync(Events, [Batch(0, 3)]);
        await using var table = await catalog.LoadTableAsync(Events);
        Assert.Equal([0L, 1, 2], await IdsAsync(table));
        Assert.Empty(catalog.Io.Overrides);
        Assert.Contains("GET /v1/cat/namespaces/db/tables/events: remote-signing", server.AccessDelegationHeaders);
    }

    private static Dictionary<string, string> Creds(string keyId) => new()
    {
        ["aws_access_key_id"] = keyId, ["aws_secret_access_key"] = "secret-" + keyId, ["aws_endpoint"] = "http://127.0.0.1:9", ["aws_allow_http"] = "true",
    };

    private static void AssertClean(string text)
    {
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
    }
}
