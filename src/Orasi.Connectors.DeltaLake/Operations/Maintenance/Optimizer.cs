using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Apache.Arrow;
using Orasi.Connectors.DeltaLake.Log;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.DeltaLake.Scan;
using Orasi.Connectors.DeltaLake.Transactions;
using Orasi.Connectors.DeltaLake.Writing;
using Orasi.Connectors.Storage;

namespace Orasi.Connectors.DeltaLake.Operations.Maintenance;

/// <summary>
/// OPTIMIZE: groups the live files of the selected partitions into bins of about the target size (small files and
/// files with deletion vectors only) or, with Z-order, one bin per partition; rewrites each bin through the scanner
/// (deletion vectors applied) into new files, and commits removes and adds with <c>dataChange=false</c>. The
/// transaction records the files it read but no predicate, so concurrent appends commute with it while a concurrent
/// remove of one of its files conflicts.
/// </summary>
internal static class Optimizer
{
    private const int ZOrderChunkRows = 65_536;

    /// <summary>Plans, writes and commits.</summary>
    public static async Task<DeltaOptimizeResult> RunAsync(IObjectStore store, DeltaOptimizeOptions options, CancellationToken cancellationToken)
    {
        var (prepared, state, considered) = await PrepareCoreAsync(store, options, cancellationToken).ConfigureAwait(false);
        return prepared is null
            ? new DeltaOptimizeResult(state.Version, false, 0, 0, 0, 0, 0, considered, 0)
            : await prepared.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Plans and writes the new files and stages the transaction; null when nothing needs rewriting.</summary>
    public static async Task<PreparedOptimize?> PrepareAsync(IObjectStore store, DeltaOptimizeOptions options, CancellationToken cancellationToken) =>
        (await PrepareCoreAsync(store, options, cancellationToken).ConfigureAwait(false)).Prepared;

    private static async Task<(PreparedOptimize? Prepared, TableState State, int Considered)> PrepareCoreAsync(IObjectStore store, DeltaOptimizeOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        var table = store.Root.ToString();
        if (options.MaxConcurrentTasks < 1)
        {
            throw new ValidationFailedException($"MaxConcurrentTasks is {options.MaxConcurrentTasks} for the OPTIMIZE of '{table}'; it must be at least 1.");
        }

        if (options.TargetFileSize is <= 0)
        {
            throw new ValidationFailedException($"TargetFileSize is {options.TargetFileSize} for the OPTIMIZE of '{table}'; it must be a positive number of bytes.");
        }

        if (options.MinFileSize is < 0)
        {
            throw new ValidationFailedException($"MinFileSize is {options.MinFileSize} for the OPTIMIZE of '{table}'; it must not be negative.");
        }

        var state = await LogReplay.LoadAsync(store, null, cancellationToken).ConfigureAwait(false);
        var metadata = state.Metadata;
        var context = new ScanContext(metadata, table);
        var target = options.TargetFileSize
            ?? (metadata.Configuration.ContainsKey("delta.targetFileSize") ? TableProperties.TargetFileSize(metadata) : DeltaOptimizeOptions.DefaultTargetFileSize);
        var minSize = options.MinFileSize ?? target;
        var zColumns = ResolveZOrder(options.ZOrderBy, context, table);
        if (options.PartitionFilter is { } filter)
        {
            filter.Validate(context.ArrowSchema);
            var notPartition = filter.Columns.Where(c => !context.PartitionFields.Any(f => string.Equals(f.Name, c, StringComparison.Ordinal))).ToList();
            if (notPartition.Count > 0)
            {
                throw new ValidationFailedException(
                    $"The OPTIMIZE filter '{filter}' on '{table}' uses the non-partition column(s) {string.Join(", ", notPartition)}; filter on partition columns only ({(context.PartitionFields.Count == 0 ? "the table has none" : string.Join(", ", context.PartitionFields.Select(f => f.Name)))}).");
            }
        }

        var selected = state.Files.Values
            .Where(f => options.PartitionFilter is not { } p || p.CanMatch(FileStatistics.Build(f, context)))
            .ToList();
        var partitions = selected.GroupBy(PartitionKey, StringComparer.Ordinal).ToList();
        var bins = new List<List<AddFile>>();
        foreach (var partition in partitions)
        {
            if (zColumns.Count > 0)
            {
                bins.Add(partition.OrderBy(f => f.Path, StringComparer.Ordinal).ToList());
                continue;
            }

            var candidates = partition.Where(f => f.Size < minSize || f.DeletionVector is not null)
                .OrderBy(f => f.Size).ThenBy(f => f.Path, StringComparer.Ordinal).ToList();
            var bin = new List<AddFile>();
            long binSize = 0;
            foreach (var file in candidates)
            {
                if (bin.Count > 0 && binSize + file.Size > target)
                {
                    bins.Add(bin);
                    bin = [];
                    binSize = 0;
                }

                bin.Add(file);
                binSize += file.Size;
            }

            if (bin.Count > 0)
            {
                bins.Add(bin);
            }

            bins.RemoveAll(b => b.Count == 1 && b[0].DeletionVector is null);
        }

        if (bins.Count == 0)
        {
            return (null, state, selected.Count);
        }

        var writerOptions = new DataFileWriterOptions { TargetFileSize = target, DataChange = false };
        var written = new ConcurrentBag<(IReadOnlyList<AddFile> Adds, long Rows)>();
        try
        {
            await Parallel.ForEachAsync(bins, new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrentTasks, CancellationToken = cancellationToken },
                async (bin, token) => written.Add(await RewriteAsync(store, metadata, context, bin, zColumns, writerOptions, token).ConfigureAwait(false)))
                .ConfigureAwait(false);
        }
        catch
        {
            await DeleteQuietlyAsync(store, written.SelectMany(w => w.Adds).ToList()).ConfigureAwait(false);
            throw;
        }

        var added = written.SelectMany(w => w.Adds).OrderBy(a => a.Path, StringComparer.Ordinal).ToList();
        var removed = bins.SelectMany(b => b).ToList();
        var rows = written.Sum(w => w.Rows);
        var partitionsOptimized = bins.Select(b => PartitionKey(b[0])).Distinct(StringComparer.Ordinal).Count();

        var transaction = new DeltaTransaction(store, state, options.CommitProperties) { Operation = "OPTIMIZE" };
        transaction.ReadFiles(removed);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        transaction.AddRange(removed.Select(f => ToRemove(f, now)));
        transaction.AddRange(added);
        transaction.OperationParameters["predicate"] = options.PartitionFilter?.ToString() ?? "[]";
        transaction.OperationParameters["targetSize"] = target.ToString(CultureInfo.InvariantCulture);
        transaction.OperationParameters["zOrderBy"] = JsonSerializer.Serialize(zColumns.Select(i => context.ArrowSchema.FieldsList[i].Name));
        transaction.OperationParameters["auto"] = "false";
        var metrics = transaction.OperationMetrics;
        metrics["numFilesAdded"] = added.Count;
        metrics["numFilesRemoved"] = removed.Count;
        metrics["numAddedFiles"] = added.Count;
        metrics["numRemovedFiles"] = removed.Count;
        metrics["numAddedBytes"] = added.Sum(a => a.Size);
        metrics["numRemovedBytes"] = removed.Sum(a => a.Size);
        metrics["numDeletionVectorsRemoved"] = removed.Count(r => r.DeletionVector is not null);
        metrics["numOutputRows"] = rows;
        metrics["partitionsOptimized"] = partitionsOptimized;
        metrics["numBatches"] = bins.Count;
        metrics["totalConsideredFiles"] = selected.Count;
        metrics["totalFilesSkipped"] = selected.Count - removed.Count;
        AddSizeMetrics(metrics, "filesAdded", added.Select(a => a.Size).ToList());
        AddSizeMetrics(metrics, "filesRemoved", removed.Select(a => a.Size).ToList());
        return (new PreparedOptimize(store, transaction, added, removed, partitionsOptimized, selected.Count, rows), state, selected.Count);
    }

