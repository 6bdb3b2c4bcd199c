using System.Diagnostics;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Orasi.Connectors.Telemetry;

namespace Orasi.Connectors.Tests.Telemetry;

public class BuilderRoundTripTests
{
    private const long T0 = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z

    private static KeyValuePair<string, string> Kv(string k, string v) => new(k, v);

    internal static Span SampleSpan(int i, bool root) => new()
    {
        TraceId = ActivityTraceId.CreateRandom(),
        SpanId = ActivitySpanId.CreateRandom(),
        ParentSpanId = root ? null : ActivitySpanId.CreateRandom(),
        TraceState = i % 2 == 0 ? string.Empty : "vendor=x",
        Name = $"GET /api/item/{i} — ünïcode ✓",
        Kind = (SpanKind)(i % 6),
        ServiceName = "checkout",
        ResourceAttributes = [Kv("service.name", "checkout"), Kv("k8s.pod.name", $"checkout-{i}")],
        ScopeName = "opentelemetry.instrumentation.http",
        ScopeVersion = i % 3 == 0 ? string.Empty : "1.2.3",
        Attributes = i % 4 == 0 ? [] : [Kv("http.request.method", "GET"), Kv("http.response.status_code", "200"), Kv("empty", string.Empty)],
        StartTimeUnixNano = T0 + (i * 1_000_123L),
        EndTimeUnixNano = T0 + (i * 1_000_123L) + 999_999,
        StatusCode = (SpanStatusCode)(i % 3),
        StatusMessage = i % 3 == 2 ? "boom" : string.Empty,
        Events = i % 2 == 0 ? [] :
        [
            new SpanEvent { Name = "exception", TimeUnixNano = T0 + 5, Attributes = [Kv("exception.type", "System.IO.IOException")] },
            new SpanEvent { Name = "retry", TimeUnixNano = T0 + 7 },
        ],
        Links = i % 3 != 1 ? [] :
        [
            new SpanLink { TraceId = ActivityTraceId.CreateRandom(), SpanId = ActivitySpanId.CreateRandom(), TraceState = "a=b", Attributes = [Kv("link.kind", "follows")] },
        ],
    };

    [Fact]
    public void Spans_round_trip_through_a_batch_with_every_field()
    {
        var spans = Enumerable.Range(0, 50).Select(i => SampleSpan(i, root: i % 5 == 0)).ToList();
        var builder = new SpanBatchBuilder();
        builder.AppendRange(spans);
        Assert.Equal(50, builder.Count);
        using var batch = builder.Build();

        Assert.Same(TelemetrySchemas.Traces, batch.Schema);
        Assert.Equal(50, batch.Length);
        Assert.Equal(0, builder.Count);
        Assert.Equal(spans, SpanBatchReader.Read(batch).ToList());

        var duration = (Int64Array)batch.Column("duration_ns");
        Assert.All(Enumerable.Range(0, 50), i => Assert.Equal(spans[i].DurationNanos, duration.GetValue(i)));
        var kind = (StringArray)batch.Column("span_kind");
        Assert.Equal("SPAN_KIND_SERVER", kind.GetString(2));
        Assert.Equal(10, batch.Column("parent_span_id").NullCount);
    }

    [Fact]
    public void Builder_is_reusable_after_build_and_sliced_batches_read_correctly()
    {
        var builder = new SpanBatchBuilder();
        var first = Enumerable.Range(0, 10).Select(i => SampleSpan(i, root: true)).ToList();
        builder.AppendRange(first);
        using var b1 = builder.Build();

        var second = Enumerable.Range(10, 30).Select(i => SampleSpan(i, root: i % 2 == 0)).ToList();
        builder.AppendRange(second);
        using var b2 = builder.Build();

        Assert.Equal(first, SpanBatchReader.Read(b1).ToList());
        Assert.Equal(second, SpanBatchReader.Read(b2).ToList());
        Assert.Equal(second.Skip(7).Take(11), SpanBatchReader.Read(b2.Slice(7, 11)).ToList());
    }

    [Fact]
    public void Span_batches_survive_arrow_ipc()
    {
        var spans = Enumerable.Range(0, 20).Select(i => SampleSpan(i, root: i == 0)).ToList();
        using var batch = new SpanBatchBuilder().AppendRange(spans).Build();
        using var stream = new MemoryStream();
        using (var writer = new ArrowStreamWriter(stream, batch.Schema, leaveOpen: true))
        {
            writer.WriteRecordBatch(batch);
            writer.WriteEnd();
        }

        stream.Position = 0;
        using var reader = new ArrowStreamReader(stream);
        using var back = reader.ReadNextRecordBatch();
        Assert.Equal(spans, SpanBatchReader.Read(back).ToList());
    }

