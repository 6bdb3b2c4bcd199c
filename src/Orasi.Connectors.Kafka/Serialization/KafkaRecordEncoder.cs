using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Arrays;
using Apache.Arrow.Types;
using Confluent.SchemaRegistry;
using Orasi.Connectors.Formatting;
using Orasi.Connectors.Kafka.Configuration;
using Orasi.Connectors.Telemetry;

namespace Orasi.Connectors.Kafka.Serialization;

/// <summary>Turns an Arrow batch into Kafka records: values in the configured encoding, keys by the key strategy, timestamps from the <c>timestamp</c> column.</summary>
internal sealed class KafkaRecordEncoder
{
    private readonly KafkaOptions _options;
    private readonly SchemaRegistryGateway? _registry;

    public KafkaRecordEncoder(KafkaOptions options, SchemaRegistryGateway? registry)
    {
        _options = options;
        _registry = registry;
        if (options.Encoding == KafkaEncoding.Avro && registry is null)
        {
            throw new ValidationFailedException("Kafka encoding avro needs a schema registry: set connectors.kafka.schema_registry_url (KAFKA_SCHEMA_REGISTRY_URL) or use encoding = \"json\".");
        }
    }

    public async ValueTask<EncodedRecords> EncodeAsync(RecordBatch batch, string topic, CancellationToken cancellationToken)
    {
        bool perBatch = _options.RecordGranularity == KafkaRecordGranularity.PerBatch;
        byte[][] values = _options.Encoding == KafkaEncoding.Avro
            ? await EncodeAvroAsync(batch, topic, perBatch, cancellationToken).ConfigureAwait(false)
            : await EncodeJsonAsync(batch, topic, perBatch, cancellationToken).ConfigureAwait(false);

        int n = values.Length;
        var keys = new byte[]?[n];
        var timestamps = new long[n];
        var counts = new int[n];
        if (perBatch)
        {
            counts[0] = batch.Length;
            timestamps[0] = batch.Length > 0 ? TimestampMs(batch, 0) : -1;
        }
        else
        {
            Func<int, byte[]?> key = KeySelector(batch);
            Func<int, long> ts = TimestampSelector(batch);
            for (int i = 0; i < n; i++)
            {
                keys[i] = key(i);
                timestamps[i] = ts(i);
                counts[i] = 1;
            }
        }

        return new EncodedRecords(keys, values, timestamps, counts);
    }

    private async ValueTask<byte[][]> EncodeAvroAsync(RecordBatch batch, string topic, bool perBatch, CancellationToken cancellationToken)
    {
        string schema = ArrowAvroSchema.ToAvroJson(batch.Schema, perBatch);
        string subject = _registry!.SubjectFor(topic, ArrowAvroSchema.RecordFullName(batch.Schema));
        int id = await _registry.GetOrRegisterAsync(subject, schema, SchemaType.Avro, cancellationToken).ConfigureAwait(false);
        var rows = new AvroRowWriter(batch);
        var writer = new AvroBinaryWriter(512);
        if (perBatch)
        {
            writer.WriteConfluentHeader(id);
            if (batch.Length > 0)
            {
                writer.WriteLong(batch.Length);
                for (int i = 0; i < batch.Length; i++)
                {
                    rows.WriteRow(writer, i);
                }
            }

            writer.WriteLong(0);
            return [writer.Written.ToArray()];
        }

        var values = new byte[batch.Length][];
        for (int i = 0; i < batch.Length; i++)
        {
            writer.Reset();
            writer.WriteConfluentHeader(id);
            rows.WriteRow(writer, i);
            values[i] = writer.Written.ToArray();
        }

        return values;
    }

    private async ValueTask<byte[][]> EncodeJsonAsync(RecordBatch batch, string topic, bool perBatch, CancellationToken cancellationToken)
    {
        TelemetryKind? kind = TelemetrySchemaKind.Of(batch.Schema);
        byte[][] values;
        if (kind == TelemetryKind.Traces && OtlpSpanColumnWriter.TryCreate(batch) is { } spanWriter)
        {
            values = EncodeSpans(spanWriter, batch.Length, perBatch);
        }
        else if (kind is { } k)
        {
            values = k switch
            {
                TelemetryKind.Traces => Otlp([.. SpanBatchReader.Read(batch)], perBatch, OtlpJsonWriter.Spans),
                TelemetryKind.Logs => Otlp([.. LogBatchReader.Read(batch)], perBatch, OtlpJsonWriter.Logs),
                _ => Otlp([.. MetricBatchReader.Read(batch)], perBatch, OtlpJsonWriter.Metrics),
            };
        }
        else
        {
            string[] lines = JsonLinesBatchWriter.ToJsonLines(batch).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            values = perBatch
                ? [Encoding.UTF8.GetBytes("[" + string.Join(',', lines) + "]")]
                : [.. lines.Select(Encoding.UTF8.GetBytes)];
        }

        if (_registry is not null)
        {
            string recordName = ArrowAvroSchema.RecordFullName(batch.Schema);
            string subject = _registry.SubjectFor(topic, recordName);
            int id = await _registry.GetOrRegisterAsync(subject, JsonSchemas.For(batch.Schema, kind, perBatch), SchemaType.Json, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = ConfluentWireFormat.Frame(id, values[i]);
            }
        }

        return values;
    }

