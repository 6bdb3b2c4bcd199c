using System.Text;
using Orasi.Connectors.Iceberg.IO;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Iceberg.Transactions;

namespace Orasi.Connectors.Iceberg.Catalog;

/// <summary>
/// The shared commit logic of catalogs that keep a pointer to the current metadata file (filesystem, SQL): load,
/// check requirements, apply updates with <see cref="TableMetadataBuilder"/>, write the new metadata file, swap.
/// </summary>
public abstract class MetastoreCatalog : IIcebergCatalog
{
    private const int SwapAttempts = 8;

    private protected MetastoreCatalog(string name, string warehouse, IReadOnlyDictionary<string, string>? storageOptions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(warehouse);
        Name = name;
        Warehouse = FileIOWrites.NormalizeLocation(warehouse);
        StorageOptions = storageOptions;
        Io = new IcebergFileIO(storageOptions);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The warehouse root under which new tables are placed.</summary>
    public string Warehouse { get; }

    /// <summary>The object store options used for metadata and data files.</summary>
    public IReadOnlyDictionary<string, string>? StorageOptions { get; }

    internal IcebergFileIO Io { get; }

    /// <inheritdoc />
    public abstract Task CreateNamespaceAsync(string ns, IReadOnlyDictionary<string, string>? properties = null, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract Task<IReadOnlyList<string>> ListNamespacesAsync(string? parent = null, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract Task<bool> NamespaceExistsAsync(string ns, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract Task<IReadOnlyDictionary<string, string>> LoadNamespacePropertiesAsync(string ns, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract Task UpdateNamespacePropertiesAsync(string ns, IReadOnlyList<string>? removals, IReadOnlyDictionary<string, string>? updates, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract Task DropNamespaceAsync(string ns, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract Task<IReadOnlyList<TableIdentifier>> ListTablesAsync(string ns, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract Task RenameTableAsync(TableIdentifier from, TableIdentifier to, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract Task<bool> DropTableAsync(TableIdentifier identifier, bool purge = false, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public async Task<IcebergTable> CreateTableAsync(TableIdentifier identifier, IcebergSchema schema, PartitionSpec? spec = null, IReadOnlyDictionary<string, string>? properties = null, string? location = null, int formatVersion = 2, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        identifier.Validate();
        if (!await NamespaceExistsAsync(identifier.Namespace, cancellationToken).ConfigureAwait(false))
        {
            throw new TableNotFoundException($"Namespace '{identifier.Namespace}' does not exist; create it before creating table '{identifier}'.");
        }

        if (await CurrentMetadataLocationAsync(identifier, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new ValidationFailedException($"Table '{identifier}' already exists; load it or drop it first.");
        }

        var tableLocation = location is null ? DefaultTableLocation(identifier) : FileIOWrites.NormalizeLocation(location);
        var metadata = TableMetadataBuilder.NewTable(schema, spec, null, tableLocation, properties, formatVersion);
        var newLocation = await TrySwapAsync(identifier, null, null, metadata, cancellationToken).ConfigureAwait(false)
            ?? throw new CommitConflictException($"Table '{identifier}' was created concurrently; load it instead.");
        return await OpenTableAsync(newLocation, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IcebergTable> LoadTableAsync(TableIdentifier identifier, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var location = await CurrentMetadataLocationAsync(identifier, cancellationToken).ConfigureAwait(false)
            ?? throw new TableNotFoundException($"Table '{identifier}' does not exist in catalog '{Name}'; create it first or check the name.");
        return await OpenTableAsync(location, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public virtual async Task<bool> TableExistsAsync(TableIdentifier identifier, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return await CurrentMetadataLocationAsync(identifier, cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <inheritdoc />
    public async Task<IcebergTable> CommitTableAsync(TableIdentifier identifier, IReadOnlyList<TableRequirement> requirements, IReadOnlyList<TableUpdate> updates, CancellationToken cancellationToken = default)
    {
        var (location, _) = await CommitAsync(identifier, requirements, updates, cancellationToken).ConfigureAwait(false);
        return await OpenTableAsync(location, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public virtual async ValueTask DisposeAsync()
    {
        await Io.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    internal virtual async Task<(string Location, TableMetadata Metadata)> CommitAsync(TableIdentifier identifier, IReadOnlyList<TableRequirement> requirements, IReadOnlyList<TableUpdate> updates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        ArgumentNullException.ThrowIfNull(requirements);
        ArgumentNullException.ThrowIfNull(updates);
        for (var attempt = 0; attempt < SwapAttempts; attempt++)
        {
            var current = await LoadMetadataAsync(identifier, cancellationToken).ConfigureAwait(false);
            foreach (var r in requirements)
            {
                r.Validate(current?.Metadata);
            }

            if (current is null)
            {
                throw new TableNotFoundException($"Table '{identifier}' does not exist in catalog '{Name}'; create it before committing to it.");
            }

            var next = TableMetadataBuilder.From(current.Value.Metadata, current.Value.Location).Apply(updates).Build();
            var location = await TrySwapAsync(identifier, current.Value.Location, current.Value.Metadata, next, cancellationToken).ConfigureAwait(false);
            if (location is not null)
            {
                return (location, next);
            }

            await Task.Delay(Random.Shared.Next(5, 20 * (attempt + 1)), cancellationToken).ConfigureAwait(false);
        }

        throw new CommitConflictException($"Commit to table '{identifier}' lost the race {SwapAttempts} times to concurrent writers; retry later.");
    }

    internal virtual async Task<(string Location, TableMetadata Metadata)?> LoadMetadataAsync(TableIdentifier identifier, CancellationToken cancellationToken)
    {
        var location = await CurrentMetadataLocationAsync(identifier, cancellationToken).ConfigureAwait(false);
        if (location is null)
        {
            return null;
        }

        var bytes = await Io.ReadAllAsync(location, cancellationToken).ConfigureAwait(false);
        return (location, TableMetadataParser.Parse(bytes, location));
    }

    internal Task<IcebergTable> OpenTableAsync(string metadataLocation, CancellationToken cancellationToken) =>
        IcebergTable.LoadAsync(metadataLocation, Io.Fork(), null, cancellationToken);

    internal static ReadOnlyMemory<byte> Serialize(TableMetadata metadata) => Encoding.UTF8.GetBytes(TableMetadataParser.Write(metadata));

    /// <summary>The default location of a new table.</summary>
    private protected string DefaultTableLocation(TableIdentifier identifier) =>
        Warehouse + "/" + string.Join('/', identifier.NamespaceLevels) + "/" + identifier.Name;

    /// <summary>The current metadata file of a table, or null when it does not exist.</summary>
    private protected abstract Task<string?> CurrentMetadataLocationAsync(TableIdentifier identifier, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="next"/> as a new metadata file and atomically points the table at it if its current
    /// metadata is still <paramref name="baseLocation"/> (null: the table must not exist); returns the new location,
    /// or null when another commit won.
    /// </summary>
    private protected abstract Task<string?> TrySwapAsync(TableIdentifier identifier, string? baseLocation, TableMetadata? baseMetadata, TableMetadata next, CancellationToken cancellationToken);
}
