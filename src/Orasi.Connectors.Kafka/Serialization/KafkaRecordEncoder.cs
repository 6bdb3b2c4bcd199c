using System.Globalization;
using System.Text;
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

    /// <summary>Encodes the whole batch (row ranges spread over the cores).</summary>
    public async ValueTask<EncodedRecords> EncodeAsync(RecordBatch batch, string topic, CancellationToken cancellationToken)
    {
        PreparedBatch prepared = await PrepareAsync(batch, topic, cancellationToken).ConfigureAwait(false);
        return prepared.EncodeAll();
    }

    /// <summary>
    /// Resolves everything that is per batch (schema id, column writers, key and timestamp selectors) so that row
    /// ranges can then be encoded independently, on any thread, with <see cref="PreparedBatch.Encode"/>.
    /// </summary>
    public async ValueTask<PreparedBatch> PrepareAsync(RecordBatch batch, string topic, CancellationToken cancellationToken)
    {
        bool perBatch = _options.RecordGranularity == KafkaRecordGranularity.PerBatch;
        Func<int, byte[]?> key = perBatch ? _ => null : KeySelector(batch);
        Func<int, long> timestamp = TimestampSelector(batch);
        if (_options.Encoding == KafkaEncoding.Avro)
        {
            string schema = ArrowAvroSchema.ToAvroJson(batch.Schema, perBatch);
            string subject = _registry!.SubjectFor(topic, ArrowAvroSchema.RecordFullName(batch.Schema));
            int id = await _registry.GetOrRegisterAsync(subject, schema, SchemaType.Avro, cancellationToken).ConfigureAwait(false);
            var rows = new AvroRowWriter(batch);
            return new PreparedBatch(batch.Length, perBatch, key, timestamp, (w, i) => rows.WriteRow(w, i), id);
        }

        TelemetryKind? kind = TelemetrySchemaKind.Of(batch.Schema);
        int? jsonSchemaId = null;
        if (_registry is not null)
        {
            string recordName = ArrowAvroSchema.RecordFullName(batch.Schema);
            string subject = _registry.SubjectFor(topic, recordName);
            jsonSchemaId = await _registry.GetOrRegisterAsync(subject, JsonSchemas.For(batch.Schema, kind, perBatch), SchemaType.Json, cancellationToken).ConfigureAwait(false);
        }

        if (kind == TelemetryKind.Traces && OtlpSpanColumnWriter.TryCreate(batch) is { } spanWriter)
        {
            return new PreparedBatch(batch.Length, perBatch, key, timestamp, spanWriter, jsonSchemaId);
        }

        byte[][] values;
        if (kind is { } k)
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

        if (jsonSchemaId is int schemaId)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = ConfluentWireFormat.Frame(schemaId, values[i]);
            }
        }

        return new PreparedBatch(batch.Length, perBatch, key, timestamp, values);
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
}
