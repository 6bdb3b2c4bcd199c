namespace Orasi.Connectors.Kafka.Configuration;

/// <summary>What goes into the record key, and so which partition a record lands on (<c>key_strategy</c>).</summary>
public enum KafkaKeyStrategy
{
    /// <summary>No key: the producer spreads records (sticky partitioner).</summary>
    None = 0,

    /// <summary>The trace id as 32 lowercase hex characters, so all spans of a trace share a partition.</summary>
    TraceId = 1,

    /// <summary>The <c>service_name</c> column as UTF-8.</summary>
    ServiceName = 2,

    /// <summary>The value of the column named by <c>key_column</c>, formatted as text.</summary>
    Column = 3,
}
