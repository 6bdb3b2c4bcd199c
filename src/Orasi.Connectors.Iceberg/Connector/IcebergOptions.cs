using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Orasi.Connectors.Configuration;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Connector;

/// <summary>
/// Options of the Iceberg connector, the <c>[connectors.iceberg]</c> section of <c>orasi.toml</c> or the
/// <c>ICEBERG_*</c> environment variables (<c>ICEBERG_CATALOG_TYPE</c>, <c>ICEBERG_CATALOG_URI</c>, <c>ICEBERG_WAREHOUSE</c>,
/// <c>ICEBERG_NAMESPACE</c>, <c>ICEBERG_TABLE</c>, <c>ICEBERG_STORAGE_OPTIONS</c> and <c>ICEBERG_PROPERTIES</c> as JSON
/// objects, <c>ICEBERG_CREDENTIAL</c>, <c>ICEBERG_PARTITION_BY</c>), on top of the common connector keys.
/// </summary>
/// <example>
/// <code>
/// [connectors.iceberg]
/// catalog_type = "sql"
/// catalog_uri = "Data Source=/data/catalog.db"   # or "postgresql://iceberg:secret@db:5432/lake"
/// warehouse = "s3://lake/warehouse"
/// namespace = "otel"
/// table = "traces"
/// partition_by = ["day(timestamp)"]
/// storage_options = { aws_region = "eu-west-1" }
/// </code>
/// </example>
public sealed partial class IcebergOptions : ConnectorOptions
{
    /// <summary>The configuration section name of this connector.</summary>
    public const string ConnectorName = "iceberg";

    /// <summary>The partition field telemetry tables are created with when <see cref="PartitionBy"/> is unset.</summary>
    public const string TelemetryPartition = "day(timestamp)";

    /// <summary>The catalog: <c>filesystem</c> (default), <c>sql</c> (SQLite or PostgreSQL, chosen by <see cref="CatalogUri"/>) or <c>rest</c>.</summary>
    public IcebergCatalogType CatalogType { get; set; } = IcebergCatalogType.Filesystem;

    /// <summary>
    /// The catalog address: for <c>sql</c> a PostgreSQL URI (<c>postgresql://user:password@host:5432/db</c>, <c>postgres://…</c>,
    /// <c>jdbc:postgresql://…</c>) or Npgsql connection string (<c>Host=…;Database=…</c>), or a SQLite file
    /// (<c>Data Source=catalog.db</c>, <c>sqlite:///catalog.db</c>, a path); the base URL for <c>rest</c>; unused for
    /// <c>filesystem</c>. May hold a password: it is never logged or shown in errors.
    /// </summary>
    public string? CatalogUri { get; set; }

    /// <summary>The warehouse root (path or URI) under which tables are placed; for <c>rest</c>, the warehouse name sent to the server (optional).</summary>
    public string? Warehouse { get; set; }

    /// <summary>The namespace (dotted levels) of the table; created on the first write when missing (default <c>default</c>).</summary>
    [ConfigurationKeyName("namespace")]
    public string Namespace { get; set; } = "default";

    /// <summary>The table name (required).</summary>
    public string? Table { get; set; }

    /// <summary>Table properties of a table the connector creates (e.g. <c>write.parquet.compression-codec</c>); for <c>rest</c> also sent as catalog client properties.</summary>
    public Dictionary<string, string> Properties { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Object store options such as <c>aws_endpoint</c> or <c>aws_region</c>; secrets are never logged.</summary>
    public Dictionary<string, string> StorageOptions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>REST only: OAuth2 client credentials <c>client_id:client_secret</c> (a secret; never logged).</summary>
    public string? Credential { get; set; }

    /// <summary>
    /// Partition fields of a table the connector creates: <c>day(timestamp)</c>, <c>bucket[16](id)</c>,
    /// <c>truncate[4](name)</c> or a column name (identity). Unset: telemetry batches are partitioned by
    /// <c>day(timestamp)</c>, other data is not partitioned. An existing table keeps its spec.
    /// </summary>
    public List<string>? PartitionBy { get; set; }

    /// <summary>The table identifier (<see cref="Namespace"/>.<see cref="Table"/>).</summary>
    public TableIdentifier Identifier => new(Namespace, Table ?? "");

    /// <summary>Binds and validates the options from the process environment (defaults, then <c>ICEBERG_*</c> variables).</summary>
    /// <returns>The validated options.</returns>
    /// <exception cref="ConfigurationValidationException">A value is missing, malformed or out of range.</exception>
    public static new IcebergOptions FromEnvironment() => FromConfiguration(OrasiConfiguration.Load(null));

    /// <summary>Binds and validates the <c>[connectors.iceberg]</c> section (common keys fall back to <c>[connector]</c>).</summary>
    /// <param name="configuration">The configuration root (e.g. from <see cref="OrasiConfiguration.Load"/>) or the section itself.</param>
    /// <returns>The validated options.</returns>
    /// <exception cref="ConfigurationValidationException">A value is missing, malformed or out of range.</exception>
    public static new IcebergOptions FromConfiguration(IConfiguration configuration) =>
        OptionsBinder.Bind<IcebergOptions>(configuration, ConnectorName);

    /// <summary>
    /// Options for a filesystem-catalog table at a location <c>&lt;warehouse&gt;/&lt;namespace&gt;/&lt;table&gt;</c>
    /// (the layout <c>orasi iceberg create</c> uses).
    /// </summary>
    /// <param name="tableLocation">The table directory: a path or URI with at least three path segments.</param>
    /// <param name="storageOptions">Object store options.</param>
    /// <returns>Options with <see cref="CatalogType"/> filesystem.</returns>
    /// <exception cref="ValidationFailedException">The location has fewer than three path segments.</exception>
    public static IcebergOptions ForLocation(string tableLocation, IReadOnlyDictionary<string, string>? storageOptions = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableLocation);
        var isUri = tableLocation.Contains("://", StringComparison.Ordinal);
        var location = isUri ? tableLocation.TrimEnd('/') : Path.GetFullPath(tableLocation).Replace('\\', '/').TrimEnd('/');
        var parts = location.Split('/');
        var pathStart = isUri ? 3 : 1;
        if (parts.Length - pathStart < 3 || string.IsNullOrEmpty(parts[^1]) || string.IsNullOrEmpty(parts[^2]))
        {
            throw new ValidationFailedException($"Iceberg table location '{tableLocation}' must have the form <warehouse>/<namespace>/<table>.");
        }

        return new IcebergOptions
        {
            CatalogType = IcebergCatalogType.Filesystem,
            Warehouse = string.Join('/', parts[..^2]),
            Namespace = parts[^2],
            Table = parts[^1],
            StorageOptions = storageOptions is null ? new(StringComparer.Ordinal) : new(storageOptions, StringComparer.Ordinal),
        };
    }

