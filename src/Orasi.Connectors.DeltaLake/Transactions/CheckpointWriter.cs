using System.Globalization;
using System.Text.Json;
using Apache.Arrow;
using Orasi.Connectors.DeltaLake.Log;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.Parquet;
using Orasi.Connectors.Storage;

namespace Orasi.Connectors.DeltaLake.Transactions;

/// <summary>
/// Writes a classic single-file Parquet checkpoint of a table state (<c>_delta_log/&lt;version&gt;.checkpoint.parquet</c>)
/// with the spec's columns <c>txn</c>, <c>add</c>, <c>remove</c>, <c>metaData</c>, <c>protocol</c> and
/// <c>domainMetadata</c> (one action per row; add stats as a JSON string), dropping tombstones older than
/// <c>delta.deletedFileRetentionDuration</c>, then the <c>_last_checkpoint</c> hint. The checkpoint object appears
/// atomically (it is written through <see cref="IObjectStore.OpenWriteAsync"/>).
/// </summary>
internal static class CheckpointWriter
{
    /// <summary>What was written.</summary>
    /// <param name="Version">The checkpointed version.</param>
    /// <param name="Size">Number of actions (rows) in the checkpoint.</param>
    /// <param name="SizeInBytes">Size of the checkpoint file.</param>
    /// <param name="NumOfAddFiles">Number of add actions.</param>
    public sealed record Result(long Version, long Size, long SizeInBytes, long NumOfAddFiles);

    /// <summary>Writes the checkpoint of <paramref name="state"/> and updates <c>_last_checkpoint</c>.</summary>
    public static async Task<Result> WriteAsync(IObjectStore store, TableState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(state);
        var cutoff = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (long)TableProperties.DeletedFileRetention(state.Metadata).TotalMilliseconds;
        var rows = new List<DeltaAction> { state.Protocol, state.Metadata };
        rows.AddRange(state.Transactions.Values);
        rows.AddRange(state.Domains.Values);
        rows.AddRange(state.Tombstones.Values.Where(r => (r.DeletionTimestamp ?? 0) > cutoff).Select(r => r with { DataChange = false }));
        rows.AddRange(state.Files.Values.Select(a => a with { DataChange = false }));
        var batch = BuildBatch(rows);
        var path = LogFileNames.ClassicCheckpointPath(state.Version);
        ObjectMetadata written;
        var stream = await store.OpenWriteAsync(path, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                await using var writer = new ParquetBatchWriter(stream, batch.Schema, new ParquetWriteOptions { Compression = ParquetCompression.Snappy }, path);
                await writer.WriteBatchAsync(batch, cancellationToken).ConfigureAwait(false);
                await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
                written = await stream.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                stream.Abort();
                throw;
            }
        }

