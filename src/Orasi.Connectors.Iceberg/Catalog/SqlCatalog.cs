using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Catalog;

/// <summary>
/// A SQL catalog on SQLite (embedded, Microsoft.Data.Sqlite) or PostgreSQL (Npgsql) with the schema of Iceberg's JDBC
/// catalog (<c>iceberg_tables</c>, <c>iceberg_namespace_properties</c>), so pyiceberg's and Java's SQL/JDBC catalogs can
/// share the database.
/// A commit writes a new <c>NNNNN-uuid.metadata.json</c> and swaps the pointer with
/// <c>UPDATE ... WHERE metadata_location = @old</c> (one row affected, or another writer won).
/// </summary>
/// <example><code>
/// await using var catalog = await SqlCatalog.OpenAsync("Data Source=/data/catalog.db", "/data/warehouse");
/// await using var shared = await SqlCatalog.OpenAsync("postgresql://iceberg:secret@db:5432/lake", "s3://lake/warehouse");
/// </code></example>
public sealed class SqlCatalog : MetastoreCatalog
{
    private const string CreateSchemaSql = """
        CREATE TABLE IF NOT EXISTS iceberg_tables (
          catalog_name VARCHAR(255) NOT NULL,
          table_namespace VARCHAR(255) NOT NULL,
          table_name VARCHAR(255) NOT NULL,
          metadata_location VARCHAR(1000),
          previous_metadata_location VARCHAR(1000),
          iceberg_type VARCHAR(5),
          PRIMARY KEY (catalog_name, table_namespace, table_name));
        CREATE TABLE IF NOT EXISTS iceberg_namespace_properties (
          catalog_name VARCHAR(255) NOT NULL,
          namespace VARCHAR(255) NOT NULL,
          property_key VARCHAR(255),
          property_value VARCHAR(1000),
          PRIMARY KEY (catalog_name, namespace, property_key));
        """;

    private readonly SqlCatalogTarget _target;
    private readonly DbDataSource _dataSource;

    private SqlCatalog(SqlCatalogTarget target, string warehouse, IReadOnlyDictionary<string, string>? storageOptions, string name)
        : base(name, warehouse, storageOptions)
    {
        _target = target;
        _dataSource = target.Backend == SqlCatalogBackend.PostgreSql
            ? NpgsqlDataSource.Create(target.ConnectionString)
            : SqliteFactory.Instance.CreateDataSource(target.ConnectionString);
    }

    /// <summary>The database behind the catalog.</summary>
    internal SqlCatalogBackend Backend => _target.Backend;