    [Fact]
    public void Bad_spans_are_rejected_without_corrupting_the_builder()
    {
        var builder = new SpanBatchBuilder();
        builder.Append(SampleSpan(1, root: true));
        var backwards = SampleSpan(2, root: true) with { EndTimeUnixNano = T0 - 1 };
        Assert.Throws<ArgumentException>(() => builder.Append(backwards));
        var nullValue = SampleSpan(3, root: true) with { Attributes = [Kv("k", null!)] };
        Assert.Throws<ArgumentException>(() => builder.Append(nullValue));
        Assert.Throws<ArgumentException>(() => builder.Append(SampleSpan(4, root: true) with { Name = null! }));
        Assert.Equal(1, builder.Count);
        using var batch = builder.Build();
        Assert.Single(SpanBatchReader.Read(batch));
    }

    [Fact]
    public void Logs_round_trip()
    {
        var logs = Enumerable.Range(0, 40).Select(i => new LogRecord
        {
            TimeUnixNano = T0 + i,
            ObservedTimeUnixNano = T0 + i + 1000,
            TraceId = i % 3 == 0 ? ActivityTraceId.CreateRandom() : null,
            SpanId = i % 3 == 0 ? ActivitySpanId.CreateRandom() : null,
            TraceFlags = i % 3 == 0 ? 1 : 0,
            SeverityText = i % 2 == 0 ? "INFO" : "ERROR",
            SeverityNumber = i % 2 == 0 ? SeverityNumber.Info : SeverityNumber.Error,
            ServiceName = "cart",
            Body = $"line {i}",
            ResourceAttributes = [Kv("service.name", "cart")],
            ScopeName = "logger",
            Attributes = i % 5 == 0 ? [] : [Kv("user.id", i.ToString(System.Globalization.CultureInfo.InvariantCulture))],
        }).ToList();
        using var batch = new LogBatchBuilder().AppendRange(logs).Build();
        Assert.Same(TelemetrySchemas.Logs, batch.Schema);
        Assert.Equal(logs, LogBatchReader.Read(batch).ToList());
        Assert.Equal(26, batch.Column("trace_id").NullCount);
    }

    [Fact]
    public void Metrics_round_trip_for_gauges_sums_and_histograms()
    {
        var points = new List<MetricDataPoint>
        {
            new() { MetricName = "cpu", MetricType = MetricType.Gauge, ServiceName = "ad", TimeUnixNano = T0, Value = 0.5, MetricUnit = "1" },
            new()
            {
                MetricName = "requests", MetricType = MetricType.Sum, ServiceName = "ad", TimeUnixNano = T0 + 10, StartTimeUnixNano = T0,
                Value = 42, IsMonotonic = true, AggregationTemporality = AggregationTemporality.Cumulative,
                Attributes = [Kv("http.route", "/")],
            },
            new()
            {
                MetricName = "latency", MetricType = MetricType.Histogram, ServiceName = "ad", TimeUnixNano = T0 + 20, StartTimeUnixNano = T0,
                AggregationTemporality = AggregationTemporality.Delta, Count = 6, Sum = 1.5, Min = 0.01, Max = 0.9,
                BucketCounts = [1, 2, 3], ExplicitBounds = [0.1, 0.5],
            },
            new()
            {
                MetricName = "empty-hist", MetricType = MetricType.Histogram, ServiceName = "ad", TimeUnixNano = T0 + 30,
                Count = 0, Sum = 0, BucketCounts = [0], ExplicitBounds = [],
            },
        };
        var builder = new MetricBatchBuilder();
        using var batch = builder.AppendRange(points).Build();
        Assert.Same(TelemetrySchemas.Metrics, batch.Schema);
        Assert.Equal(points, MetricBatchReader.Read(batch).ToList());
        Assert.Equal(2, batch.Column("bucket_counts").NullCount);
        Assert.Throws<ArgumentException>(() => builder.Append(points[2] with { BucketCounts = [1, 2] }));
        Assert.Equal(0, builder.Count);
    }

    [Fact]
    public void Reader_rejects_batches_of_another_schema()
    {
        using var logs = new LogBatchBuilder().Append(new LogRecord { TimeUnixNano = 1, ObservedTimeUnixNano = 1, ServiceName = "x" }).Build();
        var ex = Assert.Throws<ValidationFailedException>(() => SpanBatchReader.Read(logs));
        Assert.Contains("end_timestamp", ex.Message, StringComparison.Ordinal);
    }
}
