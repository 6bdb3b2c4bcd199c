using System.Runtime.ExceptionServices;
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

    private static RecordBatch DecodeOtlp(TelemetryKind kind, IReadOnlyList<byte[]> values) => kind switch
    {
        TelemetryKind.Traces => new SpanBatchBuilder().AppendRange(Read<Span>(values, OtlpJsonReader.Spans)).Build(),
        TelemetryKind.Logs => new LogBatchBuilder().AppendRange(Read<LogRecord>(values, OtlpJsonReader.Logs)).Build(),
        _ => new MetricBatchBuilder().AppendRange(Read<MetricDataPoint>(values, OtlpJsonReader.Metrics)).Build(),
    };

    /// <summary>
    /// Parses the records into models, in record order. Parsing dominates the consumer's cost, so large polls are split
    /// into contiguous record ranges parsed on the thread pool and joined in order.
    /// </summary>
    private static List<T> Read<T>(IReadOnlyList<byte[]> values, Action<ReadOnlyMemory<byte>, List<T>> read)
    {
        const int RangeRecords = 512;
        if (values.Count <= RangeRecords || Environment.ProcessorCount == 1)
        {
            var all = new List<T>(values.Count);
            foreach (byte[] v in values)
            {
                read(PayloadMemory(v), all);
            }

            return all;
        }

        int parts = (values.Count + RangeRecords - 1) / RangeRecords;
        var lists = new List<T>[parts];
        try
        {
            Parallel.For(0, parts, p =>
            {
                int from = p * RangeRecords;
                int to = Math.Min(values.Count, from + RangeRecords);
                var list = new List<T>(to - from);
                for (int i = from; i < to; i++)
                {
                    read(PayloadMemory(values[i]), list);
                }

                lists[p] = list;
            });
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            // Report the record's own error (e.g. CorruptDataException), as the sequential path would.
            ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
            throw;
        }

        var result = new List<T>(lists.Sum(l => l.Count));
        foreach (List<T> list in lists)
        {
            result.AddRange(list);
        }

        return result;
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
