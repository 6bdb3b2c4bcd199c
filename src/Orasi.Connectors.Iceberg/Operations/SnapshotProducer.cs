using System.Globalization;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.IO;
using Orasi.Connectors.Iceberg.Scan;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Iceberg.Transactions;

namespace Orasi.Connectors.Iceberg.Operations;

/// <summary>
/// Produces and commits a snapshot: a manifest for the added files, rewritten manifests for removed files,
/// carried-over manifests of the parent (merged when there are many), a manifest list and the summary.
/// Appends are rebased and retried when a concurrent commit wins; other operations fail with
/// <see cref="CommitConflictException"/>.
/// </summary>
internal sealed class SnapshotProducer
{
    public const string MergeEnabled = "commit.manifest-merge.enabled";
    public const string MinCountToMerge = "commit.manifest.min-count-to-merge";
    public const string CommitRetries = "commit.retry.num-retries";

    private readonly MetastoreCatalog _catalog;
    private readonly TableIdentifier _identifier;
    private readonly string _operation;
    private readonly IReadOnlyList<DataFile> _added;
    private readonly IReadOnlyList<DataFile> _deleted;
    private readonly long _snapshotId = NewSnapshotId();
    private ManifestFile? _addedManifest;
    private List<ManifestFile>? _addedDeleteManifests;

    public SnapshotProducer(MetastoreCatalog catalog, TableIdentifier identifier, string operation, IReadOnlyList<DataFile> added, IReadOnlyList<DataFile> deleted)
    {
        _catalog = catalog;
        _identifier = identifier;
        _operation = operation;
        _added = added;
        _deleted = deleted;
    }

    /// <summary>Extra snapshot summary properties (standard keys win).</summary>
    public IReadOnlyDictionary<string, string>? SummaryProperties { get; init; }

    /// <summary>Runs before every attempt with its base metadata; returns per-attempt summary properties; throwing aborts and deletes the added files.</summary>
    public Func<TableMetadata, IReadOnlyDictionary<string, string>?>? Validate { get; init; }

    private IReadOnlyDictionary<string, string>? _attemptProperties;

    private IcebergFileIO Io => _catalog.Io;

    /// <summary>Position or equality delete files this snapshot adds (v2; written to delete manifests).</summary>
    public IReadOnlyList<DataFile> AddedDeleteFiles { get; init; } = [];

    /// <summary>Delete files this snapshot removes (for example those that only referenced removed data files).</summary>
    public IReadOnlyList<DataFile> RemovedDeleteFiles { get; init; } = [];

    /// <summary>Extra summary properties (for example <c>replace-partitions</c>).</summary>
    public IReadOnlyDictionary<string, string>? ExtraSummary { get; init; }

    public static long NewSnapshotId() => Random.Shared.NextInt64(1, long.MaxValue);

