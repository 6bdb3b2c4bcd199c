using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Orasi.Connectors.Telemetry;

namespace Orasi.Connectors.Kafka.Serialization;

/// <summary>
/// Writes telemetry shaped like OTLP-JSON export requests (as the OpenTelemetry Collector's kafka exporter does with
/// <c>otlp_json</c>): hex ids, 64-bit integers as decimal strings, enums as numbers, <c>service.name</c> as a
/// resource attribute. Consecutive rows sharing a resource and scope are grouped under one entry, so row order is kept.
/// </summary>
internal static class OtlpJsonWriter
{
    private const string ServiceNameAttribute = "service.name";

    public static byte[] Spans(IReadOnlyList<Span> spans, int start, int count) =>
        Write(spans, start, count, 512, "resourceSpans", "scopeSpans", "spans",
            static s => new ScopeKey(s.ServiceName, s.ResourceAttributes, s.ScopeName, s.ScopeVersion),
            static (w, items, i, end, inScope) =>
            {
                while (i < end && inScope(items[i]))
                {
                    Span(w, items[i++]);
                }

                return i;
            });

    public static byte[] Logs(IReadOnlyList<LogRecord> logs, int start, int count) =>
        Write(logs, start, count, 384, "resourceLogs", "scopeLogs", "logRecords",
            static l => new ScopeKey(l.ServiceName, l.ResourceAttributes, l.ScopeName, l.ScopeVersion),
            static (w, items, i, end, inScope) =>
            {
                while (i < end && inScope(items[i]))
                {
                    Log(w, items[i++]);
                }

                return i;
            });

