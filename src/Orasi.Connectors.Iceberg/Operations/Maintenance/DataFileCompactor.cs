using System.Globalization;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Scan;
using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Operations.Maintenance;

/// <summary>
/// Bin-pack compaction: per partition (spec + tuple), small files, files with deletes and files of older specs are
/// read with their deletes applied and rewritten into files of about the target size in the current spec, committed
/// as one <c>replace</c> snapshot that also drops the delete files no remaining data file needs. Rewritten files get
/// the new snapshot's sequence number, so deletes already applied can never apply to them again; a concurrent commit
/// that removes an input file or adds deletes for it is a <see cref="CommitConflictException"/>.
/// </summary>
internal static class DataFileCompactor
{
    public const string TargetFileSize = "write.target-file-size-bytes";
    public const long DefaultTargetFileSize = 512L * 1024 * 1024;

    public static async Task<IcebergRewriteDataFilesResult> RunAsync(MetastoreCatalog catalog, TableIdentifier identifier, IcebergRewriteDataFilesOptions options, CancellationToken cancellationToken, Func<Task>? beforeFirstCommit = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MinInputFiles < 1) throw new ValidationFailedException($"MinInputFiles must be 1 or more, got {options.MinInputFiles}.");
        if (options.TargetFileSizeBytes is <= 0) throw new ValidationFailedException($"TargetFileSizeBytes must be positive, got {options.TargetFileSizeBytes}.");
        var (location, m) = await MaintenanceSupport.LoadAsync(catalog, identifier, cancellationToken).ConfigureAwait(false);
        var noop = new IcebergRewriteDataFilesResult(new IcebergCommitResult(location, m));
        if (m.CurrentSnapshot is not { } snapshot) return noop;
        MaintenanceSupport.RequireWritable(m, identifier);
        var schema = m.CurrentSchema;
        options.Filter?.Validate(schema.ToArrowSchema());
        var target = options.TargetFileSizeBytes ?? MaintenanceSupport.LongProperty(m, TargetFileSize, DefaultTargetFileSize);
        var planner = MaintenanceSupport.Planner(catalog, m);
        var all = await planner.PlanAsync(snapshot, schema, null, cancellationToken).ConfigureAwait(false);
        var candidates = options.Filter is null ? all : await planner.PlanAsync(snapshot, schema, options.Filter, cancellationToken).ConfigureAwait(false);
        var bins = PlanBins(candidates, m.DefaultSpecId, target, options.MinInputFiles);
        noop = noop with { ConsideredFiles = candidates.Count };
        if (bins.Count == 0) return noop;

