using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Catalog.Rest;

namespace Orasi.Connectors.Iceberg.Connector;

/// <summary>Opens the catalog named by <see cref="IcebergOptions"/> (<c>catalog_type</c>, <c>catalog_uri</c>, <c>warehouse</c>, <c>credential</c>).</summary>
public static class IcebergCatalogFactory
{
    /// <summary>Opens the configured catalog.</summary>
    /// <param name="options">The connector options.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The catalog; the caller disposes it.</returns>
    /// <exception cref="ValidationFailedException">A required option is missing.</exception>
    /// <exception cref="ConnectionFailedException">The catalog cannot be reached.</exception>
    /// <exception cref="AuthenticationFailedException">The REST catalog rejected the credential, or PostgreSQL the user or password.</exception>
    public static async Task<IIcebergCatalog> OpenAsync(IcebergOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        switch (options.CatalogType)
        {
            case IcebergCatalogType.Sql:
                return await SqlCatalog.OpenAsync(
                    options.CatalogUri ?? throw new ValidationFailedException("The Iceberg SQL catalog needs catalog_uri, a PostgreSQL URI (postgresql://user:password@host:5432/db) or a SQLite file (Data Source=catalog.db); set it in [connectors.iceberg] or ICEBERG_CATALOG_URI."),
                    options.Warehouse ?? throw new ValidationFailedException("The Iceberg SQL catalog needs a warehouse; set warehouse in [connectors.iceberg] or ICEBERG_WAREHOUSE."),
                    options.StorageOptions,
                    cancellationToken: cancellationToken).ConfigureAwait(false);
            case IcebergCatalogType.Rest:
                return await RestCatalog.ConnectAsync(new RestCatalogOptions
                {
                    Uri = new Uri(options.CatalogUri ?? throw new ValidationFailedException("The Iceberg REST catalog needs catalog_uri, its base URL; set it in [connectors.iceberg] or ICEBERG_CATALOG_URI.")),
                    Warehouse = options.Warehouse,
                    Credential = options.Credential,
                    StorageOptions = options.StorageOptions,
                    Properties = options.Properties,
                    Timeout = options.Timeout,
                }, cancellationToken).ConfigureAwait(false);
            default:
                return new FileSystemCatalog(
                    options.Warehouse ?? throw new ValidationFailedException("The Iceberg filesystem catalog needs a warehouse; set warehouse in [connectors.iceberg] or ICEBERG_WAREHOUSE."),
                    options.StorageOptions);
        }
    }
}
