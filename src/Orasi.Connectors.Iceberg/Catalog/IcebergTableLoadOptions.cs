namespace Orasi.Connectors.Iceberg.Catalog;

/// <summary>Options for loading a table from a location.</summary>
public sealed record IcebergTableLoadOptions
{
    /// <summary>
    /// Base directory (or URI) for relative paths written in metadata that do not start with the table's declared
    /// <c>location</c> (some writers record paths relative to their working directory). Paths under the declared
    /// location are always rewritten to the directory the table was loaded from.
    /// </summary>
    public string? RelativePathBase { get; init; }
}
