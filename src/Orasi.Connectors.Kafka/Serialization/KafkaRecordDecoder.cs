using System.Text.Json;
using Apache.Arrow;
using Orasi.Connectors.Formatting;
using Orasi.Connectors.Kafka.Configuration;
using Orasi.Connectors.Telemetry;

namespace Orasi.Connectors.Kafka.Serialization;

/// <summary>
/// Turns record values into one Arrow batch of a target schema: OTLP-JSON into the telemetry schemas, JSON rows or
/// arrays through the JSON Lines reader, Avro (wire format, writer schema fetched by id) through a lossless JSON
/// transcoding. Values with a wire-format header are recognised whatever the configured encoding.
/// </summary>
internal sealed class KafkaRecordDecoder
{
    private readonly Schema _target;
    private readonly SchemaRegistryGateway? _registry;
    private readonly TelemetryKind? _kind;

    public KafkaRecordDecoder(Schema target, SchemaRegistryGateway? registry)
    {
        _target = target;
        _registry = registry;
        _kind = TelemetrySchemaKind.Of(target);
    }

    public Schema Schema => _target;

    public async ValueTask<RecordBatch?> DecodeAsync(IReadOnlyList<byte[]> values, CancellationToken cancellationToken)
    {
        if (values.Count == 0)
        {
            return null;
        }

        // Telemetry targets and OTLP-JSON payloads: decode through the models (lossless nanoseconds and ids).
        if (_kind is { } kind && values.All(v => IsJsonObject(Payload(v))))
        {
            return DecodeOtlp(kind, values);
        }

        using var lines = new MemoryStream();
        foreach (byte[] value in values)
        {
            if (ConfluentWireFormat.TryReadHeader(value, out int id) && (value.Length <= 5 || (value[5] != (byte)'{' && value[5] != (byte)'[')))
            {
                if (_registry is null)
                {
                    throw new ValidationFailedException("A Kafka record carries a schema registry id but no schema_registry_url is configured; set connectors.kafka.schema_registry_url to read Avro records.");
                }

                var writer = await _registry.GetAvroSchemaAsync(id, cancellationToken).ConfigureAwait(false);
                AvroJsonTranscoder.WriteLines(writer, value.AsSpan(ConfluentWireFormat.HeaderLength), lines);
                continue;
            }

            ReadOnlySpan<byte> json = Payload(value);
            if (json.Length > 0 && json[0] == (byte)'[')
            {
                using JsonDocument doc = JsonDocument.Parse(json.ToArray());
                foreach (JsonElement row in doc.RootElement.EnumerateArray())
                {
                    using (var w = new Utf8JsonWriter(lines))
                    {
                        row.WriteTo(w);
                    }

                    lines.WriteByte((byte)'\n');
                }
            }
            else
            {
                lines.Write(json);
                lines.WriteByte((byte)'\n');
            }
        }

        lines.Position = 0;
        var reader = new JsonLinesBatchReader(_target, int.MaxValue);
        RecordBatch? result = null;
        await foreach (RecordBatch batch in reader.ReadAsync(lines, cancellationToken).ConfigureAwait(false))
        {
            result = batch;
        }

        return result;
    }

    private RecordBatch DecodeOtlp(TelemetryKind kind, IReadOnlyList<byte[]> values)
    {
        switch (kind)
        {
            case TelemetryKind.Traces:
            {
                var spans = new List<Span>(values.Count);
                foreach (byte[] v in values)
                {
                    OtlpJsonReader.Spans(PayloadMemory(v), spans);
                }

                return new SpanBatchBuilder().AppendRange(spans).Build();
            }

            case TelemetryKind.Logs:
            {
                var logs = new List<LogRecord>(values.Count);
                foreach (byte[] v in values)
                {
                    OtlpJsonReader.Logs(PayloadMemory(v), logs);
                }

                return new LogBatchBuilder().AppendRange(logs).Build();
            }

            default:
            {
                var points = new List<MetricDataPoint>(values.Count);
                foreach (byte[] v in values)
                {
                    OtlpJsonReader.Metrics(PayloadMemory(v), points);
                }

                return new MetricBatchBuilder().AppendRange(points).Build();
            }
        }
    }

    private static bool IsJsonObject(ReadOnlySpan<byte> payload)
    {
        foreach (byte b in payload)
        {
            if (b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
            {
                continue;
            }

            return b == (byte)'{';
        }

        return false;
    }

    private static ReadOnlySpan<byte> Payload(byte[] value) =>
        ConfluentWireFormat.TryReadHeader(value, out _) ? value.AsSpan(ConfluentWireFormat.HeaderLength) : value;

    private static ReadOnlyMemory<byte> PayloadMemory(byte[] value) =>
        ConfluentWireFormat.TryReadHeader(value, out _) ? value.AsMemory(ConfluentWireFormat.HeaderLength) : value;
}