    /// <summary>Parses a partition expression (<c>day(ts)</c>, <c>bucket[16](id)</c>, <c>col</c>) into a transform and source column.</summary>
    /// <param name="expression">The expression.</param>
    /// <returns>The transform and the source column name.</returns>
    /// <exception cref="ValidationFailedException">The transform is unknown or the expression malformed.</exception>
    public static (Transform Transform, string Column) ParsePartition(string expression)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expression);
        var m = PartitionPattern().Match(expression.Trim());
        var (transformText, column) = m.Success ? (m.Groups["t"].Value, m.Groups["c"].Value.Trim()) : ("identity", expression.Trim());
        var transform = Transform.Parse(transformText);
        if (transform.Kind == TransformKind.Unknown || column.Length == 0 || column.Contains('(', StringComparison.Ordinal))
        {
            throw new ValidationFailedException($"Partition expression '{expression}' is not valid; use a column name or identity/year/month/day/hour/bucket[N]/truncate[W](column).");
        }

        return (transform, column);
    }

    /// <inheritdoc />
    [SuppressMessage("Design", "CA1024:Use properties where appropriate", Justification = "Overrides the base validation hook.")]
    public override IEnumerable<ConfigurationError> Validate()
    {
        if (string.IsNullOrWhiteSpace(Table))
        {
            yield return new ConfigurationError("table", "is required; name the table to write to and read from");
        }
        else if (Table.Contains('/', StringComparison.Ordinal) || Table.Contains('.', StringComparison.Ordinal))
        {
            yield return new ConfigurationError("table", "must be a plain name without '/' or '.'; put the namespace in 'namespace'");
        }

        if (string.IsNullOrWhiteSpace(Namespace) || Namespace.Split('.').Any(string.IsNullOrWhiteSpace))
        {
            yield return new ConfigurationError("namespace", "must be one or more non-empty dot-separated levels");
        }

        switch (CatalogType)
        {
            case IcebergCatalogType.Filesystem when string.IsNullOrWhiteSpace(Warehouse):
                yield return new ConfigurationError("warehouse", "is required with catalog_type = \"filesystem\"; give the warehouse root path or URI");
                break;
            case IcebergCatalogType.Sql when string.IsNullOrWhiteSpace(CatalogUri):
                yield return new ConfigurationError("catalog_uri", "is required with catalog_type = \"sql\"; give a PostgreSQL URI such as 'postgresql://user:password@host:5432/db' or a SQLite file such as 'Data Source=catalog.db'");
                break;
            case IcebergCatalogType.Sql when string.IsNullOrWhiteSpace(Warehouse):
                yield return new ConfigurationError("warehouse", "is required with catalog_type = \"sql\"; give the warehouse root path or URI");
                break;
            case IcebergCatalogType.Rest when !Uri.TryCreate(CatalogUri, UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps):
                yield return new ConfigurationError("catalog_uri", "must be the http(s) base URL of the REST catalog with catalog_type = \"rest\"");
                break;
            case IcebergCatalogType.Filesystem or IcebergCatalogType.Sql or IcebergCatalogType.Rest:
                break;
            default:
                yield return new ConfigurationError("catalog_type", "must be filesystem, sql or rest");
                break;
        }

        if (Credential is not null && (Credential.IndexOf(':', StringComparison.Ordinal) is <= 0 || Credential.EndsWith(':')))
        {
            yield return new ConfigurationError("credential", "must have the form client_id:client_secret");
        }

        foreach (var p in PartitionBy ?? [])
        {
            string? problem = null;
            try
            {
                ParsePartition(p);
            }
            catch (ValidationFailedException)
            {
                problem = "entries must be a column name or transform(column) such as day(timestamp) or bucket[16](id)";
            }
            catch (ArgumentException)
            {
                problem = "must not contain empty entries";
            }

            if (problem is not null)
            {
                yield return new ConfigurationError("partition_by", problem);
                yield break;
            }
        }
    }

    [GeneratedRegex(@"^(?<t>[a-z]+(?:\[\d+\])?)\((?<c>[^()]+)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex PartitionPattern();
}
