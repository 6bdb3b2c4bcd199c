using Orasi.Connectors.Iceberg.IO;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Predicates;

namespace Orasi.Connectors.Iceberg.Scan;

/// <summary>Plans a scan: chooses the snapshot, prunes manifests and files, and matches delete files to data files.</summary>
internal sealed class ScanPlanner
{
    private readonly TableMetadata _metadata;
    private readonly IcebergFileIO _io;
    private readonly PathResolver _paths;

    public ScanPlanner(TableMetadata metadata, IcebergFileIO io, PathResolver paths)
    {
        _metadata = metadata;
        _io = io;
        _paths = paths;
    }

    public Snapshot? ResolveSnapshot(IcebergScanOptions options)
    {
        var chosen = 0;
        Snapshot? snapshot = _metadata.CurrentSnapshot;
        if (options.SnapshotId is { } id)
        {
            chosen++;
            snapshot = _metadata.SnapshotById(id) ?? throw new ValidationFailedException($"Snapshot {id} does not exist in table '{_metadata.Location}'; list the table's snapshots to pick a valid id.");
        }

        if (options.AsOfTimestamp is { } ts)
        {
            chosen++;
            snapshot = _metadata.SnapshotAsOf(ts.ToUnixTimeMilliseconds())
                ?? throw new ValidationFailedException($"Table '{_metadata.Location}' has no snapshot at or before {ts:O}; choose a later time.");
        }

        if (options.Ref is { } name)
        {
            chosen++;
            var r = _metadata.Ref(name) ?? throw new ValidationFailedException($"Branch or tag '{name}' does not exist in table '{_metadata.Location}'; list the table's refs to pick one.");
            snapshot = _metadata.SnapshotById(r.SnapshotId)
                ?? throw new CorruptDataException($"Ref '{name}' of table '{_metadata.Location}' points to missing snapshot {r.SnapshotId}; the table metadata is corrupt.");
        }

        if (chosen > 1)
        {
            throw new ValidationFailedException("Choose at most one of SnapshotId, AsOfTimestamp and Ref for an Iceberg scan.");
        }

        return snapshot;
    }

    public async Task<IReadOnlyList<ManifestFile>> ReadManifestListAsync(Snapshot snapshot, CancellationToken cancellationToken)
    {
        if (snapshot.ManifestList is { } list)
        {
            var location = _paths.Resolve(list);
            var bytes = await _io.ReadAllAsync(location, cancellationToken).ConfigureAwait(false);
            return ManifestReader.ReadManifestList(bytes, location);
        }

        // v1 snapshots that list manifests directly: spec id and counts come from each manifest.
        return snapshot.Manifests!.Select(m => new ManifestFile(m, 0, -1, ManifestContent.Data, 0, 0, snapshot.SnapshotId)).ToList();
    }

    public async Task<IReadOnlyList<ManifestEntry>> ReadManifestAsync(ManifestFile manifest, CancellationToken cancellationToken)
    {
        var location = _paths.Resolve(manifest.ManifestPath);
        var bytes = await _io.ReadAllAsync(location, cancellationToken).ConfigureAwait(false);
        var spec = manifest.PartitionSpecId >= 0 ? _metadata.SpecById(manifest.PartitionSpecId) : _metadata.DefaultSpec;
        var partitionType = spec is null ? null : PartitionTypeAcrossSchemas(spec);
        var entries = ManifestReader.ReadManifest(bytes, location, manifest.PartitionSpecId >= 0 ? manifest : null, partitionType);
        if (manifest.PartitionSpecId < 0)
        {
            entries = entries.Select(e => e with { DataFile = e.DataFile with { SpecId = _metadata.DefaultSpecId }, SnapshotId = e.SnapshotId ?? manifest.AddedSnapshotId }).ToList();
        }

        return entries;
    }