        var rewritten = bins.SelectMany(b => b).ToList();
        var removedData = rewritten.Select(t => t.File.FilePath).ToHashSet(StringComparer.Ordinal);
        var knownDeletes = rewritten.ToDictionary(t => t.File.FilePath, t => t.Deletes.Select(DeleteKey).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var snapshotId = SnapshotProducer.NewSnapshotId();
        var added = new List<DataFile>();
        var written = new List<string>();
        try
        {
            var reader = new TaskReader(schema, catalog.Io, MaintenanceSupport.Paths(m), NameMapping.FromProperties(m.Properties));
            foreach (var bin in bins)
            {
                await using var writer = new DataFileWriter(catalog.Io, m);
                foreach (var task in bin)
                {
                    await foreach (var batch in reader.ReadAsync(task, schema.Fields, null, 65_536, cancellationToken).ConfigureAwait(false))
                    {
                        await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                    }
                }

                added.AddRange(await writer.CompleteAsync(cancellationToken).ConfigureAwait(false));
            }

            ManifestFile? addedManifest = null;
            if (added.Count > 0)
            {
                var entries = added.Select(f => new ManifestEntry(ManifestEntryStatus.Added, snapshotId, 0, null, f)).ToList();
                addedManifest = await MaintenanceSupport.WriteManifestAsync(catalog.Io, m, m.DefaultSpec, ManifestContent.Data, snapshotId, entries, cancellationToken).ConfigureAwait(false);
                written.Add(addedManifest.ManifestPath);
            }

            var retries = MaintenanceSupport.Retries(m);
            var current = m;
            if (beforeFirstCommit is not null) await beforeFirstCommit().ConfigureAwait(false); // tests: a concurrent commit lands here
            for (var attempt = 1; ; attempt++)
            {
                var attemptWritten = new List<string>();
                try
                {
                    var remaining = all.Where(t => !removedData.Contains(t.File.FilePath)).SelectMany(t => t.Deletes).Select(DeleteKey).ToHashSet(StringComparer.Ordinal);
                    var removedDeletes = all.Where(t => removedData.Contains(t.File.FilePath)).SelectMany(t => t.Deletes)
                        .Where(d => !remaining.Contains(DeleteKey(d))).Select(d => d.File).DistinctBy(d => d.FilePath, StringComparer.Ordinal)
                        .Where(d => !d.IsDeletionVector || !remaining.Any(r => r.StartsWith(d.FilePath + "#", StringComparison.Ordinal)))
                        .ToList();
                    var removed = removedData.Concat(removedDeletes.Select(d => d.FilePath)).ToHashSet(StringComparer.Ordinal);
                    var manifests = await MaintenanceSupport.CarryOverAsync(catalog, identifier, current, snapshotId, removed, attemptWritten, cancellationToken).ConfigureAwait(false);
                    if (addedManifest is not null) manifests.Insert(0, addedManifest);
                    var removedFiles = rewritten.Select(t => t.File).ToList();
                    var summary = Summary(added, removedFiles, removedDeletes);
                    var sizeDelta = added.Sum(f => f.FileSizeInBytes) - removedFiles.Sum(f => f.FileSizeInBytes) - removedDeletes.Sum(f => f.FileSizeInBytes);
                    MaintenanceSupport.Totals(summary, current.CurrentSnapshot, manifests, sizeDelta,
                        -removedDeletes.Where(d => d.Content == DataFileContent.PositionDeletes).Sum(d => d.RecordCount),
                        -removedDeletes.Where(d => d.Content == DataFileContent.EqualityDeletes).Sum(d => d.RecordCount));
                    var (newLocation, next) = await MaintenanceSupport.CommitSnapshotAsync(catalog, identifier, current, snapshotId, attempt, manifests, summary, attemptWritten, cancellationToken).ConfigureAwait(false);
                    return new IcebergRewriteDataFilesResult(new IcebergCommitResult(newLocation, next)
                    {
                        SnapshotId = snapshotId,
                        Attempts = attempt,
                        AddedFiles = added,
                        DeletedFiles = removedFiles,
                    })
                    {
                        RewrittenDataFiles = removedFiles,
                        AddedDataFiles = added,
                        RemovedDeleteFiles = removedDeletes,
                        RewrittenGroups = bins.Count,
                        ConsideredFiles = candidates.Count,
                    };
                }
                catch (CommitConflictException) when (attempt <= retries)
                {
                    await MaintenanceSupport.DeleteQuietlyAsync(catalog.Io, attemptWritten).ConfigureAwait(false);
                    (_, current) = await MaintenanceSupport.LoadAsync(catalog, identifier, cancellationToken).ConfigureAwait(false);
                    all = await ValidateAsync(catalog, identifier, m, current, knownDeletes, cancellationToken).ConfigureAwait(false);
                    await Task.Delay(Random.Shared.Next(1, Math.Min(200, 5 << Math.Min(attempt, 6))), cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    await MaintenanceSupport.DeleteQuietlyAsync(catalog.Io, attemptWritten).ConfigureAwait(false);
                    throw;
                }
            }
        }
        catch
        {
            await MaintenanceSupport.DeleteQuietlyAsync(catalog.Io, added.Select(f => f.FilePath).Concat(written)).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// After a lost race: the rewrite still holds if the schema and spec are unchanged, every input file is still
    /// live, and no new delete applies to any of them. Returns the new plan of the table.
    /// </summary>
    private static async Task<IReadOnlyList<FileScanTask>> ValidateAsync(MetastoreCatalog catalog, TableIdentifier identifier, TableMetadata start, TableMetadata current, Dictionary<string, HashSet<string>> knownDeletes, CancellationToken cancellationToken)
    {
        if (current.CurrentSchemaId != start.CurrentSchemaId || current.DefaultSpecId != start.DefaultSpecId)
        {
            throw new CommitConflictException($"The schema or partition spec of table '{identifier}' changed during the compaction; run it again.");
        }

        if (current.CurrentSnapshot is not { } snapshot)
        {
            throw new CommitConflictException($"Table '{identifier}' lost its current snapshot during the compaction; run it again.");
        }

        var tasks = await MaintenanceSupport.Planner(catalog, current).PlanAsync(snapshot, current.CurrentSchema, null, cancellationToken).ConfigureAwait(false);
        var live = tasks.ToDictionary(t => t.File.FilePath, StringComparer.Ordinal);
        foreach (var (path, deletes) in knownDeletes)
        {
            if (!live.TryGetValue(path, out var task))
            {
                throw new CommitConflictException($"Data file '{path}' of table '{identifier}' was removed by a concurrent commit during the compaction; run it again.");
            }

            if (task.Deletes.Select(DeleteKey).Any(d => !deletes.Contains(d)))
            {
                throw new CommitConflictException($"A concurrent commit added deletes for data file '{path}' of table '{identifier}' during the compaction; run it again.");
            }
        }

        return tasks;
    }

    private static string DeleteKey(DeleteFileTask d) =>
        d.File.IsDeletionVector ? d.File.FilePath + "#" + d.File.ContentOffset?.ToString(CultureInfo.InvariantCulture) : d.File.FilePath;

    internal static List<List<FileScanTask>> PlanBins(IReadOnlyList<FileScanTask> tasks, int defaultSpecId, long target, int minInputFiles)
    {
        var minSize = (long)(target * 0.75);
        bool Forced(FileScanTask t) => t.Deletes.Count > 0 || t.Spec.SpecId != defaultSpecId;
        var bins = new List<List<FileScanTask>>();
        foreach (var group in tasks.GroupBy(t => MaintenanceSupport.PartitionKey(t.Spec.SpecId, t.File.Partition), StringComparer.Ordinal))
        {
            var picked = group.Where(t => t.File.FileSizeInBytes < minSize || Forced(t)).ToList();
            if (picked.Count == 0) continue;
            var enough = picked.Count >= minInputFiles || (picked.Count > 1 && picked.Sum(t => t.File.FileSizeInBytes) > target);
            if (!enough && !picked.Any(Forced)) continue;
            var groupBins = new List<(List<FileScanTask> Files, long Size)>();
            foreach (var t in picked.OrderByDescending(t => t.File.FileSizeInBytes).ThenBy(t => t.File.FilePath, StringComparer.Ordinal))
            {
                var i = groupBins.FindIndex(b => b.Size + t.File.FileSizeInBytes <= target);
                if (i < 0)
                {
                    groupBins.Add(([t], t.File.FileSizeInBytes));
                }
                else
                {
                    groupBins[i].Files.Add(t);
                    groupBins[i] = (groupBins[i].Files, groupBins[i].Size + t.File.FileSizeInBytes);
                }
            }

            // A lone small file without deletes gains nothing from being rewritten.
            bins.AddRange(groupBins.Where(b => b.Files.Count > 1 || Forced(b.Files[0])).Select(b => b.Files));
        }

        return bins;
    }

    private static Dictionary<string, string> Summary(IReadOnlyList<DataFile> added, IReadOnlyList<DataFile> removed, IReadOnlyList<DataFile> removedDeletes)
    {
        static string S(long v) => v.ToString(CultureInfo.InvariantCulture);
        var summary = new Dictionary<string, string>(StringComparer.Ordinal) { ["operation"] = "replace" };
        if (added.Count > 0)
        {
            summary["added-data-files"] = S(added.Count);
            summary["added-records"] = S(added.Sum(f => f.RecordCount));
            summary["added-files-size"] = S(added.Sum(f => f.FileSizeInBytes));
        }

        summary["deleted-data-files"] = S(removed.Count);
        summary["deleted-records"] = S(removed.Sum(f => f.RecordCount));
        summary["removed-files-size"] = S(removed.Sum(f => f.FileSizeInBytes) + removedDeletes.Sum(f => f.FileSizeInBytes));
        if (removedDeletes.Count > 0)
        {
            var pos = removedDeletes.Where(d => d.Content == DataFileContent.PositionDeletes).ToList();
            var eq = removedDeletes.Where(d => d.Content == DataFileContent.EqualityDeletes).ToList();
            summary["removed-delete-files"] = S(removedDeletes.Count);
            if (pos.Count > 0)
            {
                summary["removed-position-delete-files"] = S(pos.Count);
                summary["removed-position-deletes"] = S(pos.Sum(d => d.RecordCount));
            }

            if (eq.Count > 0)
            {
                summary["removed-equality-delete-files"] = S(eq.Count);
                summary["removed-equality-deletes"] = S(eq.Sum(d => d.RecordCount));
            }
        }

        summary["changed-partition-count"] = S(added.Concat(removed).Select(f => MaintenanceSupport.PartitionKey(f.SpecId, f.Partition)).Distinct(StringComparer.Ordinal).Count());
        return summary;
    }
}
