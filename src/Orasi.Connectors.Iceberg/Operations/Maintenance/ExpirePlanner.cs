using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Scan;
using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Operations.Maintenance;

/// <summary>
/// Dry run of snapshot expiry, with the same selection as <see cref="IcebergOperations.ExpireSnapshotsAsync"/>: every
/// ref's snapshot is kept, and each branch keeps at least <c>retainLast</c> (or its <c>min-snapshots-to-keep</c>)
/// ancestors plus all ancestors newer than the cutoff.
/// </summary>
internal static class ExpirePlanner
{
    public static async Task<IcebergExpirePlan> PlanAsync(MetastoreCatalog catalog, TableIdentifier identifier, DateTimeOffset olderThan, int retainLast, CancellationToken cancellationToken)
    {
        var (_, m) = await MaintenanceSupport.LoadAsync(catalog, identifier, cancellationToken).ConfigureAwait(false);
        var remove = SnapshotsToRemove(m, olderThan, retainLast);
        if (remove.Count == 0) return new IcebergExpirePlan([], []);
        var planner = MaintenanceSupport.Planner(catalog, m);
        var files = await FilesOnlyInAsync(planner, remove, m.Snapshots.Where(s => !remove.Contains(s)), cancellationToken).ConfigureAwait(false);
        return new IcebergExpirePlan(remove.Select(s => s.SnapshotId).ToList(), files.Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>The snapshots older than <paramref name="olderThan"/> that no ref needs.</summary>
    public static List<Snapshot> SnapshotsToRemove(TableMetadata m, DateTimeOffset olderThan, int retainLast)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retainLast, 1);
        var cutoff = olderThan.ToUnixTimeMilliseconds();
        var keep = new HashSet<long>();
        var refs = new Dictionary<string, SnapshotRef>(m.Refs);
        if (m.CurrentSnapshotId is { } cur && !refs.ContainsKey("main")) refs["main"] = new SnapshotRef(cur, "branch");
        foreach (var r in refs.Values)
        {
            keep.Add(r.SnapshotId);
            if (!r.IsBranch) continue;
            var kept = 1;
            var s = m.SnapshotById(r.SnapshotId);
            while (s?.ParentSnapshotId is { } p && m.SnapshotById(p) is { } parent)
            {
                if (kept < (r.MinSnapshotsToKeep ?? retainLast) || parent.TimestampMs >= cutoff)
                {
                    keep.Add(parent.SnapshotId);
                    kept++;
                }

                s = parent;
            }
        }

        return m.Snapshots.Where(s => !keep.Contains(s.SnapshotId) && s.TimestampMs < cutoff).ToList();
    }

    /// <summary>
    /// The manifest lists, manifests and data/delete files that <paramref name="removed"/> snapshots reference and
    /// <paramref name="kept"/> snapshots do not.
    /// </summary>
    public static async Task<List<string>> FilesOnlyInAsync(ScanPlanner planner, IEnumerable<Snapshot> removed, IEnumerable<Snapshot> kept, CancellationToken cancellationToken)
    {
        var keptFiles = await FilesAsync(planner, kept, cancellationToken).ConfigureAwait(false);
        var removedFiles = await FilesAsync(planner, removed, cancellationToken).ConfigureAwait(false);
        return removedFiles.Where(f => !keptFiles.Contains(f)).ToList();
    }

    private static async Task<HashSet<string>> FilesAsync(ScanPlanner planner, IEnumerable<Snapshot> snapshots, CancellationToken cancellationToken)
    {
        var files = new HashSet<string>(StringComparer.Ordinal);
        var manifests = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in snapshots)
        {
            if (s.ManifestList is { } l) files.Add(l);
            foreach (var mf in await planner.ReadManifestListAsync(s, cancellationToken).ConfigureAwait(false))
            {
                files.Add(mf.ManifestPath);
                if (!manifests.Add(mf.ManifestPath)) continue;
                foreach (var e in await planner.ReadManifestAsync(mf, cancellationToken).ConfigureAwait(false))
                {
                    // A deleted entry records that the snapshot no longer has the file: it does not keep the file alive.
                    if (e.Status != ManifestEntryStatus.Deleted) files.Add(e.DataFile.FilePath);
                }
            }
        }

        return files;
    }
}
