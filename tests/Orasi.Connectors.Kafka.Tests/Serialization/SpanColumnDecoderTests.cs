using System.Diagnostics;
using System.Text;
using Apache.Arrow;
using Confluent.Kafka;
using Orasi.Connectors.Kafka.Configuration;
using Orasi.Connectors.Kafka.Consumer;
using Orasi.Connectors.Kafka.Serialization;
using Orasi.Connectors.Kafka.Tests.Support;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;
using Orasi.Testing.Kafka;

namespace Orasi.Connectors.Kafka.Tests.Serialization;

/// <summary>The direct OTLP-JSON → Arrow span decoder must produce exactly what the model-object path produces.</summary>
[Collection(KafkaMockClusterFixture.CollectionName)]
public sealed class SpanColumnDecoderTests(KafkaMockClusterFixture kafka)
{
    private static async Task<(RecordBatch Direct, RecordBatch Reference)> DecodeBothAsync(IReadOnlyList<byte[]> values)
    {
        var direct = new KafkaRecordDecoder(TelemetrySchemas.Traces, null);
        var reference = new KafkaRecordDecoder(TelemetrySchemas.Traces, null) { UseObjectPath = true };
        RecordBatch? a = await direct.DecodeAsync(values, CancellationToken.None);
        RecordBatch? b = await reference.DecodeAsync(values, CancellationToken.None);
        Assert.NotNull(a);
        Assert.NotNull(b);
        return (a, b);
    }

    private static void AssertSameRows(RecordBatch expected, RecordBatch actual)
    {
        Assert.Equal(expected.Schema.FieldsList.Select(f => (f.Name, f.DataType.TypeId, f.IsNullable)), actual.Schema.FieldsList.Select(f => (f.Name, f.DataType.TypeId, f.IsNullable)));
        List<Span> e = [.. SpanBatchReader.Read(expected)];
        List<Span> a = [.. SpanBatchReader.Read(actual)];
        Assert.Equal(e.Count, a.Count);
        for (int i = 0; i < e.Count; i++)
        {
            Assert.True(e[i].Equals(a[i]), $"row {i} differs: {e[i]} vs {a[i]}");
        }

        // Columns the model does not carry.
        for (int c = 0; c < expected.ColumnCount; c++)
        {
            Assert.Equal(expected.Column(c).NullCount, actual.Column(c).NullCount);
        }

        Assert.Equal(((Int64Array)expected.Column(TelemetryColumnNames.DurationNs)).Values.ToArray(), ((Int64Array)actual.Column(TelemetryColumnNames.DurationNs)).Values.ToArray());
        Assert.Equal(((Date32Array)expected.Column(TelemetryColumnNames.EventDate)).Values.ToArray(), ((Date32Array)actual.Column(TelemetryColumnNames.EventDate)).Values.ToArray());
    }

    [Theory]
    [InlineData(KafkaRecordGranularity.PerRow, 5000)]
    [InlineData(KafkaRecordGranularity.PerBatch, 700)]
    public async Task Generated_spans_decode_like_the_object_path(KafkaRecordGranularity granularity, int rows)
    {
        RecordBatch batch = new TelemetryGenerator(new TelemetryGeneratorOptions { Seed = 7 }).Generate(TelemetryKind.Traces, rows, rows).Single();
        var options = new KafkaOptions { BootstrapServers = ["localhost:9092"], Topic = "t", RecordGranularity = granularity };
        var values = new List<byte[]>();
        for (int s = 0; s < rows; s += 100)
        {
            // Encoded in 100-row slices: per-batch granularity gives one export request per slice.
            RecordBatch slice = batch.Slice(s, Math.Min(100, rows - s));
            values.AddRange((await new KafkaRecordEncoder(options, null).EncodeAsync(slice, "t", CancellationToken.None)).Values);
        }

        var (direct, reference) = await DecodeBothAsync(values);
        AssertSameRows(reference, direct);
        AssertSameRows(batch, direct);
    }