    /// <summary>Opens (and initializes, if needed) a SQL catalog database on SQLite or PostgreSQL.</summary>
    /// <param name="connectionString">
    /// The database: a PostgreSQL URI (<c>postgresql://user:password@host:5432/db</c>, <c>postgres://…</c>,
    /// <c>jdbc:postgresql://host/db?user=…&amp;password=…</c>) or Npgsql connection string (<c>Host=…;Database=…</c>);
    /// or a SQLite file (<c>Data Source=catalog.db</c>, <c>sqlite:///catalog.db</c>, or a bare path).
    /// </param>
    /// <param name="warehouse">The warehouse root for new tables (local path or URI).</param>
    /// <param name="storageOptions">Object store options.</param>
    /// <param name="name">The catalog name (the <c>catalog_name</c> column).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="ValidationFailedException">The address is malformed.</exception>
    /// <exception cref="ConnectionFailedException">The database cannot be opened or reached.</exception>
    /// <exception cref="AuthenticationFailedException">The PostgreSQL server rejected the user or password.</exception>
    public static async Task<SqlCatalog> OpenAsync(string connectionString, string warehouse, IReadOnlyDictionary<string, string>? storageOptions = null, string name = "default", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var catalog = new SqlCatalog(SqlCatalogTarget.Parse(connectionString), warehouse, storageOptions, name);
        try
        {
            await using var connection = await catalog.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await ExecuteAsync(connection, CreateSchemaSql, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (PostgresException ex) when (attempt < 3 && ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable)
                {
                    // Two catalogs created the tables at the same moment; the other one won, so look again.
                }
            }
        }
        catch (DbException ex)
        {
            await catalog.DisposeAsync().ConfigureAwait(false);
            throw new ConnectionFailedException($"The {catalog._target.Display} cannot be initialized as an Iceberg catalog ({catalog._target.Scrub(ex.Message)}); check the address and the user's permissions.", null);
        }
        catch
        {
            await catalog.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return catalog;
    }

    /// <inheritdoc />
    public override async Task CreateNamespaceAsync(string ns, IReadOnlyDictionary<string, string>? properties = null, CancellationToken cancellationToken = default)
    {
        ValidateNamespace(ns);
        if (await NamespaceExistsAsync(ns, cancellationToken).ConfigureAwait(false))
        {
            throw new ValidationFailedException($"Namespace '{ns}' already exists.");
        }

        var props = new Dictionary<string, string>(properties ?? new Dictionary<string, string>()) { ["exists"] = "true" };
        await SetPropertiesAsync(ns, props, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<string>> ListNamespacesAsync(string? parent = null, CancellationToken cancellationToken = default)
    {
        await using var c = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT DISTINCT table_namespace FROM iceberg_tables WHERE catalog_name = @c
            UNION SELECT DISTINCT namespace FROM iceberg_namespace_properties WHERE catalog_name = @c
            """;
        AddParameter(cmd, "@c", Name);
        var result = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var n = reader.GetString(0);
            if (parent is null || n.StartsWith(parent + ".", StringComparison.Ordinal)) result.Add(n);
        }

        return result.Order(StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public override async Task<bool> NamespaceExistsAsync(string ns, CancellationToken cancellationToken = default)
    {
        await using var c = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT 1 FROM iceberg_namespace_properties WHERE catalog_name = @c AND namespace = @n
            UNION SELECT 1 FROM iceberg_tables WHERE catalog_name = @c AND table_namespace = @n LIMIT 1
            """;
        AddParameter(cmd, "@c", Name);
        AddParameter(cmd, "@n", ns);
        return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyDictionary<string, string>> LoadNamespacePropertiesAsync(string ns, CancellationToken cancellationToken = default)
    {
        if (!await NamespaceExistsAsync(ns, cancellationToken).ConfigureAwait(false))
        {
            throw new TableNotFoundException($"Namespace '{ns}' does not exist in catalog '{Name}'; create it first.");
        }

        await using var c = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT property_key, property_value FROM iceberg_namespace_properties WHERE catalog_name = @c AND namespace = @n";
        AddParameter(cmd, "@c", Name);
        AddParameter(cmd, "@n", ns);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!reader.IsDBNull(0) && reader.GetString(0) != "exists") result[reader.GetString(0)] = reader.IsDBNull(1) ? string.Empty : reader.GetString(1);
        }

        return result;
    }

    /// <inheritdoc />
    public override async Task UpdateNamespacePropertiesAsync(string ns, IReadOnlyList<string>? removals, IReadOnlyDictionary<string, string>? updates, CancellationToken cancellationToken = default)
    {
        if (!await NamespaceExistsAsync(ns, cancellationToken).ConfigureAwait(false))
        {
            throw new TableNotFoundException($"Namespace '{ns}' does not exist in catalog '{Name}'; create it first.");
        }

        await using (var c = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var key in removals ?? [])
            {
                await using var cmd = c.CreateCommand();
                cmd.CommandText = "DELETE FROM iceberg_namespace_properties WHERE catalog_name = @c AND namespace = @n AND property_key = @k";
                AddParameter(cmd, "@c", Name);
                AddParameter(cmd, "@n", ns);
                AddParameter(cmd, "@k", key);
                await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (updates is not null)
        {
            await SetPropertiesAsync(ns, updates, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override async Task DropNamespaceAsync(string ns, CancellationToken cancellationToken = default)
    {
        if ((await ListTablesAsync(ns, cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            throw new ValidationFailedException($"Namespace '{ns}' still has tables; drop them first.");
        }

        await using var c = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "DELETE FROM iceberg_namespace_properties WHERE catalog_name = @c AND namespace = @n";
        AddParameter(cmd, "@c", Name);
        AddParameter(cmd, "@n", ns);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<TableIdentifier>> ListTablesAsync(string ns, CancellationToken cancellationToken = default)
    {
        await using var c = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT table_name FROM iceberg_tables WHERE catalog_name = @c AND table_namespace = @n ORDER BY table_name";
        AddParameter(cmd, "@c", Name);
        AddParameter(cmd, "@n", ns);
        var result = new List<TableIdentifier>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new TableIdentifier(ns, reader.GetString(0)));
        }

        return result;
    }

    /// <inheritdoc />
    public override async Task RenameTableAsync(TableIdentifier from, TableIdentifier to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        to.Validate();
        if (!await NamespaceExistsAsync(to.Namespace, cancellationToken).ConfigureAwait(false))
        {
            throw new TableNotFoundException($"Namespace '{to.Namespace}' does not exist; create it before renaming '{from}' into it.");
        }

        if (await TableExistsAsync(to, cancellationToken).ConfigureAwait(false))
        {
            throw new ValidationFailedException($"Table '{to}' already exists; drop it or choose another name.");
        }

        await using var c = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "UPDATE iceberg_tables SET table_namespace = @tn, table_name = @tt WHERE catalog_name = @c AND table_namespace = @fn AND table_name = @ft";
        AddParameter(cmd, "@c", Name);
        AddParameter(cmd, "@tn", to.Namespace);
        AddParameter(cmd, "@tt", to.Name);
        AddParameter(cmd, "@fn", from.Namespace);
        AddParameter(cmd, "@ft", from.Name);
        if (await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
        {
            throw new TableNotFoundException($"Table '{from}' does not exist in catalog '{Name}'; check the name.");
        }
    }

    /// <inheritdoc />
    public override async Task<bool> DropTableAsync(TableIdentifier identifier, bool purge = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var current = purge ? await LoadMetadataAsync(identifier, cancellationToken).ConfigureAwait(false) : null;
        await using (var c = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "DELETE FROM iceberg_tables WHERE catalog_name = @c AND table_namespace = @n AND table_name = @t";
            AddParameter(cmd, "@c", Name);
            AddParameter(cmd, "@n", identifier.Namespace);
            AddParameter(cmd, "@t", identifier.Name);
            if (await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                return false;
            }
        }

        if (current is { } cur)
        {
            await Io.DeleteAllAsync(cur.Metadata.Location, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private protected override async Task<string?> CurrentMetadataLocationAsync(TableIdentifier identifier, CancellationToken cancellationToken)
    {
        await using var c = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT metadata_location FROM iceberg_tables WHERE catalog_name = @c AND table_namespace = @n AND table_name = @t";
        AddParameter(cmd, "@c", Name);
        AddParameter(cmd, "@n", identifier.Namespace);
        AddParameter(cmd, "@t", identifier.Name);
        return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    private protected override async Task<string?> TrySwapAsync(TableIdentifier identifier, string? baseLocation, TableMetadata? baseMetadata, TableMetadata next, CancellationToken cancellationToken)
    {
        var version = baseLocation is null ? 0 : (MetadataFileLocator.VersionOf(baseLocation[(baseLocation.LastIndexOf('/') + 1)..]) ?? 0) + 1;
        var location = $"{next.Location.TrimEnd('/')}/metadata/{version:D5}-{Guid.NewGuid()}.metadata.json";
        await Io.PutAsync(location, Serialize(next), cancellationToken).ConfigureAwait(false);
        bool swapped;
        await using (var c = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var cmd = c.CreateCommand();
            AddParameter(cmd, "@c", Name);
            AddParameter(cmd, "@n", identifier.Namespace);
            AddParameter(cmd, "@t", identifier.Name);
            AddParameter(cmd, "@new", location);
            if (baseLocation is null)
            {
                cmd.CommandText = """
                    INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name, metadata_location, previous_metadata_location, iceberg_type)
                    VALUES (@c, @n, @t, @new, NULL, 'TABLE') ON CONFLICT DO NOTHING
                    """;
            }
            else
            {
                cmd.CommandText = """
                    UPDATE iceberg_tables SET metadata_location = @new, previous_metadata_location = @old
                    WHERE catalog_name = @c AND table_namespace = @n AND table_name = @t AND metadata_location = @old
                    """;
                AddParameter(cmd, "@old", baseLocation);
            }

            swapped = await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }

        if (!swapped)
        {
            await Io.DeleteAsync(location, cancellationToken).ConfigureAwait(false);
            return null;
        }

        return location;
    }

    private async Task SetPropertiesAsync(string ns, IReadOnlyDictionary<string, string> properties, CancellationToken cancellationToken)
    {
        await using var c = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (k, v) in properties)
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = """
                INSERT INTO iceberg_namespace_properties (catalog_name, namespace, property_key, property_value) VALUES (@c, @n, @k, @v)
                ON CONFLICT (catalog_name, namespace, property_key) DO UPDATE SET property_value = excluded.property_value
                """;
            AddParameter(cmd, "@c", Name);
            AddParameter(cmd, "@n", ns);
            AddParameter(cmd, "@k", k);
            AddParameter(cmd, "@v", v);
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        DbConnection c;
        try
        {
            c = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
        {
            throw new AuthenticationFailedException($"The {_target.Display} rejected the catalog's credentials ({_target.Scrub(ex.MessageText)}); check the user name and password.", null);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InvalidCatalogName)
        {
            throw new ConnectionFailedException($"The {_target.Display} has no such database ({_target.Scrub(ex.MessageText)}); create it or fix the database name.", null);
        }
        catch (Exception ex) when (ex is DbException or System.Net.Sockets.SocketException or TimeoutException or IOException)
        {
            var what = _target.Backend == SqlCatalogBackend.PostgreSql ? "cannot be reached" : "cannot be opened";
            throw new ConnectionFailedException($"The {_target.Display} {what} ({_target.Scrub(ex.Message)}); check the address, that the server is running and the file permissions.", null);
        }

        if (_target.Backend == SqlCatalogBackend.Sqlite)
        {
            await ExecuteAsync(c, "PRAGMA busy_timeout = 30000;", cancellationToken).ConfigureAwait(false);
        }

        return c;
    }

    private static void AddParameter(DbCommand command, string name, object? value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        command.Parameters.Add(p);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void ValidateNamespace(string ns)
    {
        if (string.IsNullOrWhiteSpace(ns) || ns.Split('.').Any(string.IsNullOrWhiteSpace))
        {
            throw new ValidationFailedException($"Namespace '{ns}' is invalid; use dot-separated non-empty names.");
        }
    }
}
