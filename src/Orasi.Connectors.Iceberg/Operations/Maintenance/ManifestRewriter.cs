using System.Globalization;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Operations.Maintenance;

/// <summary>
/// Regroups the data manifests of the current snapshot: per partition spec, live entries sorted by partition are
/// written as <c>EXISTING</c> (snapshot ids and sequence numbers kept) into manifests of about
/// <c>commit.manifest.target-size-bytes</c>; delete manifests are kept. One <c>replace</c> snapshot; redone from the
/// new state when a concurrent commit wins.
/// </summary>
internal static class ManifestRewriter
{
    public const string TargetSize = "commit.manifest.target-size-bytes";
    public const long DefaultTargetSize = 8L * 1024 * 1024;

    public static async Task<IcebergRewriteManifestsResult> RunAsync(MetastoreCatalog catalog, TableIdentifier identifier, long? targetSizeBytes, CancellationToken cancellationToken, Func<Task>? beforeFirstCommit = null)
    {
        if (targetSizeBytes is <= 0) throw new ValidationFailedException($"The manifest target size must be positive, got {targetSizeBytes}.");
        for (var attempt = 1; ; attempt++)
        {
            var (location, m) = await MaintenanceSupport.LoadAsync(catalog, identifier, cancellationToken).ConfigureAwait(false);
            var noop = new IcebergRewriteManifestsResult(new IcebergCommitResult(location, m));
            if (m.CurrentSnapshot is not { } snapshot) return noop;
            MaintenanceSupport.RequireWritable(m, identifier);
            var planner = MaintenanceSupport.Planner(catalog, m);
            var manifests = await planner.ReadManifestListAsync(snapshot, cancellationToken).ConfigureAwait(false);
            var data = manifests.Where(x => x.Content == ManifestContent.Data).ToList();
            var kept = manifests.Where(x => x.Content != ManifestContent.Data).ToList();
            var target = targetSizeBytes ?? MaintenanceSupport.LongProperty(m, TargetSize, DefaultTargetSize);
            if (data.Count == 0 || (data.Count == 1 && data[0].DeletedFilesCount is 0 && data[0].HasLiveFiles && data[0].ManifestLength <= target)) return noop;
            var snapshotId = SnapshotProducer.NewSnapshotId();
            var written = new List<string>();
            try
            {
                var created = new List<ManifestFile>();
                long processed = 0;
                foreach (var group in data.GroupBy(x => x.PartitionSpecId))
                {
                    var entries = new List<ManifestEntry>();
                    long totalEntries = 0;
                    foreach (var manifest in group)
                    {
                        var read = await planner.ReadManifestAsync(manifest, cancellationToken).ConfigureAwait(false);
                        totalEntries += read.Count;
                        entries.AddRange(read.Where(e => e.Status != ManifestEntryStatus.Deleted).Select(e => e with { Status = ManifestEntryStatus.Existing }));
                    }

                    if (entries.Count == 0) continue;
                    processed += entries.Count;
                    var spec = m.SpecById(group.Key < 0 ? m.DefaultSpecId : group.Key) ?? m.DefaultSpec;
                    var bytesPerEntry = Math.Max(1, group.Sum(x => x.ManifestLength) / Math.Max(1, totalEntries));
                    var perManifest = (int)Math.Clamp(target / bytesPerEntry, 1, int.MaxValue);
                    var sorted = entries.OrderBy(e => MaintenanceSupport.PartitionKey(spec.SpecId, e.DataFile.Partition), StringComparer.Ordinal)
                        .ThenBy(e => e.DataFile.FilePath, StringComparer.Ordinal).ToList();
                    foreach (var chunk in sorted.Chunk(perManifest))
                    {
                        var mf = await MaintenanceSupport.WriteManifestAsync(catalog.Io, m, spec, ManifestContent.Data, snapshotId, chunk, cancellationToken).ConfigureAwait(false);
                        written.Add(mf.ManifestPath);
                        created.Add(mf);
                    }
                }

                var result = created.Concat(kept).ToList();
                var summary = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["operation"] = "replace",
                    ["manifests-created"] = created.Count.ToString(CultureInfo.InvariantCulture),
                    ["manifests-replaced"] = data.Count.ToString(CultureInfo.InvariantCulture),
                    ["manifests-kept"] = kept.Count.ToString(CultureInfo.InvariantCulture),
                    ["entries-processed"] = processed.ToString(CultureInfo.InvariantCulture),
                    ["changed-partition-count"] = "0",
                };
                MaintenanceSupport.Totals(summary, snapshot, result, 0, 0, 0);
                if (attempt == 1 && beforeFirstCommit is not null) await beforeFirstCommit().ConfigureAwait(false); // tests: a concurrent commit lands here
                var (newLocation, next) = await MaintenanceSupport.CommitSnapshotAsync(catalog, identifier, m, snapshotId, attempt, result, summary, written, cancellationToken).ConfigureAwait(false);
                return new IcebergRewriteManifestsResult(new IcebergCommitResult(newLocation, next) { SnapshotId = snapshotId, Attempts = attempt })
                {
                    RewrittenManifests = data.Count,
                    AddedManifests = created.Count,
                    KeptManifests = kept.Count,
                    EntriesProcessed = processed,
                };
            }
            catch (CommitConflictException) when (attempt <= MaintenanceSupport.Retries(m))
            {
                await MaintenanceSupport.DeleteQuietlyAsync(catalog.Io, written).ConfigureAwait(false);
                await Task.Delay(Random.Shared.Next(1, Math.Min(200, 5 << Math.Min(attempt, 6))), cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await MaintenanceSupport.DeleteQuietlyAsync(catalog.Io, written).ConfigureAwait(false);
                throw;
            }
        }
    }
}