    private static Span Edge(int i, string name, Dictionary<string, string> attributes, bool parent, bool events, bool links, string service = "svc") => new()
    {
        TraceId = ActivityTraceId.CreateRandom(),
        SpanId = ActivitySpanId.CreateRandom(),
        ParentSpanId = parent ? ActivitySpanId.CreateRandom() : null,
        TraceState = i % 2 == 0 ? string.Empty : "k=v,\"q\"=ü",
        Name = name,
        Kind = (SpanKind)(i % 6),
        ServiceName = service,
        ResourceAttributes = i % 3 == 0 ? [] : [new("host.name", "h-" + (i % 2)), new("ключ", "值\u0001\t\"\\/")],
        ScopeName = i % 4 == 0 ? string.Empty : "scope/ø",
        ScopeVersion = "1.0",
        Attributes = [.. attributes],
        StartTimeUnixNano = 1_700_000_000_000_000_000L + i,
        EndTimeUnixNano = 1_700_000_000_000_000_000L + i + (i * 1000),
        StatusCode = (SpanStatusCode)(i % 3),
        StatusMessage = i % 3 == 2 ? "boom \"😀\"" : string.Empty,
        Events = events ? [new SpanEvent { Name = "ev\n1", TimeUnixNano = 5, Attributes = [] }, new SpanEvent { Name = string.Empty, TimeUnixNano = -1, Attributes = [new("a", "\u2028")] }] : [],
        Links = links ? [new SpanLink { TraceId = ActivityTraceId.CreateRandom(), SpanId = ActivitySpanId.CreateRandom(), TraceState = "x", Attributes = [new("l", "1")] }] : [],
    };

    [Fact]
    public async Task Edge_cases_decode_like_the_object_path()
    {
        var spans = new List<Span>();
        for (int i = 0; i < 60; i++)
        {
            var attributes = i % 5 == 0 ? [] : new Dictionary<string, string> { ["k" + i] = "v\u00e9\u0000" + i, ["emoji😀"] = string.Empty, ["long"] = new string('x', 300) };
            spans.Add(Edge(i, i % 7 == 0 ? string.Empty : "GET /é?q=\"1\"", attributes, parent: i % 2 == 0, events: i % 3 == 0, links: i % 4 == 1, service: i % 10 == 0 ? string.Empty : "svc"));
        }

        var values = new List<byte[]>();
        for (int i = 0; i < spans.Count; i++)
        {
            values.Add(OtlpJsonWriter.Spans(spans, i, 1));
        }

        values.Add(OtlpJsonWriter.Spans(spans, 0, spans.Count));
        var (direct, reference) = await DecodeBothAsync(values);
        AssertSameRows(reference, direct);
        Assert.Equal(spans.Count * 2, direct.Length);
    }

    [Fact]
    public async Task Field_order_unknown_fields_number_forms_and_escapes_decode_like_the_object_path()
    {
        string[] requests =
        [
            // Resource after the spans, scope after the spans, status first, numbers as numbers, unknown fields everywhere.
            """
            {"extra":[1,{"a":2}],"resourceSpans":[{"schemaUrl":"x","scopeSpans":[{"spans":[{"status":{"code":2,"message":"m\u00e9"},"endTimeUnixNano":200,"startTimeUnixNano":100,"kind":3,
              "flags":1,"droppedAttributesCount":0,"name":"n\"1\"","spanId":"0102030405060708","traceId":"0102030405060708090a0b0c0d0e0f10",
              "attributes":[{"value":{"intValue":"42"},"key":"i"},{"key":"d","value":{"doubleValue":1.5}},{"key":"b","value":{"boolValue":true}},
                {"key":"f","value":{"boolValue":false}},{"key":"arr","value":{"arrayValue":{"values":[{"stringValue":"a"}, {"intValue":1}]}}},
                {"key":"kv","value":{"kvlistValue":{"values":[]}}},{"key":"empty","value":{}},{"key":"nokey-value"},{"value":{"stringValue":"no key"}}],
              "events":[{"attributes":[],"name":"e","timeUnixNano":"18446744073709551615"}],
              "links":[{"attributes":[{"key":"x","value":{"stringValue":"y"}}],"spanId":"a1a2a3a4a5a6a7a8","traceId":"b1b2b3b4b5b6b7b8b9babbbcbdbebfc0","traceState":"s"}]}],
              "scope":{"version":"v","name":"sc","attributes":[]}}],
              "resource":{"droppedAttributesCount":0,"attributes":[{"key":"service.name","value":{"stringValue":"first"}},{"key":"service.name","value":{"stringValue":"second"}},{"key":"h","value":{"intValue":7}}]}}]}
            """,
            // Escaped property names and values, a null resource, no scope, parent id empty, missing optional fields.
            """
            {"resourceSpans":[{"resource":null,"scopeSpans":[{"spans":[{"trace\u0049d":"0102030405060708090a0b0c0d0e0f10","spanId":"\u00301020304050607f8","parentSpanId":"",
              "name":"\ud83d\ude00 \t tab","startTimeUnixNano":null}]}]}]}
            """,
            // Empty and absent arrays, non-array values where arrays are expected.
            """
            {"resourceSpans":[]}
            """,
            """
            {"resourceSpans":[{"scopeSpans":null},{"resource":{"attributes":{}},"scopeSpans":[{"scope":{"name":1},"spans":{}}]}]}
            """,
        ];
        var values = requests.Select(r => Encoding.UTF8.GetBytes(r)).ToList();
        var (direct, reference) = await DecodeBothAsync(values);
        AssertSameRows(reference, direct);
        Assert.Equal(2, direct.Length);
        Span first = SpanBatchReader.Read(direct).First();
        Assert.Equal("second", first.ServiceName);
        Assert.Equal("[\"i\", \"42\"]", $"[\"{first.Attributes.First().Key}\", \"{first.Attributes.First().Value}\"]");
        Assert.Contains(new KeyValuePair<string, string>("arr", "{\"values\":[{\"stringValue\":\"a\"}, {\"intValue\":1}]}"), first.Attributes);
        Assert.Equal(-1L, first.Events.Single().TimeUnixNano);
    }

