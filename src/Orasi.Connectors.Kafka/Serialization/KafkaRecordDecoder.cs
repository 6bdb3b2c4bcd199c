using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Apache.Arrow;
using Orasi.Connectors.Formatting;
using Orasi.Connectors.Kafka.Configuration;
using Orasi.Connectors.Kafka.Serialization.Columns;
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

    /// <summary>When set, OTLP-JSON spans, logs and metrics go through the model objects (the reference path, for benchmarks and tests).</summary>
    public bool UseObjectPath { get; set; }

    /// <summary>Decodes <paramref name="values"/>; <paramref name="locate"/> names record i (topic, partition, offset) in errors.</summary>
    public async ValueTask<RecordBatch?> DecodeAsync(IReadOnlyList<byte[]> values, CancellationToken cancellationToken, Func<int, string>? locate = null)
    {
        if (values.Count == 0)
        {
            return null;
        }

        // Telemetry targets and OTLP-JSON payloads: decode straight into Arrow columns (lossless nanoseconds and ids).
        if (_kind is { } kind && values.All(v => IsJsonObject(Payload(v))))
        {
            return (kind, UseObjectPath) switch
            {
                (TelemetryKind.Traces, false) => DecodeColumns<SpanColumns>(values, locate, c => new OtlpSpanDecoder(c)),
                (TelemetryKind.Logs, false) => DecodeColumns<LogColumns>(values, locate, c => new OtlpLogDecoder(c)),
                (TelemetryKind.Metrics, false) => DecodeColumns<MetricColumns>(values, locate, c => new OtlpMetricDecoder(c)),
                _ => DecodeOtlp(kind, values, locate),
            };
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

    private static RecordBatch DecodeOtlp(TelemetryKind kind, IReadOnlyList<byte[]> values, Func<int, string>? locate) => kind switch
    {
        TelemetryKind.Traces => new SpanBatchBuilder().AppendRange(Read<Span>(values, OtlpJsonReader.Spans, locate)).Build(),
        TelemetryKind.Logs => new LogBatchBuilder().AppendRange(Read<LogRecord>(values, OtlpJsonReader.Logs, locate)).Build(),
        _ => new MetricBatchBuilder().AppendRange(Read<MetricDataPoint>(values, OtlpJsonReader.Metrics, locate)).Build(),
    };

    /// <summary>
    /// Decodes OTLP-JSON straight into Arrow columns. Large polls are split into one contiguous record range per
    /// core, decoded in parallel into separate column sets and joined in record order.
    /// </summary>
    private static RecordBatch DecodeColumns<TColumns>(IReadOnlyList<byte[]> values, Func<int, string>? locate, Func<TColumns, OtlpColumnDecoder> decoder)
        where TColumns : class, IColumnSet<TColumns>, new()
    {
        const int MinRangeRecords = 1024;
        int parts = Math.Min(Environment.ProcessorCount, values.Count / MinRangeRecords);
        if (parts <= 1)
        {
            var columns = new TColumns();
            DecodeRange(values, 0, values.Count, decoder(columns), locate);
            return columns.Build();
        }

        var sets = new TColumns[parts];
        try
        {
            Parallel.For(0, parts, p =>
            {
                int from = (int)((long)values.Count * p / parts);
                int to = (int)((long)values.Count * (p + 1) / parts);
                var columns = new TColumns();
                DecodeRange(values, from, to, decoder(columns), locate);
                sets[p] = columns;
            });
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
            throw;
        }

        for (int p = 1; p < parts; p++)
        {
            sets[0].AppendFrom(sets[p]);
        }

        return sets[0].Build();
    }

    private static void DecodeRange(IReadOnlyList<byte[]> values, int from, int to, OtlpColumnDecoder decoder, Func<int, string>? locate)
    {
        for (int i = from; i < to; i++)
        {
            try
            {
                decoder.Decode(Payload(values[i]));
            }
            catch (Exception ex) when (ex is JsonException or InvalidDataException or InvalidOperationException)
            {
                throw new CorruptDataException(
                    $"The Kafka record at {Where(i, locate)} is not valid OTLP-JSON ({ex.Message}); check the producer's encoding.", ex);
            }
        }
    }

    private static string Where(int index, Func<int, string>? locate) =>
        locate?.Invoke(index) ?? string.Create(CultureInfo.InvariantCulture, $"position {index} of the poll");

    /// <summary>
    /// Parses the records into models, in record order. Parsing dominates the consumer's cost, so large polls are split
    /// into contiguous record ranges parsed on the thread pool and joined in order.
    /// </summary>
    private static List<T> Read<T>(IReadOnlyList<byte[]> values, Action<ReadOnlyMemory<byte>, List<T>> read, Func<int, string>? locate)
    {
        void ReadOne(int i, List<T> into)
        {
            try
            {
                read(PayloadMemory(values[i]), into);
            }
            catch (CorruptDataException ex)
            {
                throw new CorruptDataException($"The Kafka record at {Where(i, locate)} is corrupt: {ex.Message}", ex);
            }
        }

        const int RangeRecords = 512;
        if (values.Count <= RangeRecords || Environment.ProcessorCount == 1)
        {
            var all = new List<T>(values.Count);
            for (int i = 0; i < values.Count; i++)
            {
                ReadOne(i, all);
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
                    ReadOne(i, list);
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
