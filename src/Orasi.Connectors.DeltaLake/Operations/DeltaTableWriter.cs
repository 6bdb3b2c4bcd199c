using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Apache.Arrow;
using Orasi.Connectors.DeltaLake.Log;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.DeltaLake.Transactions;
using Orasi.Connectors.DeltaLake.Writing;
using Orasi.Connectors.Predicates;
using Orasi.Connectors.Storage;
using ArrowSchema = Apache.Arrow.Schema;

namespace Orasi.Connectors.DeltaLake.Operations;

/// <summary>
/// Creates Delta tables and writes Arrow record batches to them: append, overwrite (whole table or
/// <see cref="DeltaWriteOptions.ReplaceWhere"/>), schema merge/overwrite, idempotent writes by application id, and
/// copy-on-write deletes. Every operation commits one version with optimistic concurrency (see
/// <see cref="DeltaCommitProperties"/>); a failure before the commit leaves the table at its previous version.
/// </summary>
/// <example>
/// <code>
/// await DeltaTableWriter.WriteAsync("s3://lake/spans", batches, new DeltaWriteOptions { PartitionBy = ["date"] });
/// await DeltaTableWriter.DeleteAsync("s3://lake/spans", Predicate.Parse("date &lt; '2024-01-01'"));
/// </code>
/// </example>
public static partial class DeltaTableWriter
{
    /// <summary>Creates an empty table.</summary>
    /// <param name="uri">The table location (path, <c>file://</c>, <c>s3://</c>, <c>memory://</c>).</param>
    /// <param name="schema">The table's Arrow schema.</param>
    /// <param name="partitionColumns">Partition columns, in order; null for none.</param>
    /// <param name="properties">Table properties such as <c>delta.columnMapping.mode</c> or <c>delta.checkpointInterval</c>.</param>
    /// <param name="storageOptions">Object store options.</param>
    /// <param name="mode"><see cref="DeltaWriteMode.ErrorIfExists"/> (default) fails when the table exists; <see cref="DeltaWriteMode.Ignore"/> leaves it alone.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="ValidationFailedException">The table exists (with ErrorIfExists), or the schema or partition columns are invalid.</exception>
    public static async Task<DeltaWriteResult> CreateAsync(string uri, ArrowSchema schema, IReadOnlyList<string>? partitionColumns = null,
        IReadOnlyDictionary<string, string>? properties = null, IReadOnlyDictionary<string, string>? storageOptions = null,
        DeltaWriteMode mode = DeltaWriteMode.ErrorIfExists, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (mode is not (DeltaWriteMode.ErrorIfExists or DeltaWriteMode.Ignore))
        {
            throw new ValidationFailedException($"CreateAsync supports the modes ErrorIfExists and Ignore, not {mode}; use WriteAsync to append or overwrite.");
        }

        await using var store = ObjectStoreFactory.Open(uri, storageOptions);
        return await CreateAsync(store, schema, partitionColumns, properties, mode, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes batches to the table at <paramref name="uri"/>, creating it when missing.</summary>
    /// <param name="uri">The table location.</param>
    /// <param name="batches">The data, in the table's logical schema (or a new one with a schema mode).</param>
    /// <param name="options">Mode, partitioning, schema handling, file layout, idempotency and commit options.</param>
    /// <param name="cancellationToken">Cancels the write; nothing is committed then.</param>
    /// <exception cref="ValidationFailedException">The data does not match the table schema, or the options conflict.</exception>
    /// <exception cref="CommitConflictException">A concurrent commit conflicts with this write.</exception>
    public static async Task<DeltaWriteResult> WriteAsync(string uri, IAsyncEnumerable<RecordBatch> batches, DeltaWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        await using var store = ObjectStoreFactory.Open(uri, options?.StorageOptions);
        return await WriteAsync(store, batches, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes in-memory batches; see <see cref="WriteAsync(string, IAsyncEnumerable{RecordBatch}, DeltaWriteOptions?, CancellationToken)"/>.</summary>
    /// <param name="uri">The table location.</param>
    /// <param name="batches">The data.</param>
    /// <param name="options">Write options.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static Task<DeltaWriteResult> WriteAsync(string uri, IEnumerable<RecordBatch> batches, DeltaWriteOptions? options = null, CancellationToken cancellationToken = default)
        => WriteAsync(uri, ToAsync(batches), options, cancellationToken);

    /// <summary>
    /// Deletes the rows matching <paramref name="predicate"/> (all rows when null): files whose rows all match are
    /// removed; files with some matching rows are rewritten without them (copy-on-write), or get a deletion vector when
    /// the table enables them; nothing is committed when no row matches. See also <see cref="DeleteRowsAsync"/>.
    /// </summary>
    /// <param name="uri">The table location.</param>
    /// <param name="predicate">Which rows to delete, over logical column names; null deletes every row.</param>
    /// <param name="storageOptions">Object store options.</param>
    /// <param name="commitProperties">Commit options.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <exception cref="TableNotFoundException">There is no table at <paramref name="uri"/>.</exception>
    /// <exception cref="CommitConflictException">A concurrent commit touched the files this delete read.</exception>
    public static async Task<DeltaWriteResult> DeleteAsync(string uri, Predicate? predicate, IReadOnlyDictionary<string, string>? storageOptions = null,
        DeltaCommitProperties? commitProperties = null, CancellationToken cancellationToken = default)
    {
        await using var store = ObjectStoreFactory.Open(uri, storageOptions);
        return await DeleteAsync(store, predicate, commitProperties, cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<DeltaWriteResult> CreateAsync(IObjectStore store, ArrowSchema schema, IReadOnlyList<string>? partitionColumns,
        IReadOnlyDictionary<string, string>? properties, DeltaWriteMode mode, CancellationToken cancellationToken)
    {
        var state = await TryLoadAsync(store, cancellationToken).ConfigureAwait(false);
        if (state is not null)
        {
            return mode == DeltaWriteMode.Ignore
                ? new DeltaWriteResult(state.Version, true, 0, 0, 0, 0)
                : throw new ValidationFailedException($"A Delta table already exists at '{store.Root}' (version {state.Version.ToString(CultureInfo.InvariantCulture)}); write to it, or create with mode Ignore.");
        }

        var (protocol, metadata) = NewTable(store, DeltaArrowSchema.FromArrow(schema), partitionColumns, properties);
        var transaction = new DeltaTransaction(store, null) { Operation = "CREATE TABLE" };
        transaction.OperationParameters["partitionBy"] = JsonSerializer.Serialize(metadata.PartitionColumns);
        transaction.Add(protocol);
        transaction.Add(metadata);
        var version = await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new DeltaWriteResult(version, false, 0, 0, 0, 0);
    }

    internal static async Task<DeltaWriteResult> WriteAsync(IObjectStore store, IAsyncEnumerable<RecordBatch> batches, DeltaWriteOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batches);
        options ??= new DeltaWriteOptions();
        var table = store.Root.ToString();
        ValidateOptions(options, table);
        var state = await TryLoadAsync(store, cancellationToken).ConfigureAwait(false);
        if (state is not null)
        {
            if (options.Mode == DeltaWriteMode.ErrorIfExists)
            {
                throw new ValidationFailedException($"A Delta table already exists at '{table}' (version {state.Version.ToString(CultureInfo.InvariantCulture)}); use mode Append or Overwrite to write to it.");
            }

            if (options.Mode == DeltaWriteMode.Ignore || IsAlreadyApplied(state, options))
            {
                return new DeltaWriteResult(state.Version, true, 0, 0, 0, 0);
            }
        }

        CheckExpectedTransactions(state, options, table);

        var enumerator = batches.GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            var first = await enumerator.MoveNextAsync().ConfigureAwait(false) ? enumerator.Current : null;
            var transaction = new DeltaTransaction(store, state, options.CommitProperties);
            var metadata = PlanMetadata(store, state, first?.Schema, options, transaction);
            if (state is not null && TableProperties.AppendOnly(metadata) && (options.Mode == DeltaWriteMode.Overwrite))
            {
                throw new ValidationFailedException($"The Delta table '{table}' is append-only (delta.appendOnly=true); it cannot be overwritten.");
            }

            var writerOptions = new DataFileWriterOptions
            {
                TargetFileSize = options.TargetFileSize ?? TableProperties.TargetFileSize(metadata),
                Compression = options.Compression,
            };
            IReadOnlyList<AddFile> adds;
            var removes = new List<RemoveFile>();
            long rewrittenRows = 0;
            await using (var writer = new DeltaDataFileWriter(store, metadata, writerOptions))
            {
                var batch = first;
                while (batch is not null)
                {
                    if (options.ReplaceWhere is { } replace)
                    {
                        EnsureAllMatch(replace, batch, table);
                    }

                    await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                    batch = await enumerator.MoveNextAsync().ConfigureAwait(false) ? enumerator.Current : null;
                }

                var newRows = writer.RowsWritten;
                if (state is not null && options.Mode == DeltaWriteMode.Overwrite)
                {
                    if (options.ReplaceWhere is { } predicate)
                    {
                        rewrittenRows = await RemoveMatchingAsync(store, state, predicate, writer, transaction, removes, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        transaction.ReadWholeTable();
                        transaction.ReadFiles(state.Files.Values);
                        removes.AddRange(state.Files.Values.Select(ToRemove));
                    }
                }

                adds = await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
                transaction.AddRange(removes);
                transaction.AddRange(adds);
                if (options.AppId is { } appId && options.AppVersion is { } appVersion)
                {
                    transaction.Add(new SetTransaction { AppId = appId, Version = appVersion, LastUpdated = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
                }

                foreach (var txn in options.Transactions ?? [])
                {
                    transaction.Add(new SetTransaction { AppId = txn.AppId, Version = txn.Version, LastUpdated = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
                }

                transaction.Operation = "WRITE";
                transaction.OperationParameters["mode"] = options.Mode == DeltaWriteMode.Overwrite ? "Overwrite" : "Append";
                transaction.OperationParameters["partitionBy"] = JsonSerializer.Serialize(metadata.PartitionColumns);
                if (options.ReplaceWhere is { } where)
                {
                    transaction.OperationParameters["predicate"] = where.ToString();
                }

                var bytes = adds.Sum(a => a.Size);
                transaction.OperationMetrics["numFiles"] = adds.Count;
                transaction.OperationMetrics["numOutputRows"] = newRows + rewrittenRows;
                transaction.OperationMetrics["numOutputBytes"] = bytes;
                transaction.OperationMetrics["numRemovedFiles"] = removes.Count;
                transaction.OperationMetrics["numAddedFiles"] = adds.Count;
                var version = await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return new DeltaWriteResult(version, false, adds.Count, removes.Count, newRows + rewrittenRows, bytes);
            }
        }
    }

    internal static async Task<DeltaWriteResult> DeleteAsync(IObjectStore store, Predicate? predicate, DeltaCommitProperties? commitProperties, CancellationToken cancellationToken)
    {
        var result = await Dml.DmlOperations.DeleteAsync(store, null, predicate, commitProperties, cancellationToken).ConfigureAwait(false);
        return new DeltaWriteResult(result.Version, result.Skipped, result.FilesAdded, result.FilesRemoved, result.NumTargetRowsCopied, result.BytesWritten);
    }

    /// <summary>Loads the latest state, or null when there is no table.</summary>
    internal static async Task<TableState?> TryLoadAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        try
        {
            return await LogReplay.LoadAsync(store, null, cancellationToken).ConfigureAwait(false);
        }
        catch (TableNotFoundException)
        {
            return null;
        }
    }

    private static void ValidateOptions(DeltaWriteOptions options, string table)
    {
        if (options.SchemaMode == DeltaSchemaMode.Overwrite && options.Mode != DeltaWriteMode.Overwrite)
        {
            throw new ValidationFailedException($"SchemaMode Overwrite replaces the schema of '{table}' and needs Mode Overwrite; use SchemaMode Merge to add columns while appending.");
        }

        if (options.ReplaceWhere is not null && options.Mode != DeltaWriteMode.Overwrite)
        {
            throw new ValidationFailedException($"ReplaceWhere needs Mode Overwrite (writing to '{table}').");
        }

        if ((options.AppId is null) != (options.AppVersion is null))
        {
            throw new ValidationFailedException($"AppId and AppVersion must be set together for an idempotent write to '{table}'.");
        }

        if (options.TargetFileSize is <= 0)
        {
            throw new ValidationFailedException($"TargetFileSize is {options.TargetFileSize}; it must be positive.");
        }
    }

    private static void CheckExpectedTransactions(TableState? state, DeltaWriteOptions options, string table)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var txn in options.Transactions ?? [])
        {
            if (string.IsNullOrEmpty(txn.AppId) || !seen.Add(txn.AppId) || txn.AppId == options.AppId)
            {
                throw new ValidationFailedException($"Each application transaction written to '{table}' needs a distinct, non-empty AppId; '{txn.AppId}' is empty or repeated.");
            }

            long? recorded = state is not null && state.Transactions.TryGetValue(txn.AppId, out var current) ? current.Version : null;
            if (recorded != txn.ExpectedVersion)
            {
                throw new CommitConflictException(string.Create(CultureInfo.InvariantCulture,
                    $"The Delta table '{table}' records version {recorded?.ToString(CultureInfo.InvariantCulture) ?? "none"} for application '{txn.AppId}', not the expected {txn.ExpectedVersion?.ToString(CultureInfo.InvariantCulture) ?? "none"}; another writer advanced it, so re-read the table and resume after its version."));
            }
        }
    }

    private static bool IsAlreadyApplied(TableState state, DeltaWriteOptions options) =>
        options.AppId is { } appId && options.AppVersion is { } version
        && state.Transactions.TryGetValue(appId, out var recorded) && version <= recorded.Version;

    /// <summary>Decides the metadata (and protocol) of the write and stages them in <paramref name="transaction"/> when they change.</summary>
    private static Metadata PlanMetadata(IObjectStore store, TableState? state, ArrowSchema? dataSchema, DeltaWriteOptions options, DeltaTransaction transaction)
    {
        var table = store.Root.ToString();
        if (state is null)
        {
            if (dataSchema is null)
            {
                throw new ValidationFailedException($"There is no Delta table at '{table}' and the write has no batches to take a schema from; create the table with CreateAsync first.");
            }

            var (protocol, metadata) = NewTable(store, DeltaArrowSchema.FromArrow(dataSchema), options.PartitionBy, options.Configuration);
            transaction.Add(protocol);
            transaction.Add(metadata);
            return metadata;
        }

        var current = state.Metadata;
        if (options.PartitionBy is { } partitionBy && !partitionBy.SequenceEqual(current.PartitionColumns, StringComparer.Ordinal)
            && options.SchemaMode != DeltaSchemaMode.Overwrite)
        {
            throw new ValidationFailedException(
                $"The Delta table '{table}' is partitioned by [{string.Join(", ", current.PartitionColumns)}] but the write asks for [{string.Join(", ", partitionBy)}]; drop PartitionBy, or overwrite with SchemaMode Overwrite.");
        }

        if (dataSchema is null)
        {
            return current;
        }

        var tableSchema = current.ParseSchema();
        var incoming = DeltaArrowSchema.FromArrow(dataSchema);
        StructType? newSchema = null;
        IReadOnlyList<string> partitions = current.PartitionColumns;
        switch (options.SchemaMode)
        {
            case DeltaSchemaMode.Merge:
                var merged = SchemaEvolution.Merge(tableSchema, incoming, table);
                newSchema = ReferenceEquals(merged, tableSchema) ? null : merged;
                break;
            case DeltaSchemaMode.Overwrite:
                newSchema = incoming;
                partitions = options.PartitionBy ?? current.PartitionColumns;
                break;
            default:
                var problems = BatchConformer.Mismatches(dataSchema, tableSchema);
                if (problems.Count > 0)
                {
                    throw new ValidationFailedException(
                        $"The data does not match the schema of the Delta table '{table}': {string.Join("; ", problems)}. Fix the data, or write with SchemaMode Merge (new columns) or Overwrite (replace the schema).");
                }

                break;
        }

        if (newSchema is null)
        {
            return current;
        }

        var configuration = current.Configuration.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        newSchema = SchemaEvolution.AssignColumnMapping(newSchema, configuration);
        ValidatePartitions(newSchema, partitions, table);
        var updated = current with { SchemaString = DeltaSchema.ToJson(newSchema), PartitionColumns = partitions, Configuration = configuration };
        if (ProtocolSelector.Upgrade(state.Protocol, newSchema, configuration) is { } upgraded)
        {
            transaction.Add(upgraded);
        }

        transaction.Add(updated);
        return updated;
    }

    private static (ProtocolAction Protocol, Metadata Metadata) NewTable(IObjectStore store, StructType schema, IReadOnlyList<string>? partitionColumns, IReadOnlyDictionary<string, string>? properties)
    {
        var table = store.Root.ToString();
        var configuration = (properties ?? new Dictionary<string, string>()).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var partitions = partitionColumns?.ToList() ?? [];
        ValidatePartitions(schema, partitions, table);
        schema = SchemaEvolution.AssignColumnMapping(schema, configuration);

        // Validate the properties the writer reads, so a bad value fails the create and not a later write.
        var metadata = new Metadata
        {
            Id = Guid.NewGuid().ToString(),
            SchemaString = DeltaSchema.ToJson(schema),
            PartitionColumns = partitions,
            Configuration = configuration,
            CreatedTime = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        };
        _ = TableProperties.CheckpointInterval(metadata);
        _ = TableProperties.TargetFileSize(metadata);
        _ = TableProperties.DeletedFileRetention(metadata);
        _ = StatsOptions.For(metadata);
        return (ProtocolSelector.Select(schema, configuration), metadata);
    }

    private static void ValidatePartitions(StructType schema, IReadOnlyList<string> partitions, string table)
    {
        foreach (var column in partitions)
        {
            var field = schema.Fields.FirstOrDefault(f => string.Equals(f.Name, column, StringComparison.Ordinal))
                ?? throw new ValidationFailedException($"The partition column '{column}' is not a column of the data written to '{table}'; partition by one of: {string.Join(", ", schema.Fields.Select(f => f.Name))}.");
            if (field.Type is not (DeltaPrimitiveType or DeltaDecimalType))
            {
                throw new ValidationFailedException($"The partition column '{column}' of '{table}' has the nested type {field.Type.TypeName}; partition by a primitive column.");
            }
        }

        if (partitions.Count > 0 && partitions.Count == schema.Fields.Count)
        {
            throw new ValidationFailedException($"Every column of '{table}' would be a partition column; keep at least one data column.");
        }
    }

    private static void EnsureAllMatch(Predicate predicate, RecordBatch batch, string table)
    {
        var mask = predicate.Evaluate(batch);
        var bad = System.Array.FindIndex(mask, m => m != true);
        if (bad >= 0)
        {
            throw new ValidationFailedException(
                $"Row {bad.ToString(CultureInfo.InvariantCulture)} of the data written to '{table}' does not match the ReplaceWhere predicate '{predicate}'; every new row must match it.");
        }
    }

    /// <summary>
    /// Stages removes for the files holding rows matching <paramref name="predicate"/> and writes their other rows to
    /// <paramref name="writer"/>; returns how many rows were copied.
    /// </summary>
    private static async Task<long> RemoveMatchingAsync(IObjectStore store, TableState state, Predicate predicate, DeltaDataFileWriter writer,
        DeltaTransaction transaction, List<RemoveFile> removes, CancellationToken cancellationToken)
    {
        var metadata = state.Metadata;
        var schema = metadata.ParseSchema();
        predicate.Validate(DeltaArrowSchema.ToArrow(schema));
        transaction.ReadPredicate(predicate);
        long copied = 0;
        var candidates = state.Files.Values.Where(a => predicate.CanMatch(new AddFileStatistics(a, metadata, schema))).ToList();
        transaction.ReadFiles(candidates);
        foreach (var add in candidates)
        {
            var kept = new List<RecordBatch>();
            var matched = false;
            await foreach (var batch in DataFileReader.ReadAsync(store, metadata, add, cancellationToken).ConfigureAwait(false))
            {
                var mask = predicate.Evaluate(batch);
                if (mask.Any(m => m == true))
                {
                    matched = true;
                }

                var rest = BatchRows.Where(batch, mask, keep: false);
                if (rest.Length > 0)
                {
                    kept.Add(rest);
                }
            }

            if (!matched)
            {
                continue;
            }

            removes.Add(ToRemove(add));
            foreach (var rest in kept)
            {
                await writer.WriteAsync(rest, cancellationToken).ConfigureAwait(false);
                copied += rest.Length;
            }
        }

        return copied;
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

    private static async IAsyncEnumerable<RecordBatch> ToAsync(IEnumerable<RecordBatch> batches, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        foreach (var batch in batches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return batch;
            await Task.CompletedTask.ConfigureAwait(false);
        }
    }
}
