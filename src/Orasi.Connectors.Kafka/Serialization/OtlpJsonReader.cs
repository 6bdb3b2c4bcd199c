using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Orasi.Connectors.Telemetry;

namespace Orasi.Connectors.Kafka.Serialization;

/// <summary>Reads OTLP-JSON export requests (as written by <see cref="OtlpJsonWriter"/> or an OpenTelemetry exporter) into telemetry models.</summary>
internal static class OtlpJsonReader
{
    private const string ServiceNameAttribute = "service.name";

    public static void Spans(ReadOnlyMemory<byte> json, List<Span> into)
    {
        using JsonDocument doc = Parse(json);
        foreach (JsonElement rs in Array(doc.RootElement, "resourceSpans"))
        {
            var (service, resource) = Resource(rs);
            foreach (JsonElement ss in Array(rs, "scopeSpans"))
            {
                var (scopeName, scopeVersion) = Scope(ss);
                foreach (JsonElement s in Array(ss, "spans"))
                {
                    JsonElement status = s.TryGetProperty("status", out JsonElement st) ? st : default;
                    into.Add(new Span
                    {
                        TraceId = ActivityTraceId.CreateFromString(Str(s, "traceId")),
                        SpanId = ActivitySpanId.CreateFromString(Str(s, "spanId")),
                        ParentSpanId = Str(s, "parentSpanId") is { Length: > 0 } p ? ActivitySpanId.CreateFromString(p) : null,
                        TraceState = Str(s, "traceState"),
                        Name = Str(s, "name"),
                        Kind = (SpanKind)Int(s, "kind"),
                        ServiceName = service,
                        ResourceAttributes = resource,
                        ScopeName = scopeName,
                        ScopeVersion = scopeVersion,
                        Attributes = Attributes(s),
                        StartTimeUnixNano = Long(s, "startTimeUnixNano") ?? 0,
                        EndTimeUnixNano = Long(s, "endTimeUnixNano") ?? 0,
                        StatusCode = status.ValueKind == JsonValueKind.Object ? (SpanStatusCode)Int(status, "code") : SpanStatusCode.Unset,
                        StatusMessage = status.ValueKind == JsonValueKind.Object ? Str(status, "message") : string.Empty,
                        Events = [.. Array(s, "events").Select(e => new SpanEvent
                        {
                            Name = Str(e, "name"),
                            TimeUnixNano = Long(e, "timeUnixNano") ?? 0,
                            Attributes = Attributes(e),
                        })],
                        Links = [.. Array(s, "links").Select(l => new SpanLink
                        {
                            TraceId = ActivityTraceId.CreateFromString(Str(l, "traceId")),
                            SpanId = ActivitySpanId.CreateFromString(Str(l, "spanId")),
                            TraceState = Str(l, "traceState"),
                            Attributes = Attributes(l),
                        })],
                    });
                }
            }
        }
    }

    public static void Logs(ReadOnlyMemory<byte> json, List<LogRecord> into)
    {
        using JsonDocument doc = Parse(json);
        foreach (JsonElement rl in Array(doc.RootElement, "resourceLogs"))
        {
            var (service, resource) = Resource(rl);
            foreach (JsonElement sl in Array(rl, "scopeLogs"))
            {
                var (scopeName, scopeVersion) = Scope(sl);
                foreach (JsonElement l in Array(sl, "logRecords"))
                {
                    into.Add(new LogRecord
                    {
                        TimeUnixNano = Long(l, "timeUnixNano") ?? 0,
                        ObservedTimeUnixNano = Long(l, "observedTimeUnixNano") ?? 0,
                        TraceId = Str(l, "traceId") is { Length: > 0 } t ? ActivityTraceId.CreateFromString(t) : null,
                        SpanId = Str(l, "spanId") is { Length: > 0 } s ? ActivitySpanId.CreateFromString(s) : null,
                        TraceFlags = Int(l, "flags"),
                        SeverityText = Str(l, "severityText"),
                        SeverityNumber = (SeverityNumber)Int(l, "severityNumber"),
                        ServiceName = service,
                        Body = l.TryGetProperty("body", out JsonElement body) ? AnyValue(body) : string.Empty,
                        ResourceAttributes = resource,
                        ScopeName = scopeName,
                        ScopeVersion = scopeVersion,
                        Attributes = Attributes(l),
                    });
                }
            }
        }
    }

