using System.Text;
using Apache.Arrow;
using Orasi.Connectors.Kafka.Configuration;
using Orasi.Connectors.Kafka.Serialization;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;

namespace Orasi.Connectors.Kafka.Tests.Serialization;

/// <summary>The direct OTLP-JSON → Arrow metric decoder must produce exactly what the model-object path produces.</summary>
public sealed class MetricColumnDecoderTests
{
    private static async Task<(RecordBatch Direct, RecordBatch Reference)> DecodeBothAsync(IReadOnlyList<byte[]> values)
    {
        RecordBatch? a = await new KafkaRecordDecoder(TelemetrySchemas.Metrics, null).DecodeAsync(values, CancellationToken.None);
        RecordBatch? b = await new KafkaRecordDecoder(TelemetrySchemas.Metrics, null) { UseObjectPath = true }.DecodeAsync(values, CancellationToken.None);
        Assert.NotNull(a);
        Assert.NotNull(b);
        return (a, b);
    }

    private static void AssertSameRows(RecordBatch expected, RecordBatch actual)
    {
        Assert.Equal(expected.Schema.FieldsList.Select(f => (f.Name, f.DataType.TypeId, f.IsNullable)), actual.Schema.FieldsList.Select(f => (f.Name, f.DataType.TypeId, f.IsNullable)));
        List<MetricDataPoint> e = [.. MetricBatchReader.Read(expected)];
        List<MetricDataPoint> a = [.. MetricBatchReader.Read(actual)];
        Assert.Equal(e.Count, a.Count);
        for (int i = 0; i < e.Count; i++)
        {
            Assert.True(e[i].Equals(a[i]), $"row {i} differs: {e[i]} vs {a[i]}");
        }

        for (int c = 0; c < expected.ColumnCount; c++)
        {
            Assert.Equal(expected.Column(c).NullCount, actual.Column(c).NullCount);
        }
    }

    [Theory]
    [InlineData(KafkaRecordGranularity.PerRow, 5000)]
    [InlineData(KafkaRecordGranularity.PerBatch, 700)]
    public async Task Generated_metrics_decode_like_the_object_path(KafkaRecordGranularity granularity, int rows)
    {
        RecordBatch batch = new TelemetryGenerator(new TelemetryGeneratorOptions { Seed = 5 }).Generate(TelemetryKind.Metrics, rows, rows).Single();
        var options = new KafkaOptions { BootstrapServers = ["localhost:9092"], Topic = "t", RecordGranularity = granularity };
        var values = new List<byte[]>();
        for (int s = 0; s < rows; s += 100)
        {
            values.AddRange((await new KafkaRecordEncoder(options, null).EncodeAsync(batch.Slice(s, Math.Min(100, rows - s)), "t", CancellationToken.None)).Values);
        }

        var (direct, reference) = await DecodeBothAsync(values);
        AssertSameRows(reference, direct);
        AssertSameRows(batch, direct);
        Assert.Contains(MetricBatchReader.Read(direct), p => p.MetricType == MetricType.Histogram);
    }

    [Fact]
    public async Task Edge_cases_decode_like_the_object_path()
    {
        string[] requests =
        [
            // Body before name, aggregation after the points, numbers as strings and numbers, unknown fields, escapes.
            """
            {"resourceMetrics":[{"scopeMetrics":[{"metrics":[
              {"sum":{"dataPoints":[{"asInt":"5","timeUnixNano":"10","startTimeUnixNano":1,"attributes":[{"key":"k\u00e9","value":{"stringValue":"v\n"}}]},{"asDouble":1.5,"timeUnixNano":11,"exemplars":[]}],
                "isMonotonic":true,"aggregationTemporality":2},"unit":"By","name":"bytes\u0021","description":"d \"q\"","metadata":[]},
              {"name":"g","gauge":{"dataPoints":[{"asDouble":"NaN","asInt":3,"timeUnixNano":5},{"timeUnixNano":6}]}},
              {"histogram":{"aggregationTemporality":1,"dataPoints":[{"count":"3","sum":4.5,"min":1,"max":2.5,"bucketCounts":["1",2],"explicitBounds":[1.0],"timeUnixNano":"7"},
                {"count":0,"timeUnixNano":8}]},"name":"h"},
              {"name":"both","gauge":{"dataPoints":[{"asInt":1}]},"sum":{"dataPoints":[{"asInt":2}]}}
            ],"scope":{"version":"1"}}],"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"m"}}]}}]}
            """,
        ];
        var values = requests.Select(r => Encoding.UTF8.GetBytes(r)).ToList();
        var points = MetricBatchReader.Read(new TelemetryGenerator().Generate(TelemetryKind.Metrics, 50, 50).Single()).ToList();
        for (int i = 0; i < points.Count; i++)
        {
            values.Add(OtlpJsonWriter.Metrics(points, i, 1));
        }

        var (direct, reference) = await DecodeBothAsync(values);
        AssertSameRows(reference, direct);
        Assert.Equal(7 + points.Count, direct.Length);
        MetricDataPoint both = MetricBatchReader.Read(direct).ElementAt(6);
        Assert.Equal((MetricType.Sum, 2.0), (both.MetricType, both.Value));
    }

    [Theory]
    [InlineData("{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"h\",\"histogram\":{\"dataPoints\":[{\"bucketCounts\":[1],\"explicitBounds\":[1,2]}]}}]}]}]}", typeof(CorruptDataException))]
    [InlineData("{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"s\",\"summary\":{\"dataPoints\":[]}}]}]}]}", typeof(UnsupportedFeatureException))]
    public async Task Bad_metrics_fail_as_before(string value, Type expected)
    {
        byte[][] values = [Encoding.UTF8.GetBytes(value)];
        var ex = await Assert.ThrowsAnyAsync<ConnectorException>(async () => await new KafkaRecordDecoder(TelemetrySchemas.Metrics, null).DecodeAsync(values, CancellationToken.None));
        Assert.IsType(expected, ex);
    }
}
