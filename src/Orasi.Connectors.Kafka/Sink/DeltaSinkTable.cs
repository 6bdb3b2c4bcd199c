using System.Globalization;
using Apache.Arrow;
using Orasi.Connectors.DeltaLake;
using Orasi.Connectors.DeltaLake.Operations;

namespace Orasi.Connectors.Kafka.Sink;

/// <summary>A Delta table as sink target: offsets are <c>txn</c> actions (application id per group, topic and partition, version = last offset).</summary>
internal sealed class DeltaSinkTable(string uri, string group, string topic, IReadOnlyList<string>? partitionBy, IReadOnlyDictionary<string, string>? storageOptions) : ISinkTable
{
    public static async Task<IReadOnlyDictionary<int, long>> ReadOffsetsAsync(string uri, string group, string topic, IReadOnlyDictionary<string, string>? storageOptions, CancellationToken cancellationToken)
    {
        string prefix = KafkaTableSink.AppIdFor(group, topic, 0)[..^1];
        var offsets = new Dictionary<int, long>();
        DeltaSnapshot? snapshot = await TrySnapshotAsync(uri, storageOptions, cancellationToken).ConfigureAwait(false);
        foreach (var (appId, txn) in snapshot?.Transactions ?? new Dictionary<string, DeltaLake.Protocol.SetTransaction>())
        {
            if (appId.StartsWith(prefix, StringComparison.Ordinal)
                && int.TryParse(appId.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int partition))
            {
                offsets[partition] = txn.Version;
            }
        }

        return offsets;
    }

    public async Task<Schema?> ReadSchemaAsync(CancellationToken cancellationToken) =>
        (await TrySnapshotAsync(uri, storageOptions, cancellationToken).ConfigureAwait(false))?.Schema;

    public Task<IReadOnlyDictionary<int, long>> ReadOffsetsAsync(CancellationToken cancellationToken) =>
        ReadOffsetsAsync(uri, group, topic, storageOptions, cancellationToken);

    public async Task<string> CommitAsync(IReadOnlyList<RecordBatch> batches, IReadOnlyList<SinkPartitionCommit> partitions, CancellationToken cancellationToken)
    {
        var options = new DeltaWriteOptions
        {
            Mode = DeltaWriteMode.Append,
            PartitionBy = partitionBy,
            StorageOptions = storageOptions,
            Transactions = [.. partitions.Select(p => new DeltaAppTransaction(KafkaTableSink.AppIdFor(group, topic, p.Partition), p.Last, p.ExpectedLast))],
        };
        DeltaWriteResult written = await DeltaTableWriter.WriteAsync(uri, batches, options, cancellationToken).ConfigureAwait(false);
        return string.Create(CultureInfo.InvariantCulture, $"version {written.Version}");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static async Task<DeltaSnapshot?> TrySnapshotAsync(string uri, IReadOnlyDictionary<string, string>? storageOptions, CancellationToken cancellationToken)
    {
        try
        {
            DeltaTable table = await DeltaTable.OpenAsync(uri, storageOptions, cancellationToken).ConfigureAwait(false);
            await using (table.ConfigureAwait(false))
            {
                return await table.GetSnapshotAsync(null, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (TableNotFoundException)
        {
            return null;
        }
    }
}
