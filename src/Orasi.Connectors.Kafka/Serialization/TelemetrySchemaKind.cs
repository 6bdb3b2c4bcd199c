using Apache.Arrow;
using Orasi.Connectors.Telemetry;

namespace Orasi.Connectors.Kafka.Serialization;

/// <summary>Recognises the telemetry schemas by their <c>orasi.telemetry.kind</c> metadata.</summary>
internal static class TelemetrySchemaKind
{
    public static TelemetryKind? Of(Schema schema)
    {
        if (schema.Metadata is null || !schema.Metadata.TryGetValue(TelemetrySchemas.KindMetadataKey, out string? kind))
        {
            return null;
        }

        return kind switch
        {
            "traces" => TelemetryKind.Traces,
            "metrics" => TelemetryKind.Metrics,
            "logs" => TelemetryKind.Logs,
            _ => null,
        };
    }
}
