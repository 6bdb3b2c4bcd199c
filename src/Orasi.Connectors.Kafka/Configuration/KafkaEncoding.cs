namespace Orasi.Connectors.Kafka.Configuration;

/// <summary>How record values are encoded (<c>encoding</c>).</summary>
public enum KafkaEncoding
{
    /// <summary>
    /// JSON: telemetry batches are written shaped like OTLP-JSON (<c>resourceSpans</c>, <c>resourceLogs</c>,
    /// <c>resourceMetrics</c>); other Arrow batches as one JSON object per row (the JSON Lines contract).
    /// With a schema registry, values carry the Confluent wire format and a registered JSON Schema.
    /// </summary>
    Json = 0,

    /// <summary>Avro binary in the Confluent wire format (magic byte 0, 4-byte schema id); needs <c>schema_registry_url</c>.</summary>
    Avro = 1,
}
