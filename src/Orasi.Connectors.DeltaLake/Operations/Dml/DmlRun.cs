using Apache.Arrow;
using Orasi.Connectors.DeltaLake.ChangeDataFeed;
using Orasi.Connectors.DeltaLake.DeletionVectors;
using Orasi.Connectors.DeltaLake.Log;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.DeltaLake.Scan;
using Orasi.Connectors.DeltaLake.Transactions;
using Orasi.Connectors.DeltaLake.Writing;
using Orasi.Connectors.Storage;
using ArrowSchema = Apache.Arrow.Schema;
using StructType = Orasi.Connectors.DeltaLake.Protocol.StructType;

namespace Orasi.Connectors.DeltaLake.Operations.Dml;

/// <summary>
/// One DELETE, UPDATE or MERGE in progress: applies per-batch <see cref="RowChanges"/> to data files, either
/// copy-on-write (the file is removed and its untouched rows rewritten) or, when the table enables deletion vectors,
/// by re-adding the file with a deletion vector covering its old and new deleted rows; writes updated and inserted
/// rows to new files and, with the change data feed on, every changed row to <c>_change_data/</c>; then commits.
/// </summary>
internal sealed class DmlRun : IAsyncDisposable
{
    private readonly List<RemoveFile> _removes = [];
    private readonly List<AddFile> _reAdds = [];
    private readonly DeletionVectorFileWriter _vectors = new();
    private readonly DeltaDataFileWriter _data;
    private readonly DeltaDataFileWriter? _changes;

    /// <summary>Starts an operation on <paramref name="state"/>.</summary>
    public DmlRun(IObjectStore store, TableState state, string operation, DeltaCommitProperties? commitProperties)
    {
        Store = store;
        State = state;
        Metadata = state.Metadata;
        Schema = Metadata.ParseSchema();
        Logical = DeltaArrowSchema.ToArrow(Schema);
        Table = store.Root.ToString();
        if (TableProperties.AppendOnly(Metadata))
        {
            throw new ValidationFailedException($"The Delta table '{Table}' is append-only (delta.appendOnly=true); rows cannot be updated or deleted ({operation}).");
        }

        UseDeletionVectors = TableProperties.Flag(Metadata, "delta.enableDeletionVectors") && state.Protocol.HasWriterFeature("deletionVectors");
        ChangeDataFeed = ChangeDataSchema.IsEnabled(Metadata);
        Transaction = new DeltaTransaction(store, state, commitProperties) { Operation = operation };
        var targetSize = TableProperties.TargetFileSize(Metadata);
        _data = new DeltaDataFileWriter(store, Metadata, new DataFileWriterOptions { TargetFileSize = targetSize, DataChange = true });
        if (ChangeDataFeed)
        {
            _changes = new DeltaDataFileWriter(store, ChangeDataSchema.ForChangeFiles(Metadata),
                new DataFileWriterOptions { TargetFileSize = targetSize, DataChange = false, PathPrefix = ChangeDataSchema.Directory });
        }
    }

    /// <summary>The table's store.</summary>
    public IObjectStore Store { get; }

    /// <summary>The state read.</summary>
    public TableState State { get; }

    /// <summary>The table metadata.</summary>
    public Metadata Metadata { get; }

    /// <summary>The logical schema.</summary>
    public StructType Schema { get; }

    /// <summary>The logical schema in Arrow form (what data files are read as and written from).</summary>
    public ArrowSchema Logical { get; }

    /// <summary>The table location, for messages.</summary>
    public string Table { get; }

    /// <summary>True when deleted rows are marked with deletion vectors instead of rewriting files.</summary>
    public bool UseDeletionVectors { get; }

    /// <summary>True when change data files are written.</summary>
    public bool ChangeDataFeed { get; }

    /// <summary>The transaction being built.</summary>
    public DeltaTransaction Transaction { get; }

    /// <summary>Rows deleted so far.</summary>
    public long Deleted { get; private set; }

    /// <summary>Rows updated so far.</summary>
    public long Updated { get; private set; }