    private static byte[][] EncodeSpans(OtlpSpanColumnWriter spans, int rows, bool perBatch)
    {
        var options = new JsonWriterOptions { SkipValidation = true };
        if (perBatch)
        {
            var buffer = new ArrayBufferWriter<byte>(Math.Max(1024, 1536 * rows));
            using var w = new Utf8JsonWriter(buffer, options);
            spans.Write(w, 0, rows);
            w.Flush();
            return [buffer.WrittenSpan.ToArray()];
        }

        // Each worker writes its rows one after another into one reused buffer, then cuts exact-size values out of it.
        var values = new byte[rows][];
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, rows, Math.Max(256, rows / (Environment.ProcessorCount * 4) + 1)), range =>
        {
            var buffer = new ArrayBufferWriter<byte>(1536 * (range.Item2 - range.Item1));
            using var w = new Utf8JsonWriter(buffer, options);
            for (int i = range.Item1; i < range.Item2; i++)
            {
                int from = buffer.WrittenCount;
                spans.Write(w, i, 1);
                w.Flush();
                values[i] = buffer.WrittenSpan[from..].ToArray();
                w.Reset();
            }
        });

        return values;
    }

    private static byte[][] Otlp<T>(List<T> items, bool perBatch, Func<IReadOnlyList<T>, int, int, byte[]> write)
    {
        if (perBatch)
        {
            return [write(items, 0, items.Count)];
        }

        // Encoding dominates the producer's cost: spread it over the cores in row ranges.
        var values = new byte[items.Count][];
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, items.Count, 1024), range =>
        {
            for (int i = range.Item1; i < range.Item2; i++)
            {
                values[i] = write(items, i, 1);
            }
        });

        return values;
    }

    private Func<int, byte[]?> KeySelector(RecordBatch batch)
    {
        string? column = _options.KeyStrategy switch
        {
            KafkaKeyStrategy.TraceId => TelemetryColumnNames.TraceId,
            KafkaKeyStrategy.ServiceName => TelemetryColumnNames.ServiceName,
            KafkaKeyStrategy.Column => _options.KeyColumn,
            _ => null,
        };
        if (column is null)
        {
            return _ => null;
        }

        int index = batch.Schema.GetFieldIndex(column);
        if (index < 0)
        {
            if (_options.KeyStrategy == KafkaKeyStrategy.TraceId)
            {
                return _ => null; // metrics have no trace id: fall back to no key.
            }

            throw new ValidationFailedException(
                $"Kafka key_strategy {_options.KeyStrategy} needs column '{column}', which the batch does not have; choose another key_strategy or key_column.");
        }

        IArrowArray array = batch.Column(index);
        return array switch
        {
            FixedSizeBinaryArray f => i => f.IsNull(i) ? null : HexKey(f.GetBytes(i)),
            StringArray s => i => s.IsNull(i) ? null : s.GetBytes(i).ToArray(),
            BinaryArray b => i => b.IsNull(i) ? null : b.GetBytes(i).ToArray(),
            Int64Array l => i => l.GetValue(i) is long v ? Encoding.ASCII.GetBytes(v.ToString(CultureInfo.InvariantCulture)) : null,
            Int32Array n => i => n.GetValue(i) is int v ? Encoding.ASCII.GetBytes(v.ToString(CultureInfo.InvariantCulture)) : null,
            _ => throw new UnsupportedFeatureException(
                $"Key column '{column}' has type {array.Data.DataType.Name}; keys can come from string, binary, fixed-size binary or integer columns."),
        };
    }

    private static byte[] HexKey(ReadOnlySpan<byte> bytes)
    {
        var key = new byte[bytes.Length * 2];
        Convert.TryToHexStringLower(bytes, key, out _);
        return key;
    }

    private static Func<int, long> TimestampSelector(RecordBatch batch)
    {
        int index = batch.Schema.GetFieldIndex(TelemetryColumnNames.Timestamp);
        if (index < 0 || batch.Column(index) is not TimestampArray ts)
        {
            return _ => -1;
        }

        var unit = ((TimestampType)ts.Data.DataType).Unit;
        return i => ts.IsNull(i) ? -1 : unit switch
        {
            TimeUnit.Nanosecond => ts.Values[i] / 1_000_000,
            TimeUnit.Microsecond => ts.Values[i] / 1_000,
            TimeUnit.Millisecond => ts.Values[i],
            _ => ts.Values[i] * 1000,
        };
    }

    private static long TimestampMs(RecordBatch batch, int row) => TimestampSelector(batch)(row);
}
