using Apache.Arrow;
using Confluent.Kafka;

namespace Orasi.Connectors.Kafka.Consumer;

/// <summary>
/// Records consumed in one call, decoded into an Arrow batch of the consumer's target schema, with the offsets to
/// commit once the caller has processed them (<see cref="KafkaBatchConsumer.Commit(KafkaConsumedBatch)"/>).
/// </summary>
public sealed class KafkaConsumedBatch
{
    private readonly HashSet<TopicPartition> _abandoned = [];

    internal KafkaConsumedBatch(RecordBatch? batch, int recordCount, IReadOnlyList<TopicPartitionOffset> nextOffsets, long firstTimestampMs, long lastTimestampMs)
    {
        Batch = batch;
        RecordCount = recordCount;
        NextOffsets = nextOffsets;
        FirstTimestampMs = firstTimestampMs;
        LastTimestampMs = lastTimestampMs;
    }

    /// <summary>The decoded rows (null when no record arrived before the wait ended).</summary>
    public RecordBatch? Batch { get; }

    /// <summary>Kafka records consumed (rows can be more in per-batch mode).</summary>
    public int RecordCount { get; }

    /// <summary>Per partition, the offset after the last record consumed: what a commit stores.</summary>
    public IReadOnlyList<TopicPartitionOffset> NextOffsets { get; }

    /// <summary>Timestamp (Unix ms) of the first record, or -1.</summary>
    public long FirstTimestampMs { get; }

    /// <summary>Timestamp (Unix ms) of the last record, or -1.</summary>
    public long LastTimestampMs { get; }

    /// <summary>Partitions taken away by a rebalance before this batch was committed: their records go to the new owner.</summary>
    public IReadOnlyCollection<TopicPartition> AbandonedPartitions
    {
        get
        {
            lock (_abandoned)
            {
                return [.. _abandoned];
            }
        }
    }

    /// <summary>True when no partition of this batch was revoked.</summary>
    public bool IsWhole
    {
        get
        {
            lock (_abandoned)
            {
                return _abandoned.Count == 0;
            }
        }
    }

    /// <summary>True when the batch includes records of a partition in <paramref name="partitions"/>.</summary>
    /// <param name="partitions">Partitions, for example those being revoked.</param>
    public bool Touches(IEnumerable<TopicPartition> partitions) => partitions.Any(p => NextOffsets.Any(o => o.TopicPartition == p));

    internal void Abandon(IEnumerable<TopicPartition> partitions)
    {
        lock (_abandoned)
        {
            foreach (TopicPartition p in partitions)
            {
                if (NextOffsets.Any(o => o.TopicPartition == p))
                {
                    _abandoned.Add(p);
                }
            }
        }
    }

    internal IReadOnlyList<TopicPartitionOffset> CommittableOffsets()
    {
        lock (_abandoned)
        {
            return [.. NextOffsets.Where(o => !_abandoned.Contains(o.TopicPartition))];
        }
    }
}
