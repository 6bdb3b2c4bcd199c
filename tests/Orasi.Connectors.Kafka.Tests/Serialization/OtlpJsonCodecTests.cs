using System.Text.Json;
using Orasi.Connectors.Kafka.Serialization;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;

namespace Orasi.Connectors.Kafka.Tests.Serialization;

public sealed class OtlpJsonCodecTests
{
    private static string Diff<T>(T a, T b) => string.Join("; ", typeof(T).GetProperties()
        .Where(p => !Equals(Show(p.GetValue(a)), Show(p.GetValue(b))))
        .Select(p => $"{p.Name}: {Show(p.GetValue(a))} vs {Show(p.GetValue(b))}"));

    private static string? Show(object? v) => v is System.Collections.IEnumerable e and not string
        ? "[" + string.Join(",", e.Cast<object>().Select(x => x.ToString())) + "]"
        : v?.ToString();

    [Fact]
    public void Spans_round_trip_through_otlp_json_per_row_and_per_batch()
    {
        var spans = SpanBatchReader.Read(new TelemetryGenerator().Generate(TelemetryKind.Traces, 200, 200).Single()).ToList();
        var single = new List<Span>();
        for (int i = 0; i < spans.Count; i++)
        {
            OtlpJsonReader.Spans(OtlpJsonWriter.Spans(spans, i, 1), single);
        }

        for (int i = 0; i < spans.Count; i++)
        {
            Assert.True(spans[i].Equals(single[i]), Diff(spans[i], single[i]));
        }

        var batch = new List<Span>();
        OtlpJsonReader.Spans(OtlpJsonWriter.Spans(spans, 0, spans.Count), batch);
        Assert.Equal(spans, batch);
    }

    [Fact]
    public void Logs_and_metrics_round_trip_through_otlp_json()
    {
        var logs = LogBatchReader.Read(new TelemetryGenerator().Generate(TelemetryKind.Logs, 200, 200).Single()).ToList();
        var logsBack = new List<LogRecord>();
        OtlpJsonReader.Logs(OtlpJsonWriter.Logs(logs, 0, logs.Count), logsBack);
        for (int i = 0; i < logs.Count; i++)
        {
            Assert.True(logs[i].Equals(logsBack[i]), Diff(logs[i], logsBack[i]));
        }

        var points = MetricBatchReader.Read(new TelemetryGenerator().Generate(TelemetryKind.Metrics, 200, 200).Single()).ToList();
        var pointsBack = new List<MetricDataPoint>();
        OtlpJsonReader.Metrics(OtlpJsonWriter.Metrics(points, 0, points.Count), pointsBack);
        for (int i = 0; i < points.Count; i++)
        {
            Assert.True(points[i].Equals(pointsBack[i]), Diff(points[i], pointsBack[i]));
        }
    }

    [Fact]
    public void Span_json_is_shaped_like_otlp_json()
    {
        var span = SpanBatchReader.Read(new TelemetryGenerator().Generate(TelemetryKind.Traces, 1, 1).Single()).Single();
        using var doc = JsonDocument.Parse(OtlpJsonWriter.Spans([span], 0, 1));
        var rs = doc.RootElement.GetProperty("resourceSpans")[0];
        var attrs = rs.GetProperty("resource").GetProperty("attributes");
        Assert.Contains(attrs.EnumerateArray(), a => a.GetProperty("key").GetString() == "service.name"
            && a.GetProperty("value").GetProperty("stringValue").GetString() == span.ServiceName);
        var s = rs.GetProperty("scopeSpans")[0].GetProperty("spans")[0];
        Assert.Equal(span.TraceId.ToHexString(), s.GetProperty("traceId").GetString());
        Assert.Equal(JsonValueKind.String, s.GetProperty("startTimeUnixNano").ValueKind);
        Assert.Equal((int)span.Kind, s.GetProperty("kind").GetInt32());
    }

    [Fact]
    public void Garbage_is_reported_as_corrupt_data()
    {
        var ex = Assert.Throws<CorruptDataException>(() => OtlpJsonReader.Spans("{not json"u8.ToArray(), []));
        Assert.Contains("OTLP-JSON", ex.Message, StringComparison.Ordinal);
    }
}