    /// <summary>Deletes files best effort (they are unreferenced; VACUUM would remove them otherwise).</summary>
    internal static async Task DeleteQuietlyAsync(IObjectStore store, IReadOnlyList<AddFile> files)
    {
        foreach (var file in files)
        {
            try
            {
                await store.DeleteAsync(DeltaPaths.DecodeRelative(file.Path)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ConnectorException or IOException)
            {
                // Best effort: an orphaned data file is never referenced by the log and VACUUM removes it.
            }
        }
    }

    private static async Task<(IReadOnlyList<AddFile> Adds, long Rows)> RewriteAsync(IObjectStore store, Metadata metadata, ScanContext context,
        List<AddFile> bin, IReadOnlyList<int> zColumns, DataFileWriterOptions writerOptions, CancellationToken cancellationToken)
    {
        var scanner = new DeltaScanner(store, context, bin);
        await using var writer = new DeltaDataFileWriter(store, metadata, writerOptions);
        if (zColumns.Count == 0)
        {
            await foreach (var batch in scanner.ScanAsync(DeltaScanOptions.Default, cancellationToken).ConfigureAwait(false))
            {
                await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            var batches = new List<RecordBatch>();
            await foreach (var batch in scanner.ScanAsync(DeltaScanOptions.Default, cancellationToken).ConfigureAwait(false))
            {
                batches.Add(batch);
            }

            var all = ZOrder.Concatenate(batches, context.ArrowSchema);
            var order = ZOrder.Order(all, zColumns);
            for (var start = 0; start < order.Length; start += ZOrderChunkRows)
            {
                var count = Math.Min(ZOrderChunkRows, order.Length - start);
                await writer.WriteAsync(ZOrder.Take(all, order, start, count), cancellationToken).ConfigureAwait(false);
            }
        }

        var rows = writer.RowsWritten;
        return (await writer.CompleteAsync(cancellationToken).ConfigureAwait(false), rows);
    }

    private static List<int> ResolveZOrder(IReadOnlyList<string>? columns, ScanContext context, string table)
    {
        var result = new List<int>();
        foreach (var name in columns ?? [])
        {
            var index = context.Schema.Fields.ToList().FindIndex(f => string.Equals(f.Name, name, StringComparison.Ordinal));
            if (index < 0)
            {
                throw new ValidationFailedException(
                    $"The Z-order column '{name}' does not exist in the Delta table '{table}'; use one of: {string.Join(", ", context.Schema.Fields.Select(f => f.Name))}.");
            }

            var field = context.Schema.Fields[index];
            if (context.IsPartition(field))
            {
                throw new ValidationFailedException($"The Z-order column '{name}' of '{table}' is a partition column; Z-order by data columns only (partitions are already separate files).");
            }

            if (field.Type is not (DeltaPrimitiveType or DeltaDecimalType))
            {
                throw new ValidationFailedException($"The Z-order column '{name}' of '{table}' has the nested type {field.Type.TypeName}; Z-order by primitive columns.");
            }

            if (result.Contains(index))
            {
                throw new ValidationFailedException($"The Z-order column '{name}' is listed twice for '{table}'; list each column once.");
            }

            result.Add(index);
        }

        return result;
    }

    private static string PartitionKey(AddFile file) =>
        string.Join("\u0001", file.PartitionValues.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "\u0002" + (kv.Value ?? "\u0000")));

    private static RemoveFile ToRemove(AddFile add, long now) => new()
    {
        Path = add.Path,
        DeletionTimestamp = now,
        DataChange = false,
        ExtendedFileMetadata = true,
        PartitionValues = add.PartitionValues,
        Size = add.Size,
        Stats = add.Stats,
        Tags = add.Tags,
        DeletionVector = add.DeletionVector,
        BaseRowId = add.BaseRowId,
        DefaultRowCommitVersion = add.DefaultRowCommitVersion,
    };

    private static void AddSizeMetrics(Dictionary<string, long> metrics, string prefix, IReadOnlyList<long> sizes)
    {
        metrics[prefix + ".totalFiles"] = sizes.Count;
        metrics[prefix + ".totalSize"] = sizes.Sum();
        metrics[prefix + ".min"] = sizes.Count == 0 ? 0 : sizes.Min();
        metrics[prefix + ".max"] = sizes.Count == 0 ? 0 : sizes.Max();
        metrics[prefix + ".avg"] = sizes.Count == 0 ? 0 : (long)sizes.Average();
    }
}
