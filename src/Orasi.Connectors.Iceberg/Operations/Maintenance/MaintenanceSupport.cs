using System.Globalization;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.IO;
using Orasi.Connectors.Iceberg.Scan;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Iceberg.Transactions;

namespace Orasi.Connectors.Iceberg.Operations.Maintenance;

/// <summary>Shared plumbing of the maintenance operations: loading, manifest writing and committing a "replace" snapshot.</summary>
internal static class MaintenanceSupport
{
    public static MetastoreCatalog Metastore(IIcebergCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog as MetastoreCatalog ?? throw new UnsupportedFeatureException($"Catalog '{catalog.Name}' ({catalog.GetType().Name}) does not support Orasi's maintenance operations; use FileSystemCatalog or SqlCatalog.");
    }

    public static async Task<(string Location, TableMetadata Metadata)> LoadAsync(MetastoreCatalog catalog, TableIdentifier identifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return await catalog.LoadMetadataAsync(identifier, cancellationToken).ConfigureAwait(false)
            ?? throw new TableNotFoundException($"Table '{identifier}' does not exist in catalog '{catalog.Name}'; create it first.");
    }

    public static ScanPlanner Planner(MetastoreCatalog catalog, TableMetadata metadata) =>
        new(metadata, catalog.Io, Paths(metadata));

    public static PathResolver Paths(TableMetadata metadata) => new(metadata.Location, metadata.Location, null);

    public static void RequireWritable(TableMetadata metadata, TableIdentifier identifier)
    {
        if (metadata.FormatVersion > 2)
        {
            throw new UnsupportedFeatureException($"Maintenance of format v{metadata.FormatVersion} table '{identifier}' is not supported yet; it works on v1 and v2 tables.");
        }
    }

    public static long LongProperty(TableMetadata metadata, string key, long fallback) =>
        metadata.Properties.TryGetValue(key, out var v) && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : fallback;

    public static int Retries(TableMetadata metadata) => (int)Math.Min(1000, LongProperty(metadata, SnapshotProducer.CommitRetries, 4));

    /// <summary>A key that identifies a partition tuple of a spec.</summary>
    public static string PartitionKey(int specId, IReadOnlyList<object?> partition) =>
        specId.ToString(CultureInfo.InvariantCulture) + "\u0002" + string.Join('\u0001', partition.Select(p => p switch
        {
            null => "\u0000",
            byte[] b => Convert.ToHexString(b),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => p.ToString(),
        }));

    public static async Task<ManifestFile> WriteManifestAsync(IcebergFileIO io, TableMetadata metadata, PartitionSpec spec, ManifestContent content, long snapshotId, IReadOnlyList<ManifestEntry> entries, CancellationToken cancellationToken)
    {
        var location = $"{metadata.Location.TrimEnd('/')}/metadata/{Guid.NewGuid()}-m0.avro";
        var schema = metadata.CurrentSchema;
        var bytes = ManifestWriter.WriteManifest(metadata.FormatVersion, schema, spec, content, entries);
        await io.PutAsync(location, bytes, cancellationToken).ConfigureAwait(false);
        return ManifestWriter.Describe(location, bytes.Length, schema, spec, content, snapshotId, entries);
    }

    /// <summary>
    /// Carries the parent's manifests over, rewriting those that hold a file of <paramref name="removed"/> (data or
    /// delete files, by path) with that entry marked deleted. Throws <see cref="CommitConflictException"/> when a
    /// removed file is no longer live (a concurrent commit removed it).
    /// </summary>
    public static async Task<List<ManifestFile>> CarryOverAsync(MetastoreCatalog catalog, TableIdentifier identifier, TableMetadata metadata, long snapshotId, IReadOnlySet<string> removed, List<string> written, CancellationToken cancellationToken)
    {
        var parent = metadata.CurrentSnapshot;
        var result = new List<ManifestFile>();
        if (parent is null)
        {
            return result;
        }

        var planner = Planner(catalog, metadata);
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in await planner.ReadManifestListAsync(parent, cancellationToken).ConfigureAwait(false))
        {
            if (removed.Count > 0 && m.HasLiveFiles)
            {
                var entries = await planner.ReadManifestAsync(m, cancellationToken).ConfigureAwait(false);
                if (ManifestEntryRemoval.MarkRemoved(entries, removed, snapshotId, found) is { } rewritten)
                {
                    var spec = metadata.SpecById(m.PartitionSpecId) ?? metadata.DefaultSpec;
                    var mf = await WriteManifestAsync(catalog.Io, metadata, spec, m.Content, snapshotId, rewritten, cancellationToken).ConfigureAwait(false);
                    written.Add(mf.ManifestPath);
                    if (mf.HasLiveFiles || mf.DeletedFilesCount > 0) result.Add(mf);
                    continue;
                }
            }

            if (m.HasLiveFiles)
            {
                result.Add(m);
            }
        }

