using Apache.Arrow;
using Orasi.Connectors.Kafka.Configuration;
using Orasi.Connectors.Kafka.Consumer;
using Orasi.Connectors.Kafka.Producer;
using Orasi.Connectors.Kafka.Serialization;
using Orasi.Connectors.Kafka.Tests.Support;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;
using Orasi.Testing.Kafka;

namespace Orasi.Connectors.Kafka.Tests.Producer;

[Collection(KafkaMockClusterFixture.CollectionName)]
public sealed class RoundTripTests(KafkaMockClusterFixture kafka) : IDisposable
{
    private readonly FakeSchemaRegistry _registry = new();

    public void Dispose() => _registry.Dispose();

    private string RegistryUrl => FakeSchemaRegistry.External ?? _registry.Url;

    public static TheoryData<TelemetryKind, KafkaEncoding, KafkaRecordGranularity> Cases()
    {
        var data = new TheoryData<TelemetryKind, KafkaEncoding, KafkaRecordGranularity>();
        foreach (TelemetryKind kind in Enum.GetValues<TelemetryKind>())
        {
            foreach (KafkaEncoding encoding in Enum.GetValues<KafkaEncoding>())
            {
                foreach (KafkaRecordGranularity granularity in Enum.GetValues<KafkaRecordGranularity>())
                {
                    data.Add(kind, encoding, granularity);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Telemetry_round_trips_through_the_mock_cluster(TelemetryKind kind, KafkaEncoding encoding, KafkaRecordGranularity granularity)
    {
        string topic = kafka.Cluster.CreateUniqueTopic(kind.ToString().ToLowerInvariant());
        var options = KafkaTestOptions.For(kafka.BootstrapServers, topic, o =>
        {
            o.Encoding = encoding;
            o.RecordGranularity = granularity;
            o.SchemaRegistryUrl = encoding == KafkaEncoding.Avro ? RegistryUrl : null;
        });
        RecordBatch input = new TelemetryGenerator(new TelemetryGeneratorOptions { Seed = 7 }).Generate(kind, 300, 300).Single();

        await using (var producer = new KafkaBatchProducer(options))
        {
            KafkaProduceResult result = await producer.ProduceAsync(input);
            Assert.True(result.Succeeded, $"failures: {string.Join("; ", result.Failures)}");
            Assert.Equal(300, result.Rows);
            Assert.Equal(granularity == KafkaRecordGranularity.PerRow ? 300 : 1, result.Records);
        }

        using var consumer = new KafkaBatchConsumer(options, TelemetrySchemas.For(kind));
        consumer.Subscribe(topic);
        List<RecordBatch> output = await ConsumeHelper.ReadRowsAsync(consumer, 300);

        // Per-row records are keyed by trace id and spread over partitions: compare as multisets.
        switch (kind)
        {
            case TelemetryKind.Traces:
                AssertSameRows(SpanBatchReader.Read(input), output.SelectMany(SpanBatchReader.Read));
                break;
            case TelemetryKind.Logs:
                AssertSameRows(LogBatchReader.Read(input), output.SelectMany(LogBatchReader.Read));
                break;
            default:
                AssertSameRows(MetricBatchReader.Read(input), output.SelectMany(MetricBatchReader.Read));
                break;
        }
    }

    [Fact]
    public async Task Generic_arrow_batches_round_trip_as_json_rows_and_avro()
    {
        var schema = new Schema.Builder()
            .Field(f => f.Name("id").DataType(Apache.Arrow.Types.Int64Type.Default).Nullable(false))
            .Field(f => f.Name("name").DataType(Apache.Arrow.Types.StringType.Default).Nullable(true))
            .Field(f => f.Name("score").DataType(Apache.Arrow.Types.DoubleType.Default).Nullable(true))
            .Build();
        var batch = new RecordBatch(schema,
            [
                new Int64Array.Builder().AppendRange([1, 2, 3]).Build(),
                new StringArray.Builder().Append("a").AppendNull().Append("ccc").Build(),
                new DoubleArray.Builder().Append(1.5).Append(2.5).AppendNull().Build(),
            ], 3);

        foreach (KafkaEncoding encoding in Enum.GetValues<KafkaEncoding>())
        {
            string topic = kafka.Cluster.CreateUniqueTopic("rows", partitions: 1);
            var options = KafkaTestOptions.For(kafka.BootstrapServers, topic, o =>
            {
                o.Encoding = encoding;
                o.KeyStrategy = KafkaKeyStrategy.Column;
                o.KeyColumn = "id";
                o.SchemaRegistryUrl = encoding == KafkaEncoding.Avro ? RegistryUrl : null;
            });
            await using (var producer = new KafkaBatchProducer(options))
            {
                (await producer.ProduceAsync(batch)).EnsureSuccess(topic);
            }

            using var consumer = new KafkaBatchConsumer(options, schema);
            consumer.Subscribe(topic);
            var output = await ConsumeHelper.ReadRowsAsync(consumer, 3);
            RecordBatch got = Assert.Single(output);
            Assert.Equal(Formatting.JsonLinesBatchWriter.ToJsonLines(batch), Formatting.JsonLinesBatchWriter.ToJsonLines(got));
        }
    }

    [Fact]
    public async Task Avro_values_use_the_confluent_wire_format_and_a_registered_subject()
    {
        string topic = kafka.Cluster.CreateUniqueTopic("wire", partitions: 1);
        var options = KafkaTestOptions.For(kafka.BootstrapServers, topic, o =>
        {
            o.Encoding = KafkaEncoding.Avro;
            o.SchemaRegistryUrl = _registry.Url;
            o.SubjectNameStrategy = KafkaSubjectNameStrategy.TopicRecord;
        });
        RecordBatch input = new TelemetryGenerator().Generate(TelemetryKind.Traces, 5, 5).Single();
        await using (var producer = new KafkaBatchProducer(options))
        {
            (await producer.ProduceAsync(input)).EnsureSuccess(topic);
        }

        Assert.Contains($"{topic}-orasi.telemetry.Span", _registry.Subjects);

        // An independent reader: Confluent's own Avro deserializer with the same registry.
        using var registry = new Confluent.SchemaRegistry.CachedSchemaRegistryClient(new Confluent.SchemaRegistry.SchemaRegistryConfig { Url = _registry.Url });
        var config = new Confluent.Kafka.ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = Guid.NewGuid().ToString("N"),
            AutoOffsetReset = Confluent.Kafka.AutoOffsetReset.Earliest,
        };
        using var raw = new Confluent.Kafka.ConsumerBuilder<byte[], byte[]>(config).Build();
        raw.Subscribe(topic);
        var first = raw.Consume(TimeSpan.FromSeconds(20));
        Assert.NotNull(first);
        Assert.Equal(0, first.Message.Value[0]);
        var deserializer = new Confluent.SchemaRegistry.Serdes.AvroDeserializer<Avro.Generic.GenericRecord>(registry);
        var record = await deserializer.DeserializeAsync(first.Message.Value, false,
            new Confluent.Kafka.SerializationContext(Confluent.Kafka.MessageComponentType.Value, topic));
        Span expected = SpanBatchReader.Read(input).First();
        Assert.Equal(expected.Name, record["span_name"]);
        Assert.Equal(expected.ServiceName, record["service_name"]);
        Assert.Equal(System.Text.Encoding.ASCII.GetBytes(expected.TraceId.ToHexString()), first.Message.Key);
        raw.Close();
    }

    private static void AssertSameRows<T>(IEnumerable<T> expected, IEnumerable<T> actual)
        where T : notnull
    {
        var e = expected.ToList();
        var a = actual.ToList();
        Assert.Equal(e.Count, a.Count);
        var remaining = a.GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
        foreach (T item in e)
        {
            Assert.True(remaining.TryGetValue(item, out int n) && n > 0, $"missing or changed row: {item}");
            remaining[item] = n - 1;
        }
    }
}
