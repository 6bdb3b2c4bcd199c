using Microsoft.Data.Sqlite;
using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Catalog;

/// <summary>
/// A SQL catalog on SQLite with the schema of Iceberg's JDBC catalog (<c>iceberg_tables</c>,
/// <c>iceberg_namespace_properties</c>), so pyiceberg's and Java's SQL/JDBC catalogs can share the database.
/// A commit writes a new <c>NNNNN-uuid.metadata.json</c> and swaps the pointer with
/// <c>UPDATE ... WHERE metadata_location = @old</c> (one row affected, or another writer won).
/// </summary>
/// <example><code>
/// await using var catalog = await SqlCatalog.OpenAsync("Data Source=/data/catalog.db", "/data/warehouse");
/// </code></example>
public sealed class SqlCatalog : MetastoreCatalog
{
    private readonly string _connectionString;

    private SqlCatalog(string connectionString, string warehouse, IReadOnlyDictionary<string, string>? storageOptions, string name)
        : base(name, warehouse, storageOptions)
    {
        _connectionString = connectionString;
    }

    /// <summary>Opens (and initializes, if needed) a SQLite catalog database.</summary>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string, e.g. <c>Data Source=catalog.db</c>.</param>
    /// <param name="warehouse">The warehouse root for new tables (local path or URI).</param>
    /// <param name="storageOptions">Object store options.</param>
    /// <param name="name">The catalog name (the <c>catalog_name</c> column).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="ConnectionFailedException">The database cannot be opened.</exception>
    public static async Task<SqlCatalog> OpenAsync(string connectionString, string warehouse, IReadOnlyDictionary<string, string>? storageOptions = null, string name = "default", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var catalog = new SqlCatalog(connectionString, warehouse, storageOptions, name);
        try
        {
            await using var connection = await catalog.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, """
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
                """, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            await catalog.DisposeAsync().ConfigureAwait(false);
            throw new ConnectionFailedException($"SQLite catalog database cannot be opened ({ex.Message}); check the connection string and file permissions.", ex);
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
        cmd.Parameters.AddWithValue("@c", Name);
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
        cmd.Parameters.AddWithValue("@c", Name);
        cmd.Parameters.AddWithValue("@n", ns);
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
        cmd.Parameters.AddWithValue("@c", Name);
        cmd.Parameters.AddWithValue("@n", ns);
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
                cmd.Parameters.AddWithValue("@c", Name);
                cmd.Parameters.AddWithValue("@n", ns);
                cmd.Parameters.AddWithValue("@k", key);
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
        cmd.Parameters.AddWithValue("@c", Name);
        cmd.Parameters.AddWithValue("@n", ns);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<TableIdentifier>> ListTablesAsync(string ns, CancellationToken cancellationToken = default)
    {
        await using var c = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT table_name FROM iceberg_tables WHERE catalog_name = @c AND table_namespace = @n ORDER BY table_name";
        cmd.Parameters.AddWithValue("@c", Name);
        cmd.Parameters.AddWithValue("@n", ns);
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
        cmd.Parameters.AddWithValue("@c", Name);
        cmd.Parameters.AddWithValue("@tn", to.Namespace);
        cmd.Parameters.AddWithValue("@tt", to.Name);
        cmd.Parameters.AddWithValue("@fn", from.Namespace);
        cmd.Parameters.AddWithValue("@ft", from.Name);
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
            cmd.Parameters.AddWithValue("@c", Name);
            cmd.Parameters.AddWithValue("@n", identifier.Namespace);
            cmd.Parameters.AddWithValue("@t", identifier.Name);
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
        cmd.Parameters.AddWithValue("@c", Name);
        cmd.Parameters.AddWithValue("@n", identifier.Namespace);
        cmd.Parameters.AddWithValue("@t", identifier.Name);
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
            cmd.Parameters.AddWithValue("@c", Name);
            cmd.Parameters.AddWithValue("@n", identifier.Namespace);
            cmd.Parameters.AddWithValue("@t", identifier.Name);
            cmd.Parameters.AddWithValue("@new", location);
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
                cmd.Parameters.AddWithValue("@old", baseLocation);
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
            cmd.Parameters.AddWithValue("@c", Name);
            cmd.Parameters.AddWithValue("@n", ns);
            cmd.Parameters.AddWithValue("@k", k);
            cmd.Parameters.AddWithValue("@v", v);
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var c = new SqliteConnection(_connectionString) { DefaultTimeout = 30 };
        await c.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "PRAGMA busy_timeout = 30000;";
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return c;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
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
