using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Iceberg.Transactions;

namespace Orasi.Connectors.Iceberg.Catalog;

/// <summary>
/// An Iceberg catalog: namespaces, tables and atomic metadata commits with optimistic concurrency
/// (requirements are checked against the current metadata, then updates applied and the pointer swapped).
/// </summary>
public interface IIcebergCatalog : IAsyncDisposable
{
    /// <summary>The catalog name.</summary>
    string Name { get; }

    /// <summary>Creates a namespace (dotted levels) with properties.</summary>
    /// <exception cref="ValidationFailedException">The namespace already exists.</exception>
    Task CreateNamespaceAsync(string ns, IReadOnlyDictionary<string, string>? properties = null, CancellationToken cancellationToken = default);

    /// <summary>Lists namespaces (all, or the children of <paramref name="parent"/>).</summary>
    Task<IReadOnlyList<string>> ListNamespacesAsync(string? parent = null, CancellationToken cancellationToken = default);

    /// <summary>True when the namespace exists.</summary>
    Task<bool> NamespaceExistsAsync(string ns, CancellationToken cancellationToken = default);

    /// <summary>Loads a namespace's properties.</summary>
    /// <exception cref="TableNotFoundException">The namespace does not exist.</exception>
    Task<IReadOnlyDictionary<string, string>> LoadNamespacePropertiesAsync(string ns, CancellationToken cancellationToken = default);

    /// <summary>Sets and removes namespace properties.</summary>
    /// <exception cref="TableNotFoundException">The namespace does not exist.</exception>
    Task UpdateNamespacePropertiesAsync(string ns, IReadOnlyList<string>? removals, IReadOnlyDictionary<string, string>? updates, CancellationToken cancellationToken = default);

    /// <summary>Drops an empty namespace.</summary>
    /// <exception cref="ValidationFailedException">The namespace still has tables.</exception>
    Task DropNamespaceAsync(string ns, CancellationToken cancellationToken = default);

    /// <summary>Lists the tables of a namespace.</summary>
    Task<IReadOnlyList<TableIdentifier>> ListTablesAsync(string ns, CancellationToken cancellationToken = default);

    /// <summary>Creates a table (empty, no snapshot) and returns it.</summary>
    /// <param name="identifier">The table name.</param>
    /// <param name="schema">The schema with field ids.</param>
    /// <param name="spec">The partition spec (null: unpartitioned).</param>
    /// <param name="properties">Table properties.</param>
    /// <param name="location">The table location (null: the catalog's default under the warehouse).</param>
    /// <param name="formatVersion">The format version (default 2).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="ValidationFailedException">The table already exists or the schema/spec is invalid.</exception>
    Task<IcebergTable> CreateTableAsync(TableIdentifier identifier, IcebergSchema schema, PartitionSpec? spec = null, IReadOnlyDictionary<string, string>? properties = null, string? location = null, int formatVersion = 2, CancellationToken cancellationToken = default);

    /// <summary>Loads a table at its current metadata.</summary>
    /// <exception cref="TableNotFoundException">The table does not exist.</exception>
    Task<IcebergTable> LoadTableAsync(TableIdentifier identifier, CancellationToken cancellationToken = default);

    /// <summary>True when the table exists.</summary>
    Task<bool> TableExistsAsync(TableIdentifier identifier, CancellationToken cancellationToken = default);

    /// <summary>Renames a table.</summary>
    /// <exception cref="UnsupportedFeatureException">The catalog cannot rename tables.</exception>
    Task RenameTableAsync(TableIdentifier from, TableIdentifier to, CancellationToken cancellationToken = default);

    /// <summary>Drops a table; with <paramref name="purge"/> its files are deleted too.</summary>
    /// <returns>False when the table did not exist.</returns>
    Task<bool> DropTableAsync(TableIdentifier identifier, bool purge = false, CancellationToken cancellationToken = default);

    /// <summary>
    /// Commits updates atomically: checks <paramref name="requirements"/> against the current metadata, applies
    /// <paramref name="updates"/>, writes the new metadata file and swaps the table's pointer to it. When the swap
    /// loses a race the requirements are re-checked against the winner's metadata and the commit is retried.
    /// </summary>
    /// <returns>The table at the new metadata.</returns>
    /// <exception cref="CommitConflictException">A requirement does not hold (a concurrent commit changed the table).</exception>
    /// <exception cref="TableNotFoundException">The table does not exist.</exception>
    Task<IcebergTable> CommitTableAsync(TableIdentifier identifier, IReadOnlyList<TableRequirement> requirements, IReadOnlyList<TableUpdate> updates, CancellationToken cancellationToken = default);
}
