using Apache.Arrow;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.IO;
using Orasi.Connectors.Iceberg.Scan;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Predicates;

namespace Orasi.Connectors.Iceberg.Operations;

/// <summary>
/// Upsert on the schema's identifier fields, in one snapshot. The input is buffered and de-duplicated (last row per
/// key wins). Merge-on-read writes the new rows plus, for every partition holding live data, an equality delete file
/// with all upserted keys: added in the same snapshot, they share its data sequence number, and equality deletes only
/// apply to data files with a strictly lower one, so they hide the old rows and never the new ones. Copy-on-write
/// rewrites the data files holding any upserted key without those rows.
/// </summary>
internal static class UpsertOperation
{
    public static async Task<IcebergCommitResult> RunAsync(MetastoreCatalog c, TableIdentifier identifier, string location, TableMetadata m, IAsyncEnumerable<RecordBatch> batches, bool mergeOnRead, CancellationToken cancellationToken)
    {
        var schema = m.CurrentSchema;
        if (schema.IdentifierFieldIds.Count == 0)
        {
            throw new ValidationFailedException($"Table '{identifier}' has no identifier fields, so rows have no key to upsert on; set them first with UpdateSchemaAsync(id, s => s.SetIdentifierFields(...)).");
        }

        var keyFields = schema.IdentifierFieldIds.Select(id => schema.FindField(id)
            ?? throw new ValidationFailedException($"Identifier field id {id} of table '{identifier}' is not a column of the current schema; reset the identifier fields.")).ToList();

        // Buffer and de-duplicate: the last row of each key wins.
        var input = new List<RecordBatch>();
        await foreach (var b in batches.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (b.Length > 0) input.Add(b);
        }

        var winners = new Dictionary<string, (int Batch, int Row)>(StringComparer.Ordinal);
        for (var bi = 0; bi < input.Count; bi++)
        {
            var cols = KeyColumns(input[bi], keyFields, identifier);
            for (var r = 0; r < input[bi].Length; r++)
            {
                winners[TaskReader.Key(cols, r)] = (bi, r);
            }
        }

        if (winners.Count == 0)
        {
            return new IcebergCommitResult(location, m);
        }

        var deduped = new List<RecordBatch>();
        for (var bi = 0; bi < input.Count; bi++)
        {
            var keep = new bool[input[bi].Length];
            var any = false;
            foreach (var (_, (b, r)) in winners)
            {
                if (b == bi)
                {
                    keep[r] = true;
                    any = true;
                }
            }

            if (any) deduped.Add(keep.All(k => k) ? input[bi] : BatchMask.Apply(input[bi], keep));
        }

        var written = new List<DataFile>();
        try
        {
            await using var writer = new DataFileWriter(c.Io, m);
            foreach (var b in deduped)
            {
                await writer.WriteAsync(b, cancellationToken).ConfigureAwait(false);
            }

            var removed = new List<DataFile>();
            var removedDeletes = new List<DataFile>();
            var addedDeletes = new List<DataFile>();
            var paths = new PathResolver(m.Location, m.Location, null);
            var tasks = m.CurrentSnapshot is { } snapshot
                ? await new ScanPlanner(m, c.Io, paths).PlanAsync(snapshot, schema, KeyFilter(keyFields, deduped), cancellationToken).ConfigureAwait(false)
                : [];
            if (mergeOnRead)
            {
                var deletes = new EqualityDeleteWriter(c.Io, m, schema.IdentifierFieldIds);
                var keyBatches = deduped.Select(b => new RecordBatch(deletes.KeyArrowSchema, KeyColumns(b, keyFields, identifier), b.Length)).ToList();
                foreach (var target in tasks.GroupBy(t => RowLevelFiles.PartitionKey(t.File.SpecId, t.File.Partition)))
                {
                    var file = target.First().File;
                    var spec = m.SpecById(file.SpecId) ?? m.DefaultSpec;
                    var partition = spec.IsUnpartitioned ? (IReadOnlyList<object?>)[] : file.Partition;
                    var eq = await deletes.WriteAsync(keyBatches, spec.SpecId, partition, cancellationToken).ConfigureAwait(false);
                    addedDeletes.Add(eq);
                    written.Add(eq);
                }
            }
            else
            {
                var reader = new TaskReader(schema, c.Io, paths, NameMapping.FromProperties(m.Properties));
                foreach (var task in tasks)
                {
                    var rest = new List<RecordBatch>();
                    var matched = 0;
                    await foreach (var (batch, _, mask) in reader.ReadPositionedAsync(task, schema.Fields, null, 65_536, cancellationToken).ConfigureAwait(false))
                    {
                        var cols = keyFields.Select(f => batch.Column(batch.Schema.GetFieldIndex(f.Name))).ToArray();
                        var keep = new bool[batch.Length];
                        for (var r = 0; r < batch.Length; r++)
                        {
                            if (mask is not null && !mask[r]) continue;
                            if (winners.ContainsKey(TaskReader.Key(cols, r))) matched++;
                            else keep[r] = true;
                        }

                        rest.Add(BatchMask.Apply(batch, keep));
                    }

                    if (matched == 0) continue;
                    removed.Add(task.File);
                    removedDeletes.AddRange(IcebergRowLevelOperations.OnlyReferencing(task));
                    foreach (var b in rest.Where(b => b.Length > 0))
                    {
                        await writer.WriteAsync(b, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            var added = await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            written.AddRange(added);
            var operation = removed.Count == 0 && addedDeletes.Count == 0 ? "append" : "overwrite";
            return await new SnapshotProducer(c, identifier, operation, added, removed)
            {
                AddedDeleteFiles = addedDeletes,
                RemovedDeleteFiles = removedDeletes.DistinctBy(d => d.FilePath).ToList(),
            }.CommitAsync(m, cancellationToken, retryAppend: false).ConfigureAwait(false);
        }
        catch
        {
            await RowLevelFiles.DeleteQuietlyAsync(c.Io, written).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// A superset filter of the upserted keys (<c>k in (...)</c> per int/long/string key column) used to skip data files
    /// and partitions whose metrics show they cannot hold any of the keys; null when nothing can be pruned on.
    /// </summary>
    internal static Predicate? KeyFilter(IReadOnlyList<NestedField> keyFields, IReadOnlyList<RecordBatch> batches)
    {
        const int maxValues = 10_000;
        Predicate? result = null;
        foreach (var f in keyFields)
        {
            if (f.Type is not PrimitiveType { Name: "int" or "long" or "string" }) continue;
            var values = new HashSet<object>();
            foreach (var b in batches)
            {
                var column = b.Column(b.Schema.GetFieldIndex(f.Name));
                for (var r = 0; r < b.Length && values.Count <= maxValues; r++)
                {
                    if (ArrowColumns.Value(column, r) is { } v) values.Add(v);
                }
            }

            if (values.Count == 0 || values.Count > maxValues) continue;
            var p = new In(f.Name, values);
            result = result is null ? p : new And(result, p);
        }

        return result;
    }

    private static IArrowArray[] KeyColumns(RecordBatch batch, IReadOnlyList<NestedField> keyFields, TableIdentifier identifier) =>
        keyFields.Select(f =>
        {
            var i = batch.Schema.GetFieldIndex(f.Name);
            return i >= 0 ? batch.Column(i) : throw new ValidationFailedException($"Upsert data for table '{identifier}' lacks identifier column '{f.Name}'; include every key column.");
        }).ToArray();
}