        var result = new Result(state.Version, rows.Count, written.Size, state.Files.Count);
        var hint = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, long>
        {
            ["version"] = result.Version,
            ["size"] = result.Size,
            ["sizeInBytes"] = result.SizeInBytes,
            ["numOfAddFiles"] = result.NumOfAddFiles,
        });
        await store.PutAsync(LogFileNames.LastCheckpoint, hint, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Builds the checkpoint rows as one record batch.</summary>
    internal static RecordBatch BuildBatch(IReadOnlyList<DeltaAction> rows)
    {
        T? Of<T>(int i) where T : DeltaAction => rows[i] as T;
        IReadOnlyList<bool> Valid<T>() where T : DeltaAction => rows.Select(r => r is T).ToList();
        IEnumerable<TV> Map<T, TV>(Func<T, TV> select, TV fallback) where T : DeltaAction =>
            Enumerable.Range(0, rows.Count).Select(i => Of<T>(i) is { } a ? select(a) : fallback);

        var hasDv = rows.OfType<AddFile>().Any(a => a.DeletionVector is not null) || rows.OfType<RemoveFile>().Any(r => r.DeletionVector is not null);
        var protocol = CheckpointArrays.Struct(
        [
            ("minReaderVersion", CheckpointArrays.Ints(Map<ProtocolAction, int?>(p => p.MinReaderVersion, null))),
            ("minWriterVersion", CheckpointArrays.Ints(Map<ProtocolAction, int?>(p => p.MinWriterVersion, null))),
            ("readerFeatures", CheckpointArrays.Lists(Map<ProtocolAction, IReadOnlyList<string>?>(p => p.ReaderFeatures, null).ToList())),
            ("writerFeatures", CheckpointArrays.Lists(Map<ProtocolAction, IReadOnlyList<string>?>(p => p.WriterFeatures, null).ToList())),
        ], Valid<ProtocolAction>());
        var metaData = CheckpointArrays.Struct(
        [
            ("id", CheckpointArrays.Strings(Map<Metadata, string?>(m => m.Id, null))),
            ("name", CheckpointArrays.Strings(Map<Metadata, string?>(m => m.Name, null))),
            ("description", CheckpointArrays.Strings(Map<Metadata, string?>(m => m.Description, null))),
            ("format", CheckpointArrays.Struct(
            [
                ("provider", CheckpointArrays.Strings(Map<Metadata, string?>(m => m.Format.Provider, null))),
                ("options", CheckpointArrays.Maps(Map<Metadata, IReadOnlyDictionary<string, string?>?>(m => m.Format.Options.ToDictionary(kv => kv.Key, kv => (string?)kv.Value), null).ToList())),
            ], Valid<Metadata>())),
            ("schemaString", CheckpointArrays.Strings(Map<Metadata, string?>(m => m.SchemaString, null))),
            ("partitionColumns", CheckpointArrays.Lists(Map<Metadata, IReadOnlyList<string>?>(m => m.PartitionColumns, null).ToList())),
            ("configuration", CheckpointArrays.Maps(Map<Metadata, IReadOnlyDictionary<string, string?>?>(m => m.Configuration.ToDictionary(kv => kv.Key, kv => (string?)kv.Value), null).ToList())),
            ("createdTime", CheckpointArrays.Longs(Map<Metadata, long?>(m => m.CreatedTime, null))),
        ], Valid<Metadata>());
        var txn = CheckpointArrays.Struct(
        [
            ("appId", CheckpointArrays.Strings(Map<SetTransaction, string?>(t => t.AppId, null))),
            ("version", CheckpointArrays.Longs(Map<SetTransaction, long?>(t => t.Version, null))),
            ("lastUpdated", CheckpointArrays.Longs(Map<SetTransaction, long?>(t => t.LastUpdated, null))),
        ], Valid<SetTransaction>());
        var domain = CheckpointArrays.Struct(
        [
            ("domain", CheckpointArrays.Strings(Map<DomainMetadata, string?>(d => d.Domain, null))),
            ("configuration", CheckpointArrays.Strings(Map<DomainMetadata, string?>(d => d.Configuration, null))),
            ("removed", CheckpointArrays.Booleans(Map<DomainMetadata, bool?>(d => d.Removed, null))),
        ], Valid<DomainMetadata>());

        var addChildren = new List<(string, IArrowArray)>
        {
            ("path", CheckpointArrays.Strings(Map<AddFile, string?>(a => a.Path, null))),
            ("partitionValues", CheckpointArrays.Maps(Map<AddFile, IReadOnlyDictionary<string, string?>?>(a => a.PartitionValues, null).ToList())),
            ("size", CheckpointArrays.Longs(Map<AddFile, long?>(a => a.Size, null))),
            ("modificationTime", CheckpointArrays.Longs(Map<AddFile, long?>(a => a.ModificationTime, null))),
            ("dataChange", CheckpointArrays.Booleans(Map<AddFile, bool?>(a => a.DataChange, null))),
            ("stats", CheckpointArrays.Strings(Map<AddFile, string?>(a => a.Stats, null))),
            ("tags", CheckpointArrays.Maps(Map<AddFile, IReadOnlyDictionary<string, string?>?>(a => a.Tags, null).ToList())),
        };
        if (hasDv)
        {
            addChildren.Add(("deletionVector", DeletionVectors(rows.Select(r => (r as AddFile)?.DeletionVector).ToList())));
        }

        addChildren.Add(("baseRowId", CheckpointArrays.Longs(Map<AddFile, long?>(a => a.BaseRowId, null))));
        addChildren.Add(("defaultRowCommitVersion", CheckpointArrays.Longs(Map<AddFile, long?>(a => a.DefaultRowCommitVersion, null))));
        addChildren.Add(("clusteringProvider", CheckpointArrays.Strings(Map<AddFile, string?>(a => a.ClusteringProvider, null))));
        var add = CheckpointArrays.Struct(addChildren, Valid<AddFile>());

        var removeChildren = new List<(string, IArrowArray)>
        {
            ("path", CheckpointArrays.Strings(Map<RemoveFile, string?>(r => r.Path, null))),
            ("deletionTimestamp", CheckpointArrays.Longs(Map<RemoveFile, long?>(r => r.DeletionTimestamp, null))),
            ("dataChange", CheckpointArrays.Booleans(Map<RemoveFile, bool?>(r => r.DataChange, null))),
            ("extendedFileMetadata", CheckpointArrays.Booleans(Map<RemoveFile, bool?>(r => r.ExtendedFileMetadata, null))),
            ("partitionValues", CheckpointArrays.Maps(Map<RemoveFile, IReadOnlyDictionary<string, string?>?>(r => r.PartitionValues, null).ToList())),
            ("size", CheckpointArrays.Longs(Map<RemoveFile, long?>(r => r.Size, null))),
        };
        if (hasDv)
        {
            removeChildren.Add(("deletionVector", DeletionVectors(rows.Select(r => (r as RemoveFile)?.DeletionVector).ToList())));
        }

        removeChildren.Add(("baseRowId", CheckpointArrays.Longs(Map<RemoveFile, long?>(r => r.BaseRowId, null))));
        removeChildren.Add(("defaultRowCommitVersion", CheckpointArrays.Longs(Map<RemoveFile, long?>(r => r.DefaultRowCommitVersion, null))));
        var remove = CheckpointArrays.Struct(removeChildren, Valid<RemoveFile>());

        var columns = new (string Name, StructArray Array)[]
        {
            ("txn", txn), ("add", add), ("remove", remove), ("metaData", metaData), ("protocol", protocol), ("domainMetadata", domain),
        };
        var schema = new Schema(columns.Select(c => new Field(c.Name, c.Array.Data.DataType, true)).ToList(), null);
        return new RecordBatch(schema, columns.Select(c => (IArrowArray)c.Array), rows.Count);
    }

    private static StructArray DeletionVectors(IReadOnlyList<DeletionVectorDescriptor?> dvs) => CheckpointArrays.Struct(
    [
        ("storageType", CheckpointArrays.Strings(dvs.Select(d => d?.StorageType))),
        ("pathOrInlineDv", CheckpointArrays.Strings(dvs.Select(d => d?.PathOrInlineDv))),
        ("offset", CheckpointArrays.Ints(dvs.Select(d => d?.Offset))),
        ("sizeInBytes", CheckpointArrays.Ints(dvs.Select(d => (int?)d?.SizeInBytes))),
        ("cardinality", CheckpointArrays.Longs(dvs.Select(d => d?.Cardinality))),
    ], dvs.Select(d => d is not null).ToList());

    /// <summary>The <c>_last_checkpoint</c> content as text (for diagnostics).</summary>
    internal static string Describe(Result result) => string.Create(CultureInfo.InvariantCulture, $"version {result.Version}, {result.Size} actions");
}
