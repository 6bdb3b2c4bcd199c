using Confluent.Kafka;

namespace Orasi.Connectors.Kafka.Consumer;

/// <summary>
/// Passed to the revoked handler during a rebalance: the partitions leaving this consumer and the batches handed out
/// but not committed that hold their records. Call <see cref="Commit"/> for work that is finished; everything else
/// is abandoned when the handler returns (never committed here, redelivered to the new owner).
/// </summary>
public sealed class KafkaRevocation
{
    private readonly KafkaBatchConsumer _consumer;

    internal KafkaRevocation(KafkaBatchConsumer consumer, IReadOnlyList<TopicPartition> partitions, IReadOnlyList<KafkaConsumedBatch> inFlight, bool lost)
    {
        _consumer = consumer;
        Partitions = partitions;
        InFlight = inFlight;
        IsLost = lost;
    }

    /// <summary>The partitions being revoked.</summary>
    public IReadOnlyList<TopicPartition> Partitions { get; }

    /// <summary>Uncommitted batches containing records of those partitions.</summary>
    public IReadOnlyList<KafkaConsumedBatch> InFlight { get; }

    /// <summary>True when the partitions were lost (session timeout): commits are no longer possible.</summary>
    public bool IsLost { get; }

    /// <summary>Commits a finished in-flight batch before its partitions leave (not possible when <see cref="IsLost"/>).</summary>
    /// <param name="batch">A batch from <see cref="InFlight"/>.</param>
    public void Commit(KafkaConsumedBatch batch)
    {
        if (IsLost)
        {
            throw new ConnectorException("The partitions were lost (the group moved on after a session timeout), so their offsets can no longer be committed; the records will be redelivered.");
        }

        _consumer.CommitCore(batch);
    }
}