    public static byte[] Metrics(IReadOnlyList<MetricDataPoint> points, int start, int count) =>
        Write(points, start, count, 384, "resourceMetrics", "scopeMetrics", "metrics",
            static p => new ScopeKey(p.ServiceName, p.ResourceAttributes, p.ScopeName, p.ScopeVersion),
            static (w, items, i, end, inScope) =>
            {
                while (i < end && inScope(items[i]))
                {
                    MetricDataPoint head = items[i];
                    w.WriteStartObject();
                    w.WriteString("name", head.MetricName);
                    w.WriteString("description", head.MetricDescription);
                    w.WriteString("unit", head.MetricUnit);
                    w.WriteStartObject(head.MetricType switch
                    {
                        MetricType.Sum => "sum",
                        MetricType.Histogram => "histogram",
                        _ => "gauge",
                    });
                    if (head.MetricType != MetricType.Gauge)
                    {
                        w.WriteNumber("aggregationTemporality", (int)(head.AggregationTemporality ?? AggregationTemporality.Unspecified));
                    }

                    if (head.MetricType == MetricType.Sum && head.IsMonotonic is bool monotonic)
                    {
                        w.WriteBoolean("isMonotonic", monotonic);
                    }

                    w.WriteStartArray("dataPoints");
                    while (i < end && inScope(items[i]) && SameMetric(head, items[i]))
                    {
                        DataPoint(w, items[i++]);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                    w.WriteEndObject();
                }

                return i;
            });

    /// <summary>
    /// The OTLP export-request envelope shared by the signals: rows are grouped, in order, into runs sharing a resource
    /// and scope; <paramref name="writeRun"/> writes the items of one run and returns the index after it.
    /// </summary>
    private static byte[] Write<T>(IReadOnlyList<T> items, int start, int count, int bytesPerItem, string resourceArray, string scopeArray, string itemArray,
        Func<T, ScopeKey> scopeOf, Func<Utf8JsonWriter, IReadOnlyList<T>, int, int, Func<T, bool>, int> writeRun)
        where T : class
    {
        var buffer = new ArrayBufferWriter<byte>(bytesPerItem * Math.Max(1, count));
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray(resourceArray);
            int i = start;
            int end = start + count;
            while (i < end)
            {
                T first = items[i];
                ScopeKey scope = scopeOf(first);
                w.WriteStartObject();
                Resource(w, scope.ServiceName, scope.ResourceAttributes);
                w.WriteStartArray(scopeArray);
                w.WriteStartObject();
                Scope(w, scope.ScopeName, scope.ScopeVersion);
                w.WriteStartArray(itemArray);
                i = writeRun(w, items, i, end, x => ReferenceEquals(x, first) || scope.SameAs(scopeOf(x)));
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static bool SameMetric(MetricDataPoint a, MetricDataPoint b) => ReferenceEquals(a, b) || (a.MetricName == b.MetricName
        && a.MetricType == b.MetricType && a.MetricDescription == b.MetricDescription && a.MetricUnit == b.MetricUnit
        && a.AggregationTemporality == b.AggregationTemporality && a.IsMonotonic == b.IsMonotonic);

    private static bool SameAttributes(IReadOnlyCollection<KeyValuePair<string, string>> a, IReadOnlyCollection<KeyValuePair<string, string>> b) =>
        ReferenceEquals(a, b) || (a.Count == b.Count && a.SequenceEqual(b));

    private static void Resource(Utf8JsonWriter w, string serviceName, IReadOnlyCollection<KeyValuePair<string, string>> attributes)
    {
        w.WriteStartObject("resource");
        w.WriteStartArray("attributes");
        if (!attributes.Any(a => a.Key == ServiceNameAttribute))
        {
            Attribute(w, ServiceNameAttribute, serviceName);
        }

        foreach (var (key, value) in attributes)
        {
            Attribute(w, key, value);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Scope(Utf8JsonWriter w, string name, string version)
    {
        w.WriteStartObject("scope");
        w.WriteString("name", name);
        w.WriteString("version", version);
        w.WriteEndObject();
    }

    private static void Attributes(Utf8JsonWriter w, IReadOnlyCollection<KeyValuePair<string, string>> attributes)
    {
        w.WriteStartArray("attributes");
        foreach (var (key, value) in attributes)
        {
            Attribute(w, key, value);
        }

        w.WriteEndArray();
    }

    private static void Attribute(Utf8JsonWriter w, string key, string value)
    {
        w.WriteStartObject();
        w.WriteString("key", key);
        w.WriteStartObject("value");
        w.WriteString("stringValue", value);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Nanos(Utf8JsonWriter w, string name, long value)
    {
        Span<byte> digits = stackalloc byte[24];
        ((ulong)value).TryFormat(digits, out int written, default, CultureInfo.InvariantCulture);
        w.WriteString(name, digits[..written]);
    }

    private static void Id(Utf8JsonWriter w, string name, ActivityTraceId id) => w.WriteString(name, id.ToHexString());

    private static void Id(Utf8JsonWriter w, string name, ActivitySpanId id) => w.WriteString(name, id.ToHexString());

    private static void Span(Utf8JsonWriter w, Span span)
    {
        w.WriteStartObject();
        Id(w, "traceId", span.TraceId);
        Id(w, "spanId", span.SpanId);
        if (span.TraceState.Length > 0)
        {
            w.WriteString("traceState", span.TraceState);
        }

        if (span.ParentSpanId is { } parent)
        {
            Id(w, "parentSpanId", parent);
        }

        w.WriteString("name", span.Name);
        w.WriteNumber("kind", (int)span.Kind);
        Nanos(w, "startTimeUnixNano", span.StartTimeUnixNano);
        Nanos(w, "endTimeUnixNano", span.EndTimeUnixNano);
        Attributes(w, span.Attributes);
        if (span.Events.Count > 0)
        {
            w.WriteStartArray("events");
            foreach (SpanEvent e in span.Events)
            {
                w.WriteStartObject();
                Nanos(w, "timeUnixNano", e.TimeUnixNano);
                w.WriteString("name", e.Name);
                Attributes(w, e.Attributes);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (span.Links.Count > 0)
        {
            w.WriteStartArray("links");
            foreach (SpanLink l in span.Links)
            {
                w.WriteStartObject();
                Id(w, "traceId", l.TraceId);
                Id(w, "spanId", l.SpanId);
                if (l.TraceState.Length > 0)
                {
                    w.WriteString("traceState", l.TraceState);
                }

                Attributes(w, l.Attributes);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteStartObject("status");
        if (span.StatusMessage.Length > 0)
        {
            w.WriteString("message", span.StatusMessage);
        }

        w.WriteNumber("code", (int)span.StatusCode);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Log(Utf8JsonWriter w, LogRecord log)
    {
        w.WriteStartObject();
        Nanos(w, "timeUnixNano", log.TimeUnixNano);
        Nanos(w, "observedTimeUnixNano", log.ObservedTimeUnixNano);
        w.WriteNumber("severityNumber", (int)log.SeverityNumber);
        w.WriteString("severityText", log.SeverityText);
        w.WriteStartObject("body");
        w.WriteString("stringValue", log.Body);
        w.WriteEndObject();
        Attributes(w, log.Attributes);
        w.WriteNumber("flags", log.TraceFlags);
        if (log.TraceId is { } traceId)
        {
            Id(w, "traceId", traceId);
        }

        if (log.SpanId is { } spanId)
        {
            Id(w, "spanId", spanId);
        }

        w.WriteEndObject();
    }

    private static void DataPoint(Utf8JsonWriter w, MetricDataPoint p)
    {
        w.WriteStartObject();
        Attributes(w, p.Attributes);
        if (p.StartTimeUnixNano is long start)
        {
            Nanos(w, "startTimeUnixNano", start);
        }

        Nanos(w, "timeUnixNano", p.TimeUnixNano);
        if (p.MetricType == MetricType.Histogram)
        {
            if (p.Count is long count)
            {
                Nanos(w, "count", count);
            }

            if (p.Sum is double sum)
            {
                w.WriteNumber("sum", sum);
            }

            if (p.BucketCounts is { } buckets)
            {
                w.WriteStartArray("bucketCounts");
                Span<byte> digits = stackalloc byte[24];
                foreach (long b in buckets)
                {
                    b.TryFormat(digits, out int written, default, CultureInfo.InvariantCulture);
                    w.WriteStringValue(digits[..written]);
                }

                w.WriteEndArray();
            }

            if (p.ExplicitBounds is { } bounds)
            {
                w.WriteStartArray("explicitBounds");
                foreach (double b in bounds)
                {
                    w.WriteNumberValue(b);
                }

                w.WriteEndArray();
            }

            if (p.Min is double min)
            {
                w.WriteNumber("min", min);
            }

            if (p.Max is double max)
            {
                w.WriteNumber("max", max);
            }
        }
        else if (p.Value is double value)
        {
            w.WriteNumber("asDouble", value);
        }

        w.WriteEndObject();
    }

    private readonly record struct ScopeKey(string ServiceName, IReadOnlyCollection<KeyValuePair<string, string>> ResourceAttributes, string ScopeName, string ScopeVersion)
    {
        public bool SameAs(ScopeKey other) => ServiceName == other.ServiceName && ScopeName == other.ScopeName
            && ScopeVersion == other.ScopeVersion && SameAttributes(ResourceAttributes, other.ResourceAttributes);
    }
}
