using System.Runtime.CompilerServices;
using Apache.Arrow;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.IO;
using Orasi.Connectors.Iceberg.Scan;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Iceberg.Transactions;
using Orasi.Connectors.Predicates;

namespace Orasi.Connectors.Iceberg.Operations;

/// <summary>
/// Table operations through a catalog: fast append, copy-on-write overwrite and delete, schema and partition
/// evolution, properties, branches and tags, rollback and snapshot expiry. Every operation is one atomic commit.
/// </summary>
/// <example><code>
/// await catalog.AppendAsync(id, batches);
/// await catalog.DeleteAsync(id, Predicate.Parse("level = 'debug'"));
/// await catalog.UpdateSchemaAsync(id, s => s.AddColumn("region", PrimitiveType.String));
/// </code></example>
public static class IcebergOperations
{
    /// <summary>Appends rows (columns matched to the table schema by name) as new data files in one snapshot.</summary>
    /// <exception cref="ValidationFailedException">A column is missing, unknown or of the wrong type.</exception>
    /// <exception cref="CommitConflictException">Concurrent commits kept winning beyond the retry budget.</exception>
    public static Task<IcebergCommitResult> AppendAsync(this IIcebergCatalog catalog, TableIdentifier identifier, IEnumerable<RecordBatch> batches, CancellationToken cancellationToken = default) =>
        AppendAsync(catalog, identifier, ToAsync(batches), cancellationToken);

