namespace Orasi.Connectors.Kafka.Sink;

/// <summary>The table format a <see cref="KafkaTableSink"/> appends to.</summary>
public enum KafkaSinkTableFormat
{
    /// <summary>Delta Lake: consumed offsets are stored as <c>txn</c> actions in the same commit.</summary>
    Delta,

    /// <summary>Apache Iceberg: consumed offsets are stored in the snapshot summary (<c>orasi.kafka.offsets.{group}.{topic}</c>) of the same commit.</summary>
    Iceberg,
}
