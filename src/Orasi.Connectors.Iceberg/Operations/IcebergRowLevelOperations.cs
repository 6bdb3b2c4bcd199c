using Apache.Arrow;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Scan;
using Orasi.Connectors.Predicates;

namespace Orasi.Connectors.Iceberg.Operations;

/// <summary>
/// Row-level writes through a catalog: merge-on-read deletes (position delete files), upserts on the schema's
/// identifier fields (equality delete files or copy-on-write) and dynamic partition overwrite. Each is one atomic
/// snapshot; a concurrent commit makes them fail with <see cref="CommitConflictException"/> (they are not rebased).
/// </summary>
/// <example><code>
/// await catalog.DeleteAsync(id, Predicate.Parse("level = 'debug'"), RowLevelMode.MergeOnRead);
/// await catalog.UpdateSchemaAsync(id, s => s.SetIdentifierFields("id"));
/// await catalog.UpsertAsync(id, batches);
/// await catalog.ReplacePartitionsAsync(id, batches);
/// </code></example>
public static class IcebergRowLevelOperations
{
    /// <summary>Table property choosing how deletes are written: <c>copy-on-write</c> (default) or <c>merge-on-read</c>.</summary>
    public const string DeleteModeProperty = "write.delete.mode";

    /// <summary>Table property choosing how upserts are written (falls back to <see cref="UpdateModeProperty"/>).</summary>
    public const string UpsertModeProperty = "write.upsert.mode";

    /// <summary>Table property choosing how updates are written (<c>copy-on-write</c> or <c>merge-on-read</c>).</summary>
    public const string UpdateModeProperty = "write.update.mode";

    /// <summary>
    /// Deletes the rows matching <paramref name="filter"/>. Merge-on-read writes one position delete file per affected
    /// data file (a data file whose live rows all match is removed instead); copy-on-write rewrites the files.
    /// </summary>
    /// <exception cref="UnsupportedFeatureException">Merge-on-read was asked for on a format v1 table.</exception>
    /// <exception cref="CommitConflictException">The table changed concurrently; reload and retry.</exception>
    public static async Task<IcebergCommitResult> DeleteAsync(this IIcebergCatalog catalog, TableIdentifier identifier, Predicate filter, RowLevelMode mode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var c = IcebergOperations.Metastore(catalog);
        var (location, m) = await IcebergOperations.LoadAsync(c, identifier, cancellationToken).ConfigureAwait(false);
        var mergeOnRead = mode == RowLevelMode.MergeOnRead
            || (mode == RowLevelMode.TableDefault && IsMergeOnRead(m.Properties.GetValueOrDefault(DeleteModeProperty)));
        if (!mergeOnRead)
        {
            return await IcebergOperations.RewriteAsync(catalog, identifier, filter, null, "delete", cancellationToken).ConfigureAwait(false);
        }

        RequireV2(m, identifier);
        return await MergeOnReadDelete.RunAsync(c, identifier, location, m, filter, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Inserts or replaces rows by the schema's identifier fields: rows whose key exists are replaced, new keys are
    /// inserted. When a key repeats in the input, the last row wins.
    /// </summary>
    /// <exception cref="ValidationFailedException">The schema has no identifier fields, or the data lacks a key column.</exception>
    /// <exception cref="CommitConflictException">The table changed concurrently; reload and retry.</exception>
    public static Task<IcebergCommitResult> UpsertAsync(this IIcebergCatalog catalog, TableIdentifier identifier, IEnumerable<RecordBatch> batches, RowLevelMode mode = RowLevelMode.TableDefault, CancellationToken cancellationToken = default) =>
        UpsertAsync(catalog, identifier, IcebergOperations.ToAsync(batches, cancellationToken), mode, cancellationToken);

    /// <summary>Upserts rows from an async stream of batches (buffered in memory to resolve duplicate keys).</summary>
    /// <exception cref="ValidationFailedException">The schema has no identifier fields, or the data lacks a key column.</exception>
    /// <exception cref="CommitConflictException">The table changed concurrently; reload and retry.</exception>
    public static async Task<IcebergCommitResult> UpsertAsync(this IIcebergCatalog catalog, TableIdentifier identifier, IAsyncEnumerable<RecordBatch> batches, RowLevelMode mode = RowLevelMode.TableDefault, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var c = IcebergOperations.Metastore(catalog);
        var (location, m) = await IcebergOperations.LoadAsync(c, identifier, cancellationToken).ConfigureAwait(false);
        var property = m.Properties.GetValueOrDefault(UpsertModeProperty) ?? m.Properties.GetValueOrDefault(UpdateModeProperty);
        var mergeOnRead = mode switch
        {
            RowLevelMode.MergeOnRead => true,
            RowLevelMode.CopyOnWrite => false,
            _ => m.FormatVersion >= 2 && (property is null || IsMergeOnRead(property)),
        };
        if (mergeOnRead) RequireV2(m, identifier);
        return await UpsertOperation.RunAsync(c, identifier, location, m, batches, mergeOnRead, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Dynamic partition overwrite: removes every data file (and delete file) in the partitions of the default spec
    /// that <paramref name="batches"/> touch and adds the new files, in one "overwrite" snapshot. On an unpartitioned
    /// table this replaces all data.
    /// </summary>
    /// <exception cref="CommitConflictException">The table changed concurrently; reload and retry.</exception>
    public static Task<IcebergCommitResult> ReplacePartitionsAsync(this IIcebergCatalog catalog, TableIdentifier identifier, IEnumerable<RecordBatch> batches, CancellationToken cancellationToken = default) =>
        ReplacePartitionsAsync(catalog, identifier, IcebergOperations.ToAsync(batches, cancellationToken), cancellationToken);

    /// <summary>Dynamic partition overwrite from an async stream of batches.</summary>
    /// <exception cref="CommitConflictException">The table changed concurrently; reload and retry.</exception>
    public static async Task<IcebergCommitResult> ReplacePartitionsAsync(this IIcebergCatalog catalog, TableIdentifier identifier, IAsyncEnumerable<RecordBatch> batches, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var c = IcebergOperations.Metastore(catalog);
        var (location, m) = await IcebergOperations.LoadAsync(c, identifier, cancellationToken).ConfigureAwait(false);
        return await ReplacePartitionsOperation.RunAsync(c, identifier, location, m, batches, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Position delete files (and deletion vectors) of a task that reference only its data file.</summary>
    internal static IEnumerable<Spec.DataFile> OnlyReferencing(FileScanTask task) =>
        task.Deletes.Select(d => d.File).Where(d => d.Content == Spec.DataFileContent.PositionDeletes && !d.IsDeletionVector && d.ReferencedDataFile == task.File.FilePath);

    private static bool IsMergeOnRead(string? value) => string.Equals(value?.Trim(), "merge-on-read", StringComparison.OrdinalIgnoreCase);

    private static void RequireV2(Spec.TableMetadata m, TableIdentifier identifier)
    {
        if (m.FormatVersion != 2)
        {
            throw new UnsupportedFeatureException($"Table '{identifier}' is format v{m.FormatVersion}; merge-on-read delete files are written for v2 tables only, so use copy-on-write (RowLevelMode.CopyOnWrite).");
        }
    }
}