    /// <summary>Appends rows from an async stream of batches in one snapshot.</summary>
    public static async Task<IcebergCommitResult> AppendAsync(this IIcebergCatalog catalog, TableIdentifier identifier, IAsyncEnumerable<RecordBatch> batches, CancellationToken cancellationToken = default)
    {
        var c = Metastore(catalog);
        var (_, metadata) = await LoadAsync(c, identifier, cancellationToken).ConfigureAwait(false);
        var files = await WriteFilesAsync(c.Io, metadata, batches, cancellationToken).ConfigureAwait(false);
        return await new SnapshotProducer(c, identifier, "append", files, []).CommitAsync(metadata, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Appends rows in one snapshot whose summary carries <see cref="IcebergAppendOptions.SummaryProperties"/>, after
    /// <see cref="IcebergAppendOptions.Validate"/> accepted the table state of each commit attempt.
    /// </summary>
    /// <exception cref="ValidationFailedException">A column is missing, unknown or of the wrong type.</exception>
    /// <exception cref="CommitConflictException">Concurrent commits kept winning beyond the retry budget, or the validation rejected the table state.</exception>
    public static async Task<IcebergCommitResult> AppendAsync(this IIcebergCatalog catalog, TableIdentifier identifier, IEnumerable<RecordBatch> batches, IcebergAppendOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var c = Metastore(catalog);
        var (_, metadata) = await LoadAsync(c, identifier, cancellationToken).ConfigureAwait(false);
        var files = await WriteFilesAsync(c.Io, metadata, ToAsync(batches), cancellationToken).ConfigureAwait(false);
        var producer = new SnapshotProducer(c, identifier, "append", files, []) { SummaryProperties = options.SummaryProperties, Validate = options.Validate };
        return await producer.CommitAsync(metadata, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Replaces the rows matching <paramref name="filter"/> (null: all rows) with <paramref name="batches"/>, copy-on-write:
    /// files whose rows all match are removed, files with some matching rows are rewritten without them.
    /// </summary>
    /// <exception cref="CommitConflictException">The table changed concurrently; reload and retry.</exception>
    public static Task<IcebergCommitResult> OverwriteAsync(this IIcebergCatalog catalog, TableIdentifier identifier, Predicate? filter, IEnumerable<RecordBatch> batches, CancellationToken cancellationToken = default) =>
        RewriteAsync(catalog, identifier, filter, ToAsync(batches), "overwrite", cancellationToken);

    /// <summary>
    /// Deletes the rows matching <paramref name="filter"/>: copy-on-write by default, merge-on-read (position delete
    /// files) when the table property <c>write.delete.mode</c> is <c>merge-on-read</c>.
    /// </summary>
    /// <exception cref="CommitConflictException">The table changed concurrently; reload and retry.</exception>
    public static Task<IcebergCommitResult> DeleteAsync(this IIcebergCatalog catalog, TableIdentifier identifier, Predicate filter, CancellationToken cancellationToken = default) =>
        IcebergRowLevelOperations.DeleteAsync(catalog, identifier, filter, RowLevelMode.TableDefault, cancellationToken);

    /// <summary>
    /// Replaces the table's default sort order (<see cref="SortOrderUpdate"/>; no fields: unsorted). Data files are not
    /// rewritten.
    /// </summary>
    /// <exception cref="ValidationFailedException">A sort column does not exist or a transform does not apply to it.</exception>
    /// <exception cref="CommitConflictException">The sort order or schema changed concurrently; retry.</exception>
    public static async Task<IcebergCommitResult> ReplaceSortOrderAsync(this IIcebergCatalog catalog, TableIdentifier identifier, Action<SortOrderUpdate> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var c = Metastore(catalog);
        var (_, m) = await LoadAsync(c, identifier, cancellationToken).ConfigureAwait(false);
        var update = new SortOrderUpdate(m.CurrentSchema);
        change(update);
        return await CommitAsync(c, identifier,
            [new TableRequirement.AssertCurrentSchemaId(m.CurrentSchemaId), new TableRequirement.AssertDefaultSortOrderId(m.DefaultSortOrderId)],
            [new TableUpdate.AddSortOrder(update.Build()), new TableUpdate.SetDefaultSortOrder(-1)],
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Evolves the schema; the new schema becomes current.</summary>
    public static async Task<IcebergCommitResult> UpdateSchemaAsync(this IIcebergCatalog catalog, TableIdentifier identifier, Action<SchemaUpdate> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var c = Metastore(catalog);
        var (_, m) = await LoadAsync(c, identifier, cancellationToken).ConfigureAwait(false);
        var update = new SchemaUpdate(m.CurrentSchema, m.LastColumnId, m.DefaultSpec);
        change(update);
        var schema = update.Build();
        return await CommitAsync(c, identifier,
            [new TableRequirement.AssertCurrentSchemaId(m.CurrentSchemaId), new TableRequirement.AssertLastAssignedFieldId(m.LastColumnId)],
            [new TableUpdate.AddSchema(new IcebergSchema(m.Schemas.Max(s => s.SchemaId) + 1, schema.Fields, schema.IdentifierFieldIds), update.LastColumnId), new TableUpdate.SetCurrentSchema(-1)],
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Evolves the partition spec; the new spec becomes the default for new data.</summary>
    public static async Task<IcebergCommitResult> UpdateSpecAsync(this IIcebergCatalog catalog, TableIdentifier identifier, Action<PartitionSpecUpdate> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var c = Metastore(catalog);
        var (_, m) = await LoadAsync(c, identifier, cancellationToken).ConfigureAwait(false);
        var update = new PartitionSpecUpdate(m.CurrentSchema, m.DefaultSpec, m.LastPartitionId, m.FormatVersion);
        change(update);
        return await CommitAsync(c, identifier,
            [new TableRequirement.AssertDefaultSpecId(m.DefaultSpecId), new TableRequirement.AssertLastAssignedPartitionId(m.LastPartitionId)],
            [new TableUpdate.AddSpec(update.Build()), new TableUpdate.SetDefaultSpec(-1)],
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets and removes table properties.</summary>
    public static Task<IcebergCommitResult> UpdatePropertiesAsync(this IIcebergCatalog catalog, TableIdentifier identifier, IReadOnlyDictionary<string, string>? set, IReadOnlyList<string>? remove = null, CancellationToken cancellationToken = default)
    {
        var updates = new List<TableUpdate>();
        if (set is { Count: > 0 }) updates.Add(new TableUpdate.SetProperties(set));
        if (remove is { Count: > 0 }) updates.Add(new TableUpdate.RemoveProperties(remove));
        return CommitAsync(Metastore(catalog), identifier, [], updates, cancellationToken);
    }

    /// <summary>Creates or moves a tag to a snapshot (default: the current snapshot).</summary>
    public static Task<IcebergCommitResult> SetTagAsync(this IIcebergCatalog catalog, TableIdentifier identifier, string name, long? snapshotId = null, CancellationToken cancellationToken = default) =>
        SetRefAsync(catalog, identifier, name, "tag", snapshotId, cancellationToken);

    /// <summary>Creates or moves a branch to a snapshot (default: the current snapshot).</summary>
    public static Task<IcebergCommitResult> SetBranchAsync(this IIcebergCatalog catalog, TableIdentifier identifier, string name, long? snapshotId = null, CancellationToken cancellationToken = default) =>
        SetRefAsync(catalog, identifier, name, "branch", snapshotId, cancellationToken);

    /// <summary>Removes a branch or tag.</summary>
    public static Task<IcebergCommitResult> RemoveRefAsync(this IIcebergCatalog catalog, TableIdentifier identifier, string name, CancellationToken cancellationToken = default) =>
        CommitAsync(Metastore(catalog), identifier, [], [new TableUpdate.RemoveSnapshotRef(name)], cancellationToken);

    /// <summary>Sets the current snapshot (<c>main</c>) back to an older snapshot.</summary>
    /// <exception cref="ValidationFailedException">The snapshot does not exist.</exception>
    public static async Task<IcebergCommitResult> RollbackToAsync(this IIcebergCatalog catalog, TableIdentifier identifier, long snapshotId, CancellationToken cancellationToken = default)
    {
        var c = Metastore(catalog);
        var (_, m) = await LoadAsync(c, identifier, cancellationToken).ConfigureAwait(false);
        if (m.SnapshotById(snapshotId) is null) throw new ValidationFailedException($"Snapshot {snapshotId} does not exist in table '{identifier}'; list the snapshots to pick one.");
        return await CommitAsync(c, identifier,
            [new TableRequirement.AssertRefSnapshotId("main", m.CurrentSnapshotId)],
            [new TableUpdate.SetSnapshotRef("main", new SnapshotRef(snapshotId, "branch"))],
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes snapshots older than <paramref name="olderThan"/> that no ref needs (each branch keeps its head and at
    /// least <paramref name="retainLast"/> ancestors), then deletes manifest lists, manifests and data files that only
    /// removed snapshots referenced.
    /// </summary>
    public static async Task<IcebergCommitResult> ExpireSnapshotsAsync(this IIcebergCatalog catalog, TableIdentifier identifier, DateTimeOffset olderThan, int retainLast = 1, CancellationToken cancellationToken = default)
    {
        var c = Metastore(catalog);
        var (location, m) = await LoadAsync(c, identifier, cancellationToken).ConfigureAwait(false);
        var remove = Maintenance.ExpirePlanner.SnapshotsToRemove(m, olderThan, retainLast);
        if (remove.Count == 0)
        {
            return new IcebergCommitResult(location, m);
        }

        var result = await CommitAsync(c, identifier, [], [new TableUpdate.RemoveSnapshots(remove.Select(s => s.SnapshotId).ToList())], cancellationToken).ConfigureAwait(false);
        var planner = new ScanPlanner(m, c.Io, new PathResolver(m.Location, m.Location, null));
        var purge = await Maintenance.ExpirePlanner.FilesOnlyInAsync(planner, remove, result.Metadata.Snapshots, cancellationToken).ConfigureAwait(false);
        foreach (var f in purge)
        {
            await c.Io.DeleteAsync(f, cancellationToken).ConfigureAwait(false);
        }

        return result with { PurgedFiles = purge };
    }

    internal static async Task<IcebergCommitResult> RewriteAsync(IIcebergCatalog catalog, TableIdentifier identifier, Predicate? filter, IAsyncEnumerable<RecordBatch>? batches, string operation, CancellationToken cancellationToken)
    {
        var c = Metastore(catalog);
        var (location, m) = await LoadAsync(c, identifier, cancellationToken).ConfigureAwait(false);
        var added = new List<DataFile>();
        var deleted = new List<DataFile>();
        var deletedDeletes = new List<DataFile>();
        if (m.CurrentSnapshot is { } snapshot)
        {
            var schema = m.CurrentSchema;
            filter?.Validate(schema.ToArrowSchema());
            var paths = new PathResolver(m.Location, m.Location, null);
            var planner = new ScanPlanner(m, c.Io, paths);
            var tasks = await planner.PlanAsync(snapshot, schema, filter, cancellationToken).ConfigureAwait(false);
            var reader = new TaskReader(schema, c.Io, paths, NameMapping.FromProperties(m.Properties));
            await using var writer = new DataFileWriter(c.Io, m);
            foreach (var task in tasks)
            {
                if (filter is null)
                {
                    deleted.Add(task.File);
                    deletedDeletes.AddRange(IcebergRowLevelOperations.OnlyReferencing(task));
                    continue;
                }

                var keep = new List<RecordBatch>();
                long matched = 0;
                await foreach (var batch in reader.ReadAsync(task, schema.Fields, null, 65_536, cancellationToken).ConfigureAwait(false))
                {
                    var result = filter.Evaluate(batch);
                    var mask = result.Select(r => r != true).ToArray();
                    matched += mask.Count(k => !k);
                    keep.Add(BatchMask.Apply(batch, mask));
                }

                if (matched == 0) continue;
                deleted.Add(task.File);
                deletedDeletes.AddRange(IcebergRowLevelOperations.OnlyReferencing(task));
                foreach (var b in keep.Where(b => b.Length > 0))
                {
                    await writer.WriteAsync(b, cancellationToken).ConfigureAwait(false);
                }
            }

            added.AddRange(await writer.CompleteAsync(cancellationToken).ConfigureAwait(false));
        }

        if (batches is not null)
        {
            added.AddRange(await WriteFilesAsync(c.Io, m, batches, cancellationToken).ConfigureAwait(false));
        }

        if (added.Count == 0 && deleted.Count == 0)
        {
            return new IcebergCommitResult(location, m);
        }

        return await new SnapshotProducer(c, identifier, operation == "overwrite" && deleted.Count == 0 ? "append" : operation == "delete" && added.Count > 0 ? "overwrite" : operation, added, deleted)
            {
                RemovedDeleteFiles = deletedDeletes.DistinctBy(d => d.FilePath).ToList(),
            }
            .CommitAsync(m, cancellationToken, retryAppend: false).ConfigureAwait(false);
    }

    private static async Task<IcebergCommitResult> SetRefAsync(IIcebergCatalog catalog, TableIdentifier identifier, string name, string type, long? snapshotId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var c = Metastore(catalog);
        var (_, m) = await LoadAsync(c, identifier, cancellationToken).ConfigureAwait(false);
        var id = snapshotId ?? m.CurrentSnapshotId ?? throw new ValidationFailedException($"Table '{identifier}' has no snapshot yet; write data before creating {type} '{name}'.");
        return await CommitAsync(c, identifier, [], [new TableUpdate.SetSnapshotRef(name, new SnapshotRef(id, type))], cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IcebergCommitResult> CommitAsync(MetastoreCatalog catalog, TableIdentifier identifier, IReadOnlyList<TableRequirement> requirements, IReadOnlyList<TableUpdate> updates, CancellationToken cancellationToken)
    {
        var (location, metadata) = await catalog.CommitAsync(identifier, requirements, updates, cancellationToken).ConfigureAwait(false);
        return new IcebergCommitResult(location, metadata);
    }

    internal static async Task<IReadOnlyList<DataFile>> WriteFilesAsync(IcebergFileIO io, TableMetadata metadata, IAsyncEnumerable<RecordBatch> batches, CancellationToken cancellationToken)
    {
        await using var writer = new DataFileWriter(io, metadata);
        await foreach (var batch in batches.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        return await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<(string Location, TableMetadata Metadata)> LoadAsync(MetastoreCatalog catalog, TableIdentifier identifier, CancellationToken cancellationToken) =>
        await catalog.LoadMetadataAsync(identifier, cancellationToken).ConfigureAwait(false)
        ?? throw new TableNotFoundException($"Table '{identifier}' does not exist in catalog '{catalog.Name}'; create it first.");

    internal static MetastoreCatalog Metastore(IIcebergCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog as MetastoreCatalog ?? throw new UnsupportedFeatureException($"Catalog '{catalog.Name}' ({catalog.GetType().Name}) does not support Orasi's write operations; use FileSystemCatalog or SqlCatalog.");
    }

    internal static async IAsyncEnumerable<RecordBatch> ToAsync(IEnumerable<RecordBatch> batches, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        foreach (var b in batches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return b;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