    /// <summary>Rows inserted so far.</summary>
    public long Inserted { get; private set; }

    /// <summary>Unchanged rows rewritten so far.</summary>
    public long Copied { get; private set; }

    /// <summary>Applies <paramref name="decide"/> to every live row of <paramref name="add"/> and stages the resulting file actions.</summary>
    public async Task ProcessFileAsync(AddFile add, Func<RecordBatch, RowChanges> decide, CancellationToken cancellationToken)
    {
        var existing = add.DeletionVector is { } dv
            ? await DeletionVectorReader.ReadAsync(Store, dv, add.Path, cancellationToken).ConfigureAwait(false)
            : [];
        var existingSet = new HashSet<long>(existing);
        var touched = new List<long>();
        long rowBase = 0;
        await foreach (var batch in DataFileReader.ReadAsync(Store, Metadata, add with { DeletionVector = null }, cancellationToken).ConfigureAwait(false))
        {
            var live = new List<int>(batch.Length);
            for (var i = 0; i < batch.Length; i++)
            {
                if (!existingSet.Contains(rowBase + i))
                {
                    live.Add(i);
                }
            }

            var rows = BatchRows.Take(batch, live);
            var changes = rows.Length == 0 ? RowChanges.None : decide(rows);
            var touchedMask = new bool[rows.Length];
            foreach (var index in changes.Deleted.Concat(changes.Updated))
            {
                if (touchedMask[index])
                {
                    throw new InvalidOperationException("A row was both deleted and updated.");
                }

                touchedMask[index] = true;
                touched.Add(rowBase + live[index]);
            }

            if (changes.Deleted.Count > 0)
            {
                var deleted = BatchRows.Take(rows, changes.Deleted);
                Deleted += deleted.Length;
                await WriteChangesAsync(deleted, ChangeDataSchema.Delete, cancellationToken).ConfigureAwait(false);
            }

            if (changes.Updated.Count > 0)
            {
                var post = changes.Postimage ?? throw new InvalidOperationException("Updated rows need a postimage.");
                Updated += changes.Updated.Count;
                await WriteChangesAsync(BatchRows.Take(rows, changes.Updated), ChangeDataSchema.UpdatePreimage, cancellationToken).ConfigureAwait(false);
                var conformed = BatchConformer.Conform(post, Schema, Logical, Table);
                await _data.WriteAsync(conformed, cancellationToken).ConfigureAwait(false);
                await WriteChangesAsync(conformed, ChangeDataSchema.UpdatePostimage, cancellationToken).ConfigureAwait(false);
            }

            rowBase += batch.Length;
        }

        if (touched.Count == 0)
        {
            return;
        }

        _removes.Add(ToRemove(add));
        var remaining = rowBase - existingSet.Count - touched.Count;
        if (remaining <= 0)
        {
            return;
        }

        if (UseDeletionVectors)
        {
            existingSet.UnionWith(touched);
            var descriptor = _vectors.Add(existingSet);
            _reAdds.Add(add with { DeletionVector = descriptor, DataChange = true });
            return;
        }

        // Copy-on-write: read the file again and copy its untouched live rows (keeps memory to one batch).
        await RewriteUntouchedAsync(add, existingSet, touched, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes a whole file without reading it (rows counted from its statistics when known).</summary>
    public void RemoveWhole(AddFile add, long? rows)
    {
        _removes.Add(ToRemove(add));
        Deleted += rows ?? 0;
    }

    /// <summary>Writes new rows (already in the table's logical schema) and records them as inserts.</summary>
    public async Task InsertAsync(RecordBatch rows, CancellationToken cancellationToken)
    {
        if (rows.Length == 0)
        {
            return;
        }

        var conformed = BatchConformer.Conform(rows, Schema, Logical, Table);
        await _data.WriteAsync(conformed, cancellationToken).ConfigureAwait(false);
        await WriteChangesAsync(conformed, ChangeDataSchema.Insert, cancellationToken).ConfigureAwait(false);
        Inserted += rows.Length;
    }

    /// <summary>Writes the deletion vector file, stages every action and commits; returns the result (skipped when nothing changed).</summary>
    public async Task<DeltaDmlResult> CommitAsync(IReadOnlyDictionary<string, long> extraMetrics, CancellationToken cancellationToken)
    {
        var adds = await _data.CompleteAsync(cancellationToken).ConfigureAwait(false);
        var changeFiles = _changes is null ? [] : await _changes.CompleteAsync(cancellationToken).ConfigureAwait(false);
        if (_removes.Count == 0 && adds.Count == 0)
        {
            return new DeltaDmlResult(State.Version, true, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }

        await _vectors.WriteAsync(Store, cancellationToken).ConfigureAwait(false);
        var cdc = changeFiles.Select(f => new AddCdcFile { Path = f.Path, PartitionValues = f.PartitionValues, Size = f.Size, DataChange = false }).ToList();
        Transaction.AddRange(_removes);
        Transaction.AddRange(_reAdds);
        Transaction.AddRange(adds);
        Transaction.AddRange(cdc);
        var bytes = adds.Sum(a => a.Size);
        var metrics = Transaction.OperationMetrics;
        metrics["numRemovedFiles"] = _removes.Count;
        metrics["numAddedFiles"] = adds.Count + _reAdds.Count;
        metrics["numAddedChangeFiles"] = cdc.Count;
        metrics["numDeletionVectorsAdded"] = _vectors.Count;
        metrics["numCopiedRows"] = Copied;
        metrics["numOutputBytes"] = bytes;
        foreach (var (key, value) in extraMetrics)
        {
            metrics[key] = value;
        }

        var version = await Transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new DeltaDmlResult(version, false, Updated, Deleted, Inserted, Copied, adds.Count + _reAdds.Count, _removes.Count, cdc.Count, _vectors.Count, bytes);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _data.DisposeAsync().ConfigureAwait(false);
        if (_changes is not null)
        {
            await _changes.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The number of live rows of a file according to its statistics, or null when unknown.</summary>
    public static long? LiveRows(AddFile add)
    {
        if (add.Stats is null)
        {
            return null;
        }

        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(add.Stats);
            return doc.RootElement.TryGetProperty("numRecords", out var n) && n.TryGetInt64(out var count)
                ? count - (add.DeletionVector?.Cardinality ?? 0)
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private async Task RewriteUntouchedAsync(AddFile add, HashSet<long> existing, List<long> touched, CancellationToken cancellationToken)
    {
        var gone = new HashSet<long>(existing);
        gone.UnionWith(touched);
        long rowBase = 0;
        await foreach (var batch in DataFileReader.ReadAsync(Store, Metadata, add with { DeletionVector = null }, cancellationToken).ConfigureAwait(false))
        {
            var keep = new List<int>(batch.Length);
            for (var i = 0; i < batch.Length; i++)
            {
                if (!gone.Contains(rowBase + i))
                {
                    keep.Add(i);
                }
            }

            if (keep.Count > 0)
            {
                var rows = BatchRows.Take(batch, keep);
                await _data.WriteAsync(rows, cancellationToken).ConfigureAwait(false);
                Copied += rows.Length;
            }

            rowBase += batch.Length;
        }
    }

    private async Task WriteChangesAsync(RecordBatch rows, string changeType, CancellationToken cancellationToken)
    {
        if (_changes is null || rows.Length == 0)
        {
            return;
        }

        await _changes.WriteAsync(ChangeDataSchema.WithChangeType(rows, changeType), cancellationToken).ConfigureAwait(false);
    }

    private static RemoveFile ToRemove(AddFile add) => new()
    {
        Path = add.Path,
        DeletionTimestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        DataChange = true,
        ExtendedFileMetadata = true,
        PartitionValues = add.PartitionValues,
        Size = add.Size,
        Stats = add.Stats,
        Tags = add.Tags,
        DeletionVector = add.DeletionVector,
        BaseRowId = add.BaseRowId,
        DefaultRowCommitVersion = add.DefaultRowCommitVersion,
    };
}
