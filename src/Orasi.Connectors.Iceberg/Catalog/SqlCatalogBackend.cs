namespace Orasi.Connectors.Iceberg.Catalog;

/// <summary>The database behind a <see cref="SqlCatalog"/>.</summary>
internal enum SqlCatalogBackend
{
    /// <summary>An embedded SQLite file (Microsoft.Data.Sqlite).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server (Npgsql).</summary>
    PostgreSql,
}