    public static void Metrics(ReadOnlyMemory<byte> json, List<MetricDataPoint> into)
    {
        using JsonDocument doc = Parse(json);
        foreach (JsonElement rm in Array(doc.RootElement, "resourceMetrics"))
        {
            var (service, resource) = Resource(rm);
            foreach (JsonElement sm in Array(rm, "scopeMetrics"))
            {
                var (scopeName, scopeVersion) = Scope(sm);
                foreach (JsonElement m in Array(sm, "metrics"))
                {
                    MetricType type;
                    JsonElement body;
                    if (m.TryGetProperty("sum", out body))
                    {
                        type = MetricType.Sum;
                    }
                    else if (m.TryGetProperty("histogram", out body))
                    {
                        type = MetricType.Histogram;
                    }
                    else if (m.TryGetProperty("gauge", out body))
                    {
                        type = MetricType.Gauge;
                    }
                    else
                    {
                        throw new UnsupportedFeatureException(
                            $"OTLP-JSON metric '{Str(m, "name")}' is neither a gauge, sum nor histogram; only those three metric types are supported.");
                    }

                    AggregationTemporality? temporality = type == MetricType.Gauge ? null : (AggregationTemporality)Int(body, "aggregationTemporality");
                    bool? monotonic = body.TryGetProperty("isMonotonic", out JsonElement mono) ? mono.GetBoolean() : null;
                    foreach (JsonElement p in Array(body, "dataPoints"))
                    {
                        into.Add(new MetricDataPoint
                        {
                            MetricName = Str(m, "name"),
                            MetricDescription = Str(m, "description"),
                            MetricUnit = Str(m, "unit"),
                            MetricType = type,
                            ServiceName = service,
                            ResourceAttributes = resource,
                            ScopeName = scopeName,
                            ScopeVersion = scopeVersion,
                            Attributes = Attributes(p),
                            StartTimeUnixNano = Long(p, "startTimeUnixNano"),
                            TimeUnixNano = Long(p, "timeUnixNano") ?? 0,
                            Value = Double(p, "asDouble") ?? Long(p, "asInt"),
                            IsMonotonic = monotonic,
                            AggregationTemporality = temporality,
                            Count = Long(p, "count"),
                            Sum = Double(p, "sum"),
                            Min = Double(p, "min"),
                            Max = Double(p, "max"),
                            BucketCounts = p.TryGetProperty("bucketCounts", out JsonElement bc) ? [.. bc.EnumerateArray().Select(LongValue)] : null,
                            ExplicitBounds = p.TryGetProperty("explicitBounds", out JsonElement eb) ? [.. eb.EnumerateArray().Select(e => e.GetDouble())] : null,
                        });
                    }
                }
            }
        }
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new CorruptDataException($"A Kafka record is not valid OTLP-JSON ({ex.Message}); check the producer's encoding.", ex);
        }
    }

    private static (string Service, IReadOnlyCollection<KeyValuePair<string, string>> Attributes) Resource(JsonElement parent)
    {
        string service = string.Empty;
        var rest = new List<KeyValuePair<string, string>>();
        if (parent.TryGetProperty("resource", out JsonElement resource))
        {
            foreach (var kv in Attributes(resource))
            {
                if (kv.Key == ServiceNameAttribute)
                {
                    service = kv.Value;
                }

                rest.Add(kv);
            }
        }

        return (service, rest);
    }

    private static (string Name, string Version) Scope(JsonElement parent) =>
        parent.TryGetProperty("scope", out JsonElement scope) ? (Str(scope, "name"), Str(scope, "version")) : (string.Empty, string.Empty);

    private static List<KeyValuePair<string, string>> Attributes(JsonElement parent)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (JsonElement a in Array(parent, "attributes"))
        {
            list.Add(new(Str(a, "key"), a.TryGetProperty("value", out JsonElement v) ? AnyValue(v) : string.Empty));
        }

        return list;
    }

    private static string AnyValue(JsonElement v)
    {
        foreach (JsonProperty p in v.EnumerateObject())
        {
            return p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString()!,
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => p.Value.GetRawText(),
            };
        }

        return string.Empty;
    }

    private static IEnumerable<JsonElement> Array(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out JsonElement a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray()
            : [];

    private static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;

    private static int Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 0;

    private static long? Long(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind != JsonValueKind.Null ? LongValue(v) : null;

    private static long LongValue(JsonElement v) => v.ValueKind == JsonValueKind.String
        ? unchecked((long)ulong.Parse(v.GetString()!, NumberStyles.None, CultureInfo.InvariantCulture))
        : v.GetInt64();

    private static double? Double(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}
