namespace Orasi.Connectors.Kafka.Configuration;

/// <summary>How many rows one Kafka record carries (<c>record_granularity</c>).</summary>
public enum KafkaRecordGranularity
{
    /// <summary>One record per span, data point, log record or row.</summary>
    PerRow = 0,

    /// <summary>One record per Arrow batch (an OTLP export request, a JSON array or an Avro array).</summary>
    PerBatch = 1,
}
