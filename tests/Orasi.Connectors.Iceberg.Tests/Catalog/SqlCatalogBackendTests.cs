using System.Net;
using System.Net.Sockets;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Connector;
using Orasi.Connectors.Iceberg.Operations;
using Orasi.Connectors.Iceberg.Scan;
using Orasi.Testing;
using Orasi.Testing.Postgres;
using static Orasi.Connectors.Iceberg.Tests.Write.WriteFixtures;

namespace Orasi.Connectors.Iceberg.Tests.Catalog;

/// <summary>The SQL catalog on both backends: addresses, several connections, isolation, failures.</summary>
[Collection(PostgresServerFixture.CollectionName)]
public sealed class SqlCatalogBackendTests(PostgresServerFixture pg)
{
    [Theory]
    [InlineData("postgresql://ice:s%40cret@db.example:6543/lake?sslmode=disable", "db.example", 6543, "lake", "ice", "s@cret")]
    [InlineData("postgres://ice@db.example/lake", "db.example", 5432, "lake", "ice", null)]
    [InlineData("jdbc:postgresql://db.example:5433/lake?user=ice&password=pw", "db.example", 5433, "lake", "ice", "pw")]
    [InlineData("Host=db.example;Port=5434;Database=lake;Username=ice;Password=pw", "db.example", 5434, "lake", "ice", "pw")]
    public void Postgres_addresses_are_recognised(string address, string host, int port, string database, string user, string? password)
    {
        var target = SqlCatalogTarget.Parse(address);
        Assert.Equal(SqlCatalogBackend.PostgreSql, target.Backend);
        var b = new Npgsql.NpgsqlConnectionStringBuilder(target.ConnectionString);
        Assert.Equal((host, port, database, user, password), (b.Host, b.Port, b.Database, b.Username, b.Password));
        Assert.Contains($"{host}:{port}", target.Display, StringComparison.Ordinal);
        if (password is not null)
        {
            Assert.DoesNotContain(password, target.Display, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Data Source=/data/c.db", "/data/c.db")]
    [InlineData("/data/c.db", "/data/c.db")]
    [InlineData("sqlite:////data/c.db", "/data/c.db")]
    [InlineData("sqlite:///c.db", "c.db")]
    public void Sqlite_addresses_are_recognised(string address, string file)
    {
        var target = SqlCatalogTarget.Parse(address);
        Assert.Equal(SqlCatalogBackend.Sqlite, target.Backend);
        Assert.Equal(file, new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(target.ConnectionString).DataSource);
    }

    [Fact]
    public void A_malformed_postgres_uri_is_rejected_without_the_password()
    {
        var ex = Assert.Throws<ValidationFailedException>(() => SqlCatalogTarget.Parse("postgresql://ice:hunter2@db:5432/lake?nonsense_option=1"));
        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("nonsense_option", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sql")]
    [InlineData("pg")]
    public async Task A_second_connection_sees_tables_and_commits_of_the_first(string kind)
    {
        using var dir = new TempDirectory("ice-two");
        await using var first = await OpenAsync(kind, dir, pg);
        await using var second = await OpenAsync(kind, dir, pg);
        await first.CreateTableAsync(Events, Schema());
        var s1 = await first.AppendAsync(Events, [Batch(0, 10)]);
        await using (var t = await second.LoadTableAsync(Events))
        {
            Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), await IdsAsync(t));
        }

        // The second writer's commit is based on the first one's; the first reads it back, time travel included.
        await second.AppendAsync(Events, [Batch(10, 5)]);
        await using (var t = await first.LoadTableAsync(Events))
        {
            Assert.Equal(15, (await IdsAsync(t)).Count);
            Assert.Equal(10, (await IdsAsync(t, new IcebergScanOptions { SnapshotId = s1.SnapshotId })).Count);
        }

        Assert.Equal([Events], await second.ListTablesAsync("db"));
    }

    [Theory]
    [InlineData("sql")]
    [InlineData("pg")]
    public async Task Two_catalog_instances_appending_at_once_lose_no_rows(string kind)
    {
        using var dir = new TempDirectory("ice-cas");
        await using var a = await OpenAsync(kind, dir, pg);
        await using var b = await OpenAsync(kind, dir, pg);
        await a.CreateTableAsync(Events, Schema());
        const int perWriter = 4, rows = 5;
        await Task.WhenAll(new[] { a, b }.Select((catalog, w) => Task.Run(async () =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                await catalog.AppendAsync(Events, [Batch((w * perWriter + i) * rows, rows)]);
            }
        })));

        await using var table = await b.LoadTableAsync(Events);
        Assert.Equal(Enumerable.Range(0, 2 * perWriter * rows).Select(i => (long)i), await IdsAsync(table));
        Assert.Equal(2 * perWriter, table.Snapshots.Count);
    }

    [Theory]
    [InlineData("sql")]
    [InlineData("pg")]
    public async Task A_stale_pointer_swap_loses_and_the_table_is_unchanged(string kind)
    {
        using var dir = new TempDirectory("ice-stale");
        await using var a = await OpenAsync(kind, dir, pg);
        await using var b = await OpenAsync(kind, dir, pg);
        await a.CreateTableAsync(Events, Schema());
        var (baseLocation, _) = (await a.LoadMetadataAsync(Events, default))!.Value;
        await b.AppendAsync(Events, [Batch(0, 3)]);

        // A commit that requires the old head fails on the CAS requirement; no metadata pointer moves.
        var head = (await b.LoadMetadataAsync(Events, default))!.Value.Location;
        await Assert.ThrowsAsync<CommitConflictException>(() => a.CommitTableAsync(Events,
            [new Orasi.Connectors.Iceberg.Transactions.TableRequirement.AssertRefSnapshotId("main", null)],
            [new Orasi.Connectors.Iceberg.Transactions.TableUpdate.SetProperties(new Dictionary<string, string> { ["x"] = "1" })]));
        Assert.Equal(head, (await a.LoadMetadataAsync(Events, default))!.Value.Location);
        Assert.NotEqual(baseLocation, head);
    }

    [Theory]
    [InlineData("sql")]
    [InlineData("pg")]
    [InlineData("fs")]
    public async Task Drop_without_purge_keeps_files_and_with_purge_deletes_them(string kind)
    {
        using var dir = new TempDirectory("ice-drop");
        await using var catalog = await OpenAsync(kind, dir, pg);
        var keep = new Orasi.Connectors.Iceberg.Catalog.TableIdentifier("db", "keep");
        var purge = new Orasi.Connectors.Iceberg.Catalog.TableIdentifier("db", "purge");
        await catalog.CreateTableAsync(keep, Schema());
        await catalog.CreateTableAsync(purge, Schema());
        await catalog.AppendAsync(keep, [Batch(0, 5)]);
        await catalog.AppendAsync(purge, [Batch(0, 5)]);
        await using (var kept = await catalog.LoadTableAsync(keep))
        {
            Assert.True(await catalog.DropTableAsync(keep, purge: false));
            Assert.False(await catalog.TableExistsAsync(keep));
            if (kind == "fs")
            {
                // The filesystem catalog's table is its metadata directory: that goes, the data files stay.
                Assert.Single(Directory.GetFiles(dir.Combine("warehouse", "db", "keep"), "*.parquet", SearchOption.AllDirectories));
                Assert.Empty(Directory.GetFiles(dir.Combine("warehouse", "db", "keep"), "*.json", SearchOption.AllDirectories));
            }
            else
            {
                // A SQL catalog only forgets the pointer: the table stays readable by its metadata file.
                await using var byLocation = await IcebergTable.LoadAsync(kept.MetadataLocation);
                Assert.Equal(5, (await IdsAsync(byLocation)).Count);
            }
        }

        Assert.True(await catalog.DropTableAsync(purge, purge: true));
        Assert.Empty(Directory.GetFiles(dir.Combine("warehouse", "db", "purge"), "*", SearchOption.AllDirectories));
        Assert.Empty(await catalog.ListTablesAsync("db"));
    }

    [Fact]
    public async Task Catalog_names_partition_one_postgres_database()
    {
        using var dir = new TempDirectory("ice-names");
        await using var red = await OpenAsync("pg", dir, pg, name: "red");
        await using var blue = await OpenAsync("pg", dir, pg, name: "blue");
        await red.CreateTableAsync(Events, Schema());
        Assert.False(await blue.TableExistsAsync(Events));
        await blue.CreateNamespaceAsync("only_blue", new Dictionary<string, string> { ["k"] = "v" });
        Assert.DoesNotContain("only_blue", await red.ListNamespacesAsync());
        Assert.Equal("v", (await blue.LoadNamespacePropertiesAsync("only_blue"))["k"]);
    }

    [Fact]
    public async Task The_connector_factory_opens_a_postgres_sql_catalog_from_a_uri()
    {
        using var dir = new TempDirectory("ice-factory");
        var options = new IcebergOptions
        {
            CatalogType = IcebergCatalogType.Sql,
            CatalogUri = await SqlAddressAsync("pg", dir, pg),
            Warehouse = dir.Combine("warehouse"),
            Table = "events",
            Namespace = "db",
        };
        Assert.Empty(options.Validate());
        await using var catalog = await IcebergCatalogFactory.OpenAsync(options);
        Assert.Equal(SqlCatalogBackend.PostgreSql, Assert.IsType<SqlCatalog>(catalog).Backend);
        await catalog.CreateNamespaceAsync("db");
        await ((MetastoreCatalog)catalog).CreateTableAsync(Events, Schema());
        await ((MetastoreCatalog)catalog).AppendAsync(Events, [Batch(0, 4)]);

        // The same database read through a keyword connection string.
        var keywords = SqlCatalogTarget.Parse(options.CatalogUri).ConnectionString;
        await using var again = await SqlCatalog.OpenAsync(keywords, dir.Combine("warehouse"));
        await using var table = await again.LoadTableAsync(Events);
        Assert.Equal(4, (await IdsAsync(table)).Count);
    }

    [Fact]
    public async Task A_wrong_password_is_an_authentication_failure_that_names_the_host_not_the_password()
    {
        const string wrong = "not-the-password-7f3a";
        var uri = $"postgresql://{PostgresServerFixture.User}:{wrong}@{pg.Host}:{pg.Port}/{PostgresServerFixture.Database}";
        using var dir = new TempDirectory("ice-auth");
        var ex = await Assert.ThrowsAsync<AuthenticationFailedException>(() => SqlCatalog.OpenAsync(uri, dir.Path));
        Assert.Contains($"{pg.Host}:{pg.Port}", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_a_connection_failure_that_names_the_host_not_the_password()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        const string secret = "unreachable-secret-91c2";
        using var dir = new TempDirectory("ice-down");
        var ex = await Assert.ThrowsAsync<ConnectionFailedException>(() => SqlCatalog.OpenAsync($"postgresql://ice:{secret}@127.0.0.1:{port}/lake?timeout=3", dir.Path));
        Assert.Contains($"127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, ex.ToString(), StringComparison.Ordinal);
    }
}
