using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.IO;
using Orasi.Connectors.Iceberg.Scan;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Predicates;

namespace Orasi.Connectors.Iceberg.Operations;

/// <summary>
/// Merge-on-read delete (a row delta): finds the live rows matching the filter in every candidate data file (existing
/// deletes applied), writes their positions to position delete files, removes data files whose live rows all match,
/// and commits one "delete" snapshot. Not rebased on conflict, so a concurrent rewrite of a referenced file fails.
/// </summary>
internal static class MergeOnReadDelete
{
    public static async Task<IcebergCommitResult> RunAsync(MetastoreCatalog c, TableIdentifier identifier, string location, TableMetadata m, Predicate filter, CancellationToken cancellationToken)
    {
        if (m.CurrentSnapshot is not { } snapshot)
        {
            return new IcebergCommitResult(location, m);
        }

        var schema = m.CurrentSchema;
        filter.Validate(schema.ToArrowSchema());
        var paths = new PathResolver(m.Location, m.Location, null);
        var planner = new ScanPlanner(m, c.Io, paths);
        var tasks = await planner.PlanAsync(snapshot, schema, filter, cancellationToken).ConfigureAwait(false);
        var reader = new TaskReader(schema, c.Io, paths, NameMapping.FromProperties(m.Properties));
        var positionWriter = new PositionDeleteWriter(c.Io, m);
        var removed = new List<DataFile>();
        var removedDeletes = new List<DataFile>();
        foreach (var task in tasks)
        {
            var positions = new List<long>();
            long live = 0;
            await foreach (var (batch, first, mask) in reader.ReadPositionedAsync(task, schema.Fields, filter, 65_536, cancellationToken).ConfigureAwait(false))
            {
                var matches = filter.Evaluate(batch);
                for (var r = 0; r < batch.Length; r++)
                {
                    if (mask is not null && !mask[r]) continue;
                    live++;
                    if (matches[r] == true) positions.Add(first + r);
                }
            }

            if (positions.Count == 0)
            {
                continue;
            }

            if (positions.Count == live)
            {
                removed.Add(task.File);
                removedDeletes.AddRange(IcebergRowLevelOperations.OnlyReferencing(task));
            }
            else
            {
                positionWriter.Add(task.File, positions);
            }
        }

        if (removed.Count == 0 && positionWriter.IsEmpty)
        {
            return new IcebergCommitResult(location, m);
        }

        var added = await positionWriter.CompleteAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await new SnapshotProducer(c, identifier, "delete", [], removed)
            {
                AddedDeleteFiles = added,
                RemovedDeleteFiles = removedDeletes.DistinctBy(d => d.FilePath).ToList(),
            }.CommitAsync(m, cancellationToken, retryAppend: false).ConfigureAwait(false);
        }
        catch
        {
            await RowLevelFiles.DeleteQuietlyAsync(c.Io, added).ConfigureAwait(false);
            throw;
        }
    }
}
