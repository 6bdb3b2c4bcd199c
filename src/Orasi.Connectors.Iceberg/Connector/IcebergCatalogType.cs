namespace Orasi.Connectors.Iceberg.Connector;

/// <summary>Which catalog the Iceberg connector commits through (<c>catalog_type</c>).</summary>
public enum IcebergCatalogType
{
    /// <summary>The filesystem ("Hadoop") catalog: tables are directories under the warehouse.</summary>
    Filesystem,

    /// <summary>The SQL catalog on SQLite: <c>catalog_uri</c> is the connection string.</summary>
    Sql,

    /// <summary>A REST catalog: <c>catalog_uri</c> is the base URL.</summary>
    Rest,
}
