using Apache.Arrow;

namespace Orasi.Connectors.Kafka.Sink;

/// <summary>The table side of a <see cref="KafkaTableSink"/>: reads the stored offsets and commits data with new ones atomically.</summary>
internal interface ISinkTable : IAsyncDisposable
{
    /// <summary>The table's schema, or null when the table does not exist yet.</summary>
    Task<Schema?> ReadSchemaAsync(CancellationToken cancellationToken);

    /// <summary>Per partition, the last offset the table holds for the sink's group and topic (empty when the table does not exist).</summary>
    Task<IReadOnlyDictionary<int, long>> ReadOffsetsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Appends the batches and records each partition's new last offset in the same commit, but only if every
    /// partition's stored offset still is the expected one (for the commit attempt that lands, not just the first).
    /// </summary>
    /// <returns>A short description of the commit for the log (version or snapshot id).</returns>
    /// <exception cref="CommitConflictException">A stored offset is not the expected one (another instance wrote these records) or concurrent commits kept winning; nothing was committed.</exception>
    Task<string> CommitAsync(IReadOnlyList<RecordBatch> batches, IReadOnlyList<SinkPartitionCommit> partitions, CancellationToken cancellationToken);
}
