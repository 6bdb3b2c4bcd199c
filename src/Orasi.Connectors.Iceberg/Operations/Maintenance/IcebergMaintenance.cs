using Orasi.Connectors.Iceberg.Catalog;

namespace Orasi.Connectors.Iceberg.Operations.Maintenance;

/// <summary>
/// Table maintenance through a catalog: bin-pack compaction of data files (deletes applied), removal of orphan files
/// and regrouping of manifests. Compaction and manifest rewrites commit one <c>replace</c> snapshot each, so time
/// travel to earlier snapshots keeps working until they are expired.
/// </summary>
/// <example><code>
/// await catalog.RewriteDataFilesAsync(id, new IcebergRewriteDataFilesOptions { MinInputFiles = 2 });
/// await catalog.ExpireSnapshotsAsync(id, DateTimeOffset.UtcNow.AddDays(-7));
/// var orphans = await catalog.RemoveOrphanFilesAsync(id, dryRun: true);
/// await catalog.RewriteManifestsAsync(id);
/// </code></example>
public static class IcebergMaintenance
{
    /// <summary>The default age below which unreferenced files are never treated as orphans (3 days).</summary>
    public static readonly TimeSpan DefaultOrphanFileAge = TimeSpan.FromDays(3);

    /// <summary>
    /// Compacts small data files per partition into files of about the target size (current partition spec and
    /// schema), applying position, equality and deletion-vector deletes, and drops delete files that no remaining data
    /// file needs. Commits one <c>replace</c> snapshot (or nothing when no partition needs compaction).
    /// </summary>
    /// <exception cref="CommitConflictException">A concurrent commit removed an input file, added deletes for one, or changed the schema or spec.</exception>
    /// <exception cref="UnsupportedFeatureException">The table is format v3 (read-only so far) or the catalog cannot commit.</exception>
    public static Task<IcebergRewriteDataFilesResult> RewriteDataFilesAsync(this IIcebergCatalog catalog, TableIdentifier identifier, IcebergRewriteDataFilesOptions? options = null, CancellationToken cancellationToken = default) =>
        DataFileCompactor.RunAsync(MaintenanceSupport.Metastore(catalog), identifier, options ?? new IcebergRewriteDataFilesOptions(), cancellationToken);

    /// <summary>
    /// Lists every file under the table location (and <c>write.data.path</c> / <c>write.metadata.path</c> if set) and
    /// deletes those last modified before <paramref name="olderThan"/> (default: 3 days ago) that no metadata file in
    /// the table's metadata log references through any snapshot. Locations are compared normalized
    /// (<c>file:/</c>, <c>file:///</c> and bare paths alike; <c>s3a://</c> as <c>s3://</c>).
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="identifier">The table.</param>
    /// <param name="olderThan">Only files older than this are removed; null: now minus <see cref="DefaultOrphanFileAge"/>.</param>
    /// <param name="dryRun">True: list the orphans without deleting them.</param>
    /// <param name="cancellationToken">Cancels the listing and deletes.</param>
    public static Task<IcebergOrphanFilesResult> RemoveOrphanFilesAsync(this IIcebergCatalog catalog, TableIdentifier identifier, DateTimeOffset? olderThan = null, bool dryRun = false, CancellationToken cancellationToken = default) =>
        OrphanFileRemover.RunAsync(MaintenanceSupport.Metastore(catalog), identifier, olderThan ?? DateTimeOffset.UtcNow - DefaultOrphanFileAge, dryRun, cancellationToken);

    /// <summary>
    /// Regroups the current snapshot's data manifests per partition spec into manifests of about
    /// <paramref name="targetSizeBytes"/> (default: <c>commit.manifest.target-size-bytes</c>, else 8 MiB), entries
    /// clustered by partition with their snapshot ids and sequence numbers kept; delete manifests are kept as they are.
    /// </summary>
    public static Task<IcebergRewriteManifestsResult> RewriteManifestsAsync(this IIcebergCatalog catalog, TableIdentifier identifier, long? targetSizeBytes = null, CancellationToken cancellationToken = default) =>
        ManifestRewriter.RunAsync(MaintenanceSupport.Metastore(catalog), identifier, targetSizeBytes, cancellationToken);

    /// <summary>
    /// Computes what <see cref="IcebergOperations.ExpireSnapshotsAsync"/> with the same arguments would expire and
    /// delete, without committing or deleting anything (a dry run).
    /// </summary>
    public static Task<IcebergExpirePlan> PlanExpireSnapshotsAsync(this IIcebergCatalog catalog, TableIdentifier identifier, DateTimeOffset olderThan, int retainLast = 1, CancellationToken cancellationToken = default) =>
        ExpirePlanner.PlanAsync(MaintenanceSupport.Metastore(catalog), identifier, olderThan, retainLast, cancellationToken);
}
