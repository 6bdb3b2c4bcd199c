using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.IO;
using Orasi.Connectors.Iceberg.Scan;
using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Operations.Maintenance;

/// <summary>
/// Finds files under the table's locations that no metadata file of the table (the current one and every one in its
/// metadata log) references through any snapshot — manifest lists, manifests, data and delete files, statistics — and
/// deletes those older than a cutoff (young files may belong to a commit in flight).
/// </summary>
internal static class OrphanFileRemover
{
    public static async Task<IcebergOrphanFilesResult> RunAsync(MetastoreCatalog catalog, TableIdentifier identifier, DateTimeOffset olderThan, bool dryRun, CancellationToken cancellationToken)
    {
        var (location, m) = await MaintenanceSupport.LoadAsync(catalog, identifier, cancellationToken).ConfigureAwait(false);
        var reachable = await ReachableAsync(catalog.Io, location, m, cancellationToken).ConfigureAwait(false);
        var roots = new List<string> { m.Location };
        foreach (var key in new[] { "write.data.path", "write.metadata.path", "write.object-storage.path", "write.folder-storage.path" })
        {
            if (m.Properties.TryGetValue(key, out var extra) && !string.IsNullOrWhiteSpace(extra)) roots.Add(extra);
        }

        var normalizedRoots = roots.Select(r => LocationNormalizer.Normalize(r).TrimEnd('/') + "/").Distinct(StringComparer.Ordinal).ToList();
        // Skip a root nested in another root: its files are listed already.
        var listRoots = roots.Where((r, i) => !normalizedRoots.Where((o, j) => j != i).Any(o => LocationNormalizer.Normalize(r).TrimEnd('/').StartsWith(o, StringComparison.Ordinal)))
            .DistinctBy(r => LocationNormalizer.Normalize(r).TrimEnd('/'), StringComparer.Ordinal).ToList();
        var orphans = new List<(string Location, long Size)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in listRoots)
        {
            var dir = root.TrimEnd('/') + "/";
            var (store, key) = catalog.Io.Locate(dir);
            await foreach (var item in store.ListAsync(key, cancellationToken).ConfigureAwait(false))
            {
                var fileLocation = dir + item.Path[key.Length..];
                var normalized = LocationNormalizer.Normalize(fileLocation);
                if (!seen.Add(normalized) || reachable.Contains(normalized) || item.LastModified >= olderThan) continue;
                orphans.Add((fileLocation, item.Size));
            }
        }

        orphans.Sort((a, b) => string.CompareOrdinal(a.Location, b.Location));
        if (!dryRun)
        {
            foreach (var (file, _) in orphans)
            {
                await catalog.Io.DeleteAsync(file, cancellationToken).ConfigureAwait(false);
            }
        }

        return new IcebergOrphanFilesResult(orphans.Select(o => o.Location).ToList(), orphans.Sum(o => o.Size), dryRun, reachable.Count);
    }

    /// <summary>Every file any retained metadata file references, normalized with <see cref="LocationNormalizer"/>.</summary>
    internal static async Task<HashSet<string>> ReachableAsync(IcebergFileIO io, string metadataLocation, TableMetadata current, CancellationToken cancellationToken)
    {
        var reachable = new HashSet<string>(StringComparer.Ordinal);
        var paths = new PathResolver(current.Location, current.Location, null);
        void Add(string location) => reachable.Add(LocationNormalizer.Normalize(paths.Resolve(location)));
        Add(metadataLocation);
        Add(current.Location.TrimEnd('/') + "/metadata/version-hint.text");
        var versions = new List<TableMetadata> { current };
        foreach (var entry in current.MetadataLog)
        {
            Add(entry.MetadataFile);
            var file = paths.Resolve(entry.MetadataFile);
            if (!await io.ExistsAsync(file, cancellationToken).ConfigureAwait(false)) continue;
            versions.Add(TableMetadataParser.Parse(await io.ReadAllAsync(file, cancellationToken).ConfigureAwait(false), file));
        }

        var visitedSnapshots = new HashSet<string>(StringComparer.Ordinal);
        var visitedManifests = new HashSet<string>(StringComparer.Ordinal);
        foreach (var metadata in versions)
        {
            foreach (var s in metadata.Statistics) Add(s.StatisticsPath);
            foreach (var s in metadata.PartitionStatistics) Add(s.StatisticsPath);
            var planner = new ScanPlanner(metadata, io, paths);
            foreach (var snapshot in metadata.Snapshots)
            {
                var key = snapshot.ManifestList ?? string.Join('\n', snapshot.Manifests ?? []);
                if (!visitedSnapshots.Add(key)) continue;
                if (snapshot.ManifestList is { } list) Add(list);
                try
                {
                    foreach (var manifest in await planner.ReadManifestListAsync(snapshot, cancellationToken).ConfigureAwait(false))
                    {
                        Add(manifest.ManifestPath);
                        if (!visitedManifests.Add(manifest.ManifestPath)) continue;
                        foreach (var e in await planner.ReadManifestAsync(manifest, cancellationToken).ConfigureAwait(false))
                        {
                            // Deleted entries do not keep a file: some snapshot that still has it lists it as live.
                            if (e.Status != ManifestEntryStatus.Deleted) Add(e.DataFile.FilePath);
                        }
                    }
                }
                catch (CorruptDataException) when (!ReferenceEquals(metadata, current) && current.SnapshotById(snapshot.SnapshotId) is null)
                {
                    // A snapshot only older metadata knows was expired and its files purged; nothing more is reachable through it.
                }
            }
        }

        return reachable;
    }
}