        if (found.Count != removed.Count)
        {
            throw new CommitConflictException($"Files of table '{identifier}' that this maintenance operation replaces were removed by a concurrent commit; run it again.");
        }

        return result;
    }

    /// <summary>Writes the manifest list and commits a snapshot on top of the current one (fails on any concurrent commit).</summary>
    public static async Task<(string Location, TableMetadata Metadata)> CommitSnapshotAsync(MetastoreCatalog catalog, TableIdentifier identifier, TableMetadata metadata, long snapshotId, int attempt, IReadOnlyList<ManifestFile> manifests, Dictionary<string, string> summary, List<string> written, CancellationToken cancellationToken)
    {
        var parent = metadata.CurrentSnapshot;
        var sequenceNumber = metadata.FormatVersion >= 2 ? metadata.LastSequenceNumber + 1 : 0;
        var listLocation = $"{metadata.Location.TrimEnd('/')}/metadata/snap-{snapshotId.ToString(CultureInfo.InvariantCulture)}-{attempt.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid()}.avro";
        var listBytes = ManifestWriter.WriteManifestList(metadata.FormatVersion, snapshotId, parent?.SnapshotId, sequenceNumber, manifests);
        await catalog.Io.PutAsync(listLocation, listBytes, cancellationToken).ConfigureAwait(false);
        written.Add(listLocation);
        var snapshot = new Snapshot(snapshotId, Math.Max(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), metadata.LastUpdatedMs))
        {
            ParentSnapshotId = parent?.SnapshotId,
            SequenceNumber = sequenceNumber,
            ManifestList = listLocation,
            Summary = summary,
            SchemaId = metadata.CurrentSchemaId,
        };
        var requirements = new List<TableRequirement> { new TableRequirement.AssertRefSnapshotId("main", parent?.SnapshotId) };
        if (metadata.TableUuid is { } uuid) requirements.Add(new TableRequirement.AssertTableUuid(uuid));
        var updates = new List<TableUpdate>
        {
            new TableUpdate.AddSnapshot(snapshot),
            new TableUpdate.SetSnapshotRef("main", new SnapshotRef(snapshotId, "branch")),
        };
        return await catalog.CommitAsync(identifier, requirements, updates, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The totals of a snapshot summary computed from its manifests, with file sizes and delete counts carried from the parent.</summary>
    public static Dictionary<string, string> Totals(Dictionary<string, string> summary, Snapshot? parent, IReadOnlyList<ManifestFile> manifests, long sizeDelta, long positionDeletesDelta, long equalityDeletesDelta)
    {
        static string S(long v) => v.ToString(CultureInfo.InvariantCulture);
        long? P(string key) => parent?.Summary.TryGetValue(key, out var v) == true && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
        var data = manifests.Where(m => m.Content == ManifestContent.Data).ToList();
        summary["total-data-files"] = S(data.Sum(m => (long)(m.AddedFilesCount ?? 0) + (m.ExistingFilesCount ?? 0)));
        summary["total-records"] = S(data.Sum(m => (m.AddedRowsCount ?? 0) + (m.ExistingRowsCount ?? 0)));
        summary["total-delete-files"] = S(manifests.Where(m => m.Content == ManifestContent.Deletes).Sum(m => (long)(m.AddedFilesCount ?? 0) + (m.ExistingFilesCount ?? 0)));
        if (P("total-files-size") is { } size) summary["total-files-size"] = S(Math.Max(0, size + sizeDelta));
        summary["total-position-deletes"] = S(Math.Max(0, (P("total-position-deletes") ?? 0) + positionDeletesDelta));
        summary["total-equality-deletes"] = S(Math.Max(0, (P("total-equality-deletes") ?? 0) + equalityDeletesDelta));
        return summary;
    }

    public static async Task DeleteQuietlyAsync(IcebergFileIO io, IEnumerable<string> locations)
    {
        foreach (var l in locations)
        {
            try
            {
                await io.DeleteAsync(l, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ConnectorException or IOException)
            {
                // Best effort: an unreferenced leftover is found later by orphan-file removal.
            }
        }
    }
}