    public async Task<IReadOnlyList<FileScanTask>> PlanAsync(Snapshot snapshot, IcebergSchema schema, Predicate? predicate, CancellationToken cancellationToken)
    {
        var manifests = await ReadManifestListAsync(snapshot, cancellationToken).ConfigureAwait(false);
        var data = new List<(ManifestEntry Entry, PartitionSpec Spec)>();
        var deletes = new List<(ManifestEntry Entry, PartitionSpec Spec)>();
        foreach (var manifest in manifests)
        {
            if (manifest.PartitionSpecId >= 0 && !manifest.HasLiveFiles)
            {
                continue;
            }

            var spec = manifest.PartitionSpecId >= 0
                ? _metadata.SpecById(manifest.PartitionSpecId) ?? throw new CorruptDataException($"Manifest '{manifest.ManifestPath}' uses partition spec {manifest.PartitionSpecId}, which table '{_metadata.Location}' does not define.")
                : _metadata.DefaultSpec;
            if (predicate is not null && manifest.Content == ManifestContent.Data && manifest.Partitions is { } summaries
                && !predicate.CanMatch(StatisticsBuilder.FromSummaries(summaries, spec, schema)))
            {
                continue;
            }

            foreach (var entry in await ReadManifestAsync(manifest, cancellationToken).ConfigureAwait(false))
            {
                if (entry.Status == ManifestEntryStatus.Deleted)
                {
                    continue;
                }

                var entrySpec = _metadata.SpecById(entry.DataFile.SpecId) ?? spec;
                if (entry.DataFile.Content == DataFileContent.Data)
                {
                    if (predicate is not null
                        && (!predicate.CanMatch(StatisticsBuilder.FromPartition(entry.DataFile.Partition, entrySpec, schema))
                            || !predicate.CanMatch(StatisticsBuilder.FromMetrics(entry.DataFile, schema))))
                    {
                        continue;
                    }

                    data.Add((entry, entrySpec));
                }
                else
                {
                    deletes.Add((entry, entrySpec));
                }
            }
        }

        var dvByFile = deletes.Where(d => d.Entry.DataFile.IsDeletionVector && d.Entry.DataFile.ReferencedDataFile is not null)
            .GroupBy(d => d.Entry.DataFile.ReferencedDataFile!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var positionFiles = deletes.Where(d => d.Entry.DataFile.Content == DataFileContent.PositionDeletes && !d.Entry.DataFile.IsDeletionVector).ToList();
        var equalityFiles = deletes.Where(d => d.Entry.DataFile.Content == DataFileContent.EqualityDeletes).ToList();

        var tasks = new List<FileScanTask>(data.Count);
        foreach (var (entry, spec) in data)
        {
            var file = entry.DataFile;
            var seq = entry.SequenceNumber;
            var applicable = new List<DeleteFileTask>();
            if (dvByFile.TryGetValue(file.FilePath, out var dvs))
            {
                foreach (var (dv, dvSpec) in dvs)
                {
                    if (seq <= dv.SequenceNumber && SamePartition(file, spec, dv.DataFile, dvSpec))
                    {
                        applicable.Add(new DeleteFileTask(dv.DataFile, dv.SequenceNumber));
                    }
                }
            }

            if (applicable.Count == 0)
            {
                foreach (var (pd, pdSpec) in positionFiles)
                {
                    if (seq <= pd.SequenceNumber
                        && (pd.DataFile.ReferencedDataFile is null || pd.DataFile.ReferencedDataFile == file.FilePath)
                        && SamePartition(file, spec, pd.DataFile, pdSpec)
                        && MayReference(pd.DataFile, file.FilePath))
                    {
                        applicable.Add(new DeleteFileTask(pd.DataFile, pd.SequenceNumber));
                    }
                }
            }

            foreach (var (ed, edSpec) in equalityFiles)
            {
                if (seq < ed.SequenceNumber && (edSpec.IsUnpartitioned || SamePartition(file, spec, ed.DataFile, edSpec)))
                {
                    applicable.Add(new DeleteFileTask(ed.DataFile, ed.SequenceNumber));
                }
            }

            tasks.Add(new FileScanTask(file, seq, spec, applicable));
        }

        return tasks;
    }

    /// <summary>Uses the position delete file's <c>file_path</c> bounds (field 2147483546) to skip files it cannot reference.</summary>
    private static bool MayReference(DataFile deleteFile, string dataFilePath)
    {
        const int filePathId = 2147483546;
        if (deleteFile.LowerBounds.TryGetValue(filePathId, out var lb) && deleteFile.UpperBounds.TryGetValue(filePathId, out var ub))
        {
            var lower = System.Text.Encoding.UTF8.GetString(lb);
            var upper = System.Text.Encoding.UTF8.GetString(ub);
            if (string.CompareOrdinal(dataFilePath, lower) < 0 || (string.CompareOrdinal(dataFilePath, upper) > 0 && !dataFilePath.StartsWith(upper, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SamePartition(DataFile a, PartitionSpec aSpec, DataFile b, PartitionSpec bSpec)
    {
        if (aSpec.SpecId != bSpec.SpecId || a.Partition.Count != b.Partition.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Partition.Count; i++)
        {
            if (!PartitionValueEquals(a.Partition[i], b.Partition[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool PartitionValueEquals(object? x, object? y) => (x, y) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (byte[] p, byte[] q) => p.AsSpan().SequenceEqual(q),
        (double p, double q) => BitConverter.DoubleToInt64Bits(p) == BitConverter.DoubleToInt64Bits(q) || (double.IsNaN(p) && double.IsNaN(q)),
        (float p, float q) => BitConverter.SingleToInt32Bits(p) == BitConverter.SingleToInt32Bits(q) || (float.IsNaN(p) && float.IsNaN(q)),
        _ => x.Equals(y),
    };

    private StructType PartitionTypeAcrossSchemas(PartitionSpec spec)
    {
        var fields = spec.Fields.Select(f =>
        {
            var source = _metadata.CurrentSchema.FindField(f.SourceId)
                ?? _metadata.Schemas.Select(s => s.FindField(f.SourceId)).FirstOrDefault(x => x is not null);
            var type = source is null ? PrimitiveType.Int : f.Transform.ResultType(source.Type);
            return new NestedField(f.FieldId, f.Name, false, type);
        }).ToList();
        return new StructType(fields);
    }
}
