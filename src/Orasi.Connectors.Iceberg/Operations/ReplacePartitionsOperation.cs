using Apache.Arrow;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.IO;
using Orasi.Connectors.Iceberg.Scan;
using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Operations;

/// <summary>
/// Dynamic partition overwrite: writes the new data with the default spec, then removes every live data file of the
/// default spec in a partition the new files touch (every data file when the default spec is unpartitioned), together
/// with the delete files of those partitions, in one "overwrite" snapshot with <c>replace-partitions=true</c>.
/// </summary>
internal static class ReplacePartitionsOperation
{
    public static async Task<IcebergCommitResult> RunAsync(MetastoreCatalog c, TableIdentifier identifier, string location, TableMetadata m, IAsyncEnumerable<RecordBatch> batches, CancellationToken cancellationToken)
    {
        var added = await IcebergOperations.WriteFilesAsync(c.Io, m, batches, cancellationToken).ConfigureAwait(false);
        if (added.Count == 0)
        {
            return new IcebergCommitResult(location, m);
        }

        try
        {
            var unpartitioned = m.DefaultSpec.IsUnpartitioned;
            var touched = added.Select(f => RowLevelFiles.PartitionKey(f.SpecId, f.Partition)).ToHashSet(StringComparer.Ordinal);
            bool InTouched(DataFile f) => unpartitioned || touched.Contains(RowLevelFiles.PartitionKey(f.SpecId, f.Partition));
            var removed = new List<DataFile>();
            var removedDeletes = new Dictionary<string, DataFile>(StringComparer.Ordinal);
            if (m.CurrentSnapshot is { } snapshot)
            {
                var planner = new ScanPlanner(m, c.Io, new PathResolver(m.Location, m.Location, null));
                foreach (var task in await planner.PlanAsync(snapshot, m.CurrentSchema, null, cancellationToken).ConfigureAwait(false))
                {
                    if (!InTouched(task.File)) continue;
                    removed.Add(task.File);
                    foreach (var d in task.Deletes.Select(d => d.File).Where(d => !d.IsDeletionVector && (InTouched(d) || d.ReferencedDataFile == task.File.FilePath)))
                    {
                        // Global equality deletes (unpartitioned spec) of a partitioned table also apply elsewhere: keep them.
                        if (!unpartitioned && (m.SpecById(d.SpecId)?.IsUnpartitioned ?? false) && d.ReferencedDataFile is null) continue;
                        removedDeletes.TryAdd(d.FilePath, d);
                    }
                }
            }

            return await new SnapshotProducer(c, identifier, "overwrite", added, removed)
            {
                RemovedDeleteFiles = removedDeletes.Values.ToList(),
                ExtraSummary = new Dictionary<string, string>(StringComparer.Ordinal) { ["replace-partitions"] = "true" },
            }.CommitAsync(m, cancellationToken, retryAppend: false).ConfigureAwait(false);
        }
        catch
        {
            await RowLevelFiles.DeleteQuietlyAsync(c.Io, added).ConfigureAwait(false);
            throw;
        }
    }
}
