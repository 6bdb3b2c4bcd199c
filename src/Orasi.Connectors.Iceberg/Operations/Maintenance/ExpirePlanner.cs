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
        ArgumentOutOfRangeException.ThrowIfLessThan(retainLast, 1);
        var (_, m) = await MaintenanceSupport.LoadAsync(catalog, identifier, cancellationToken).ConfigureAwait(false);
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

        var remove = m.Snapshots.Where(s => !keep.Contains(s.SnapshotId) && s.TimestampMs < cutoff).ToList();
        if (remove.Count == 0) return new IcebergExpirePlan([], []);
        var planner = MaintenanceSupport.Planner(catalog, m);
        var kept2 = await FilesAsync(planner, m.Snapshots.Where(s => !remove.Contains(s)), cancellationToken).ConfigureAwait(false);
        var removed = await FilesAsync(planner, remove, cancellationToken).ConfigureAwait(false);
        return new IcebergExpirePlan(remove.Select(s => s.SnapshotId).ToList(), removed.Where(f => !kept2.Contains(f)).Order(StringComparer.Ordinal).ToList());
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
                    if (e.Status != ManifestEntryStatus.Deleted) files.Add(e.DataFile.FilePath);
                }
            }
        }

        return files;
    }
}