    /// <summary>Commits against <paramref name="baseMetadata"/>; appends are retried on conflict after reloading.</summary>
    public async Task<IcebergCommitResult> CommitAsync(TableMetadata baseMetadata, CancellationToken cancellationToken, bool retryAppend = true)
    {
        var retryable = retryAppend && _deleted.Count == 0 && AddedDeleteFiles.Count == 0 && RemovedDeleteFiles.Count == 0;
        var retries = baseMetadata.Properties.TryGetValue(CommitRetries, out var r) && int.TryParse(r, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 25;
        var metadata = baseMetadata;
        for (var attempt = 1; ; attempt++)
        {
            if (Validate is not null)
            {
                try
                {
                    _attemptProperties = Validate(metadata);
                }
                catch
                {
                    if (_addedManifest is not null) await Io.DeleteAsync(_addedManifest.ManifestPath, CancellationToken.None).ConfigureAwait(false);
                    foreach (var f in _added) await Io.DeleteAsync(f.FilePath, CancellationToken.None).ConfigureAwait(false);
                    throw;
                }
            }

            var written = new List<string>();
            try
            {
                var (location, next, unusedAddedManifest) = await CommitOnceAsync(metadata, attempt, written, cancellationToken).ConfigureAwait(false);
                if (unusedAddedManifest is not null)
                {
                    await Io.DeleteAsync(unusedAddedManifest, cancellationToken).ConfigureAwait(false);
                }

                return new IcebergCommitResult(location, next) { SnapshotId = _snapshotId, Attempts = attempt, AddedFiles = _added, DeletedFiles = _deleted };
            }
            catch (CommitConflictException) when (retryable && attempt <= retries)
            {
                foreach (var w in written) await Io.DeleteAsync(w, cancellationToken).ConfigureAwait(false);
                metadata = (await _catalog.LoadMetadataAsync(_identifier, cancellationToken).ConfigureAwait(false))?.Metadata
                    ?? throw new TableNotFoundException($"Table '{_identifier}' was dropped during the commit.");
                await Task.Delay(Random.Shared.Next(1, Math.Min(200, 5 << Math.Min(attempt, 6))), cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                foreach (var w in written) await Io.DeleteAsync(w, CancellationToken.None).ConfigureAwait(false);
                if (_addedManifest is not null) await Io.DeleteAsync(_addedManifest.ManifestPath, CancellationToken.None).ConfigureAwait(false);
                foreach (var dm in _addedDeleteManifests ?? []) await Io.DeleteAsync(dm.ManifestPath, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }
    }

    private async Task<(string Location, TableMetadata Metadata, string? UnusedAddedManifest)> CommitOnceAsync(TableMetadata metadata, int attempt, List<string> written, CancellationToken cancellationToken)
    {
        if (metadata.FormatVersion > 2)
        {
            throw new UnsupportedFeatureException($"Writing snapshots to format v{metadata.FormatVersion} tables is not supported yet; write to v1 or v2 tables.");
        }

        var metadataDir = metadata.Location.TrimEnd('/') + "/metadata";
        var schema = metadata.CurrentSchema;
        if (_added.Count > 0 && _addedManifest is null)
        {
            var spec = metadata.SpecById(_added[0].SpecId) ?? metadata.DefaultSpec;
            var entries = _added.Select(f => new ManifestEntry(ManifestEntryStatus.Added, _snapshotId, 0, null, f)).ToList();
            _addedManifest = await WriteManifestAsync(metadata, metadataDir, schema, spec, entries, cancellationToken).ConfigureAwait(false);
        }

        if (AddedDeleteFiles.Count > 0 && _addedDeleteManifests is null)
        {
            if (metadata.FormatVersion < 2)
            {
                throw new UnsupportedFeatureException($"Table '{_identifier}' is format v1, which has no delete files; upgrade it to v2 or use copy-on-write.");
            }

            _addedDeleteManifests = new List<ManifestFile>();
            foreach (var group in AddedDeleteFiles.GroupBy(f => f.SpecId))
            {
                var spec = metadata.SpecById(group.Key) ?? metadata.DefaultSpec;
                var entries = group.Select(f => new ManifestEntry(ManifestEntryStatus.Added, _snapshotId, 0, null, f)).ToList();
                _addedDeleteManifests.Add(await WriteManifestAsync(metadata, metadataDir, schema, spec, entries, cancellationToken, ManifestContent.Deletes).ConfigureAwait(false));
            }
        }

        var parent = metadata.CurrentSnapshot;
        var planner = new ScanPlanner(metadata, Io, new PathResolver(metadata.Location, metadata.Location, null));
        var parentManifests = parent is null ? [] : await planner.ReadManifestListAsync(parent, cancellationToken).ConfigureAwait(false);
        var deletedDataPaths = _deleted.Select(d => d.FilePath).ToHashSet(StringComparer.Ordinal);
        var deletedDeletePaths = RemovedDeleteFiles.Select(d => d.FilePath).ToHashSet(StringComparer.Ordinal);
        var foundDeleted = new HashSet<string>(StringComparer.Ordinal);
        var foundDeletedDeletes = new HashSet<string>(StringComparer.Ordinal);
        var manifests = new List<ManifestFile>();
        foreach (var m in parentManifests)
        {
            var deletedPaths = m.Content == ManifestContent.Data ? deletedDataPaths : deletedDeletePaths;
            var found = m.Content == ManifestContent.Data ? foundDeleted : foundDeletedDeletes;
            if (deletedPaths.Count > 0 && m.HasLiveFiles)
            {
                var entries = await planner.ReadManifestAsync(m, cancellationToken).ConfigureAwait(false);
                if (ManifestEntryRemoval.MarkRemoved(entries, deletedPaths, _snapshotId, found) is { } rewritten)
                {
                    var spec = metadata.SpecById(m.PartitionSpecId) ?? metadata.DefaultSpec;
                    var mf = await WriteManifestAsync(metadata, metadataDir, schema, spec, rewritten, cancellationToken, m.Content).ConfigureAwait(false);
                    written.Add(mf.ManifestPath);
                    manifests.Add(mf);
                    continue;
                }
            }

            if (m.HasLiveFiles)
            {
                manifests.Add(m);
            }
        }

        if (foundDeleted.Count != deletedDataPaths.Count || foundDeletedDeletes.Count != deletedDeletePaths.Count)
        {
            throw new CommitConflictException($"Data files of table '{_identifier}' that this {_operation} removes were already removed by a concurrent commit; retry the operation.");
        }

        string? unusedAdded = null;
        if (_addedManifest is not null)
        {
            manifests.Insert(0, _addedManifest);
        }

        if (_addedDeleteManifests is not null)
        {
            manifests.InsertRange(_addedManifest is null ? 0 : 1, _addedDeleteManifests);
        }

        var merged = await MaybeMergeAsync(metadata, metadataDir, schema, planner, manifests, cancellationToken).ConfigureAwait(false);
        if (merged is not null)
        {
            written.Add(merged.Value.Merged.ManifestPath);
            if (_addedManifest is not null && !merged.Value.Result.Contains(_addedManifest))
            {
                unusedAdded = _addedManifest.ManifestPath;
            }

            manifests = merged.Value.Result;
        }

        var sequenceNumber = metadata.FormatVersion >= 2 ? metadata.LastSequenceNumber + 1 : 0;
        var listLocation = $"{metadataDir}/snap-{_snapshotId.ToString(CultureInfo.InvariantCulture)}-{attempt.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid()}.avro";
        var listBytes = ManifestWriter.WriteManifestList(metadata.FormatVersion, _snapshotId, parent?.SnapshotId, sequenceNumber, manifests);
        await Io.PutAsync(listLocation, listBytes, cancellationToken).ConfigureAwait(false);
        written.Add(listLocation);

        var snapshot = new Snapshot(_snapshotId, Math.Max(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), metadata.LastUpdatedMs))
        {
            ParentSnapshotId = parent?.SnapshotId,
            SequenceNumber = sequenceNumber,
            ManifestList = listLocation,
            Summary = Summary(parent, manifests),
            SchemaId = metadata.CurrentSchemaId,
        };
        var requirements = new List<TableRequirement>
        {
            new TableRequirement.AssertRefSnapshotId("main", parent?.SnapshotId),
        };
        if (metadata.TableUuid is { } uuid) requirements.Add(new TableRequirement.AssertTableUuid(uuid));
        var updates = new List<TableUpdate>
        {
            new TableUpdate.AddSnapshot(snapshot),
            new TableUpdate.SetSnapshotRef("main", new SnapshotRef(_snapshotId, "branch")),
        };
        var (location, next) = await _catalog.CommitAsync(_identifier, requirements, updates, cancellationToken).ConfigureAwait(false);
        return (location, next, unusedAdded);
    }

    private Dictionary<string, string> Summary(Snapshot? parent, IReadOnlyList<ManifestFile> manifests)
    {
        static string S(long v) => v.ToString(CultureInfo.InvariantCulture);
        var data = manifests.Where(m => m.Content == ManifestContent.Data).ToList();
        var summary = new Dictionary<string, string>(StringComparer.Ordinal) { ["operation"] = _operation };
        if (_added.Count > 0)
        {
            summary["added-data-files"] = S(_added.Count);
            summary["added-records"] = S(_added.Sum(f => f.RecordCount));
            summary["added-files-size"] = S(_added.Sum(f => f.FileSizeInBytes));
        }

        if (_deleted.Count > 0)
        {
            summary["deleted-data-files"] = S(_deleted.Count);
            summary["deleted-records"] = S(_deleted.Sum(f => f.RecordCount));
            summary["removed-files-size"] = S(_deleted.Sum(f => f.FileSizeInBytes));
        }

        var partitions = _added.Concat(_deleted).Concat(AddedDeleteFiles).Concat(RemovedDeleteFiles).Select(f => string.Join('\u0001', f.Partition.Select(p => p is byte[] b ? Convert.ToHexString(b) : Convert.ToString(p, CultureInfo.InvariantCulture) ?? "\u0000"))).Distinct().Count();
        summary["changed-partition-count"] = S(partitions);
        summary["total-data-files"] = S(data.Sum(m => (long)(m.AddedFilesCount ?? 0) + (m.ExistingFilesCount ?? 0)));
        summary["total-records"] = S(data.Sum(m => (m.AddedRowsCount ?? 0) + (m.ExistingRowsCount ?? 0)));
        var parentSize = parent?.Summary.TryGetValue("total-files-size", out var ps) == true && long.TryParse(ps, NumberStyles.Integer, CultureInfo.InvariantCulture, out var psv) ? psv : (long?)null;
        if (parentSize is not null || parent is null)
        {
            summary["total-files-size"] = S((parentSize ?? 0) + _added.Sum(f => f.FileSizeInBytes) - _deleted.Sum(f => f.FileSizeInBytes));
        }

        static long Count(IEnumerable<DataFile> files, DataFileContent content) => files.Where(f => f.Content == content).Sum(f => f.RecordCount);
        static long Parent(Snapshot? p, string key) => p?.Summary.TryGetValue(key, out var v) == true && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var x) ? x : 0;
        if (AddedDeleteFiles.Count > 0)
        {
            summary["added-delete-files"] = S(AddedDeleteFiles.Count);
            var pos = AddedDeleteFiles.Count(f => f.Content == DataFileContent.PositionDeletes);
            var eq = AddedDeleteFiles.Count(f => f.Content == DataFileContent.EqualityDeletes);
            if (pos > 0) summary["added-position-delete-files"] = S(pos);
            if (eq > 0) summary["added-equality-delete-files"] = S(eq);
            if (pos > 0) summary["added-position-deletes"] = S(Count(AddedDeleteFiles, DataFileContent.PositionDeletes));
            if (eq > 0) summary["added-equality-deletes"] = S(Count(AddedDeleteFiles, DataFileContent.EqualityDeletes));
            summary["added-files-size"] = S(_added.Sum(f => f.FileSizeInBytes) + AddedDeleteFiles.Sum(f => f.FileSizeInBytes));
        }

        if (RemovedDeleteFiles.Count > 0)
        {
            summary["removed-delete-files"] = S(RemovedDeleteFiles.Count);
            var pos = RemovedDeleteFiles.Count(f => f.Content == DataFileContent.PositionDeletes);
            var eq = RemovedDeleteFiles.Count(f => f.Content == DataFileContent.EqualityDeletes);
            if (pos > 0) summary["removed-position-delete-files"] = S(pos);
            if (eq > 0) summary["removed-equality-delete-files"] = S(eq);
            if (pos > 0) summary["removed-position-deletes"] = S(Count(RemovedDeleteFiles, DataFileContent.PositionDeletes));
            if (eq > 0) summary["removed-equality-deletes"] = S(Count(RemovedDeleteFiles, DataFileContent.EqualityDeletes));
            summary["removed-files-size"] = S(_deleted.Sum(f => f.FileSizeInBytes) + RemovedDeleteFiles.Sum(f => f.FileSizeInBytes));
        }

        if (summary.ContainsKey("total-files-size"))
        {
            summary["total-files-size"] = S(long.Parse(summary["total-files-size"], CultureInfo.InvariantCulture) + AddedDeleteFiles.Sum(f => f.FileSizeInBytes) - RemovedDeleteFiles.Sum(f => f.FileSizeInBytes));
        }

        summary["total-delete-files"] = S(manifests.Where(m => m.Content == ManifestContent.Deletes).Sum(m => (long)(m.AddedFilesCount ?? 0) + (m.ExistingFilesCount ?? 0)));
        summary["total-position-deletes"] = S(Math.Max(0, Parent(parent, "total-position-deletes") + Count(AddedDeleteFiles, DataFileContent.PositionDeletes) - Count(RemovedDeleteFiles, DataFileContent.PositionDeletes)));
        summary["total-equality-deletes"] = S(Math.Max(0, Parent(parent, "total-equality-deletes") + Count(AddedDeleteFiles, DataFileContent.EqualityDeletes) - Count(RemovedDeleteFiles, DataFileContent.EqualityDeletes)));
        foreach (var (k, v) in ExtraSummary ?? new Dictionary<string, string>())
        {
            summary[k] = v;
        }

        var extra = new Dictionary<string, string>(SummaryProperties ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (k, v) in _attemptProperties ?? new Dictionary<string, string>()) extra[k] = v;
        foreach (var (k, v) in extra) summary.TryAdd(k, v);
        return summary;
    }

    private async Task<(List<ManifestFile> Result, ManifestFile Merged)?> MaybeMergeAsync(TableMetadata metadata, string metadataDir, IcebergSchema schema, ScanPlanner planner, List<ManifestFile> manifests, CancellationToken cancellationToken)
    {
        var enabled = !metadata.Properties.TryGetValue(MergeEnabled, out var e) || !string.Equals(e, "false", StringComparison.OrdinalIgnoreCase);
        var minCount = metadata.Properties.TryGetValue(MinCountToMerge, out var mc) && int.TryParse(mc, NumberStyles.Integer, CultureInfo.InvariantCulture, out var m) ? Math.Max(2, m) : 100;
        var candidates = manifests.Where(x => x.Content == ManifestContent.Data && x.PartitionSpecId == metadata.DefaultSpecId).ToList();
        if (!enabled || candidates.Count < minCount)
        {
            return null;
        }

        var entries = new List<ManifestEntry>();
        foreach (var c in candidates)
        {
            var isOwn = ReferenceEquals(c, _addedManifest);
            foreach (var entry in isOwn ? _added.Select(f => new ManifestEntry(ManifestEntryStatus.Added, _snapshotId, 0, null, f)).ToList() : await planner.ReadManifestAsync(c, cancellationToken).ConfigureAwait(false))
            {
                if (entry.Status == ManifestEntryStatus.Deleted) continue;
                entries.Add(isOwn ? entry : entry with { Status = ManifestEntryStatus.Existing });
            }
        }

        var merged = await WriteManifestAsync(metadata, metadataDir, schema, metadata.DefaultSpec, entries, cancellationToken).ConfigureAwait(false);
        var result = manifests.Where(x => !candidates.Contains(x)).Prepend(merged).ToList();
        return (result, merged);
    }

    private async Task<ManifestFile> WriteManifestAsync(TableMetadata metadata, string metadataDir, IcebergSchema schema, PartitionSpec spec, IReadOnlyList<ManifestEntry> entries, CancellationToken cancellationToken, ManifestContent content = ManifestContent.Data)
    {
        var location = $"{metadataDir}/{Guid.NewGuid()}-m0.avro";
        var bytes = ManifestWriter.WriteManifest(metadata.FormatVersion, schema, spec, content, entries);
        await Io.PutAsync(location, bytes, cancellationToken).ConfigureAwait(false);
        return ManifestWriter.Describe(location, bytes.Length, schema, spec, content, _snapshotId, entries);
    }
}