    [Theory]
    [InlineData("{\"resourceSpans\":[{")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"spanId\":\"0102030405060708\"}]}]}]}")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"zz02030405060708090a0b0c0d0e0f10\",\"spanId\":\"0102030405060708\"}]}]}]}")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"0102030405060708090a0b0c0d0e0f10\",\"spanId\":\"0102030405060708\",\"startTimeUnixNano\":\"-5\"}]}]}]}")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"0102030405060708090a0b0c0d0e0f10\",\"spanId\":\"0102030405060708\",\"kind\":9}]}]}]}")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"0102030405060708090a0b0c0d0e0f10\",\"spanId\":\"0102030405060708\",\"startTimeUnixNano\":5,\"endTimeUnixNano\":4}]}]}]}")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"0102030405060708090a0b0c0d0e0f10\",\"spanId\":\"0102030405060708\",\"attributes\":[{\"key\":\"a\",\"value\":5}]}]}]}]}")]
    [InlineData("{\"resourceSpans\":[]} trailing")]
    public async Task A_corrupt_record_names_its_position(string corrupt)
    {
        RecordBatch batch = new TelemetryGenerator().Generate(TelemetryKind.Traces, 3000, 3000).Single();
        byte[][] values = (await new KafkaRecordEncoder(new KafkaOptions { BootstrapServers = ["localhost:9092"], Topic = "t" }, null).EncodeAsync(batch, "t", CancellationToken.None)).Values;
        values[2500] = Encoding.UTF8.GetBytes(corrupt);
        var decoder = new KafkaRecordDecoder(TelemetrySchemas.Traces, null);

        var ex = await Assert.ThrowsAsync<CorruptDataException>(async () => await decoder.DecodeAsync(values, CancellationToken.None, i => $"offset {i} of t"));
        Assert.Contains("OTLP-JSON", ex.Message, StringComparison.Ordinal);
        Assert.Contains("offset 2500 of t", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_consumer_names_topic_partition_and_offset_of_a_corrupt_record()
    {
        string topic = kafka.Cluster.CreateUniqueTopic("corrupt", partitions: 1);
        var options = KafkaTestOptions.For(kafka.BootstrapServers, topic);
        using (var producer = new ProducerBuilder<byte[], byte[]>(KafkaClientConfigs.Producer(options)).Build())
        {
            RecordBatch batch = new TelemetryGenerator().Generate(TelemetryKind.Traces, 3, 3).Single();
            byte[][] good = (await new KafkaRecordEncoder(options, null).EncodeAsync(batch, topic, CancellationToken.None)).Values;
            foreach (byte[] value in new[] { good[0], good[1], "{\"resourceSpans\":[{\"scopeSpans\":3,"u8.ToArray(), good[2] })
            {
                await producer.ProduceAsync(topic, new Message<byte[], byte[]> { Key = [], Value = value });
            }
        }

        using var consumer = new KafkaBatchConsumer(options, TelemetrySchemas.Traces);
        consumer.Subscribe(topic);
        var ex = await Assert.ThrowsAsync<CorruptDataException>(async () =>
        {
            for (int i = 0; i < 20; i++)
            {
                await consumer.ConsumeBatchAsync(10, TimeSpan.FromSeconds(1));
            }
        });
        Assert.Contains($"topic '{topic}' partition 0 offset 2", ex.Message, StringComparison.Ordinal);
    }
}
