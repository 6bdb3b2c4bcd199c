namespace Orasi.Connectors.Telemetry;

/// <summary>The column names of the telemetry schemas (snake_case, shared where the meaning is shared).</summary>
public static class TelemetryColumnNames
{
    /// <summary><c>timestamp</c>: span start, log time, or data point time.</summary>
    public const string Timestamp = "timestamp";

    /// <summary><c>end_timestamp</c>: span end.</summary>
    public const string EndTimestamp = "end_timestamp";

    /// <summary><c>duration_ns</c>: span end minus start, in nanoseconds.</summary>
    public const string DurationNs = "duration_ns";

    /// <summary><c>observed_timestamp</c>: when a log record was observed by the collection system.</summary>
    public const string ObservedTimestamp = "observed_timestamp";

    /// <summary><c>start_timestamp</c>: start of a cumulative metric series.</summary>
    public const string StartTimestamp = "start_timestamp";

    /// <summary><c>trace_id</c>.</summary>
    public const string TraceId = "trace_id";

    /// <summary><c>span_id</c>.</summary>
    public const string SpanId = "span_id";

    /// <summary><c>parent_span_id</c>.</summary>
    public const string ParentSpanId = "parent_span_id";

    /// <summary><c>trace_state</c>.</summary>
    public const string TraceState = "trace_state";

    /// <summary><c>trace_flags</c>.</summary>
    public const string TraceFlags = "trace_flags";

    /// <summary><c>span_name</c>.</summary>
    public const string SpanName = "span_name";

    /// <summary><c>span_kind</c>.</summary>
    public const string SpanKind = "span_kind";

    /// <summary><c>service_name</c>.</summary>
    public const string ServiceName = "service_name";

    /// <summary><c>resource_attributes</c>.</summary>
    public const string ResourceAttributes = "resource_attributes";

    /// <summary><c>scope_name</c>.</summary>
    public const string ScopeName = "scope_name";

    /// <summary><c>scope_version</c>.</summary>
    public const string ScopeVersion = "scope_version";

    /// <summary><c>span_attributes</c>.</summary>
    public const string SpanAttributes = "span_attributes";

    /// <summary><c>status_code</c>.</summary>
    public const string StatusCode = "status_code";

    /// <summary><c>status_message</c>.</summary>
    public const string StatusMessage = "status_message";

    /// <summary><c>events</c>.</summary>
    public const string Events = "events";

    /// <summary><c>links</c>.</summary>
    public const string Links = "links";

    /// <summary><c>severity_text</c>.</summary>
    public const string SeverityText = "severity_text";

    /// <summary><c>severity_number</c>.</summary>
    public const string SeverityNumber = "severity_number";

    /// <summary><c>body</c>.</summary>
    public const string Body = "body";

    /// <summary><c>log_attributes</c>.</summary>
    public const string LogAttributes = "log_attributes";

    /// <summary><c>metric_name</c>.</summary>
    public const string MetricName = "metric_name";

    /// <summary><c>metric_description</c>.</summary>
    public const string MetricDescription = "metric_description";

    /// <summary><c>metric_unit</c>.</summary>
    public const string MetricUnit = "metric_unit";

    /// <summary><c>metric_type</c>.</summary>
    public const string MetricType = "metric_type";

    /// <summary><c>attributes</c>: data point attributes.</summary>
    public const string Attributes = "attributes";

    /// <summary><c>value</c>.</summary>
    public const string Value = "value";

    /// <summary><c>is_monotonic</c>.</summary>
    public const string IsMonotonic = "is_monotonic";

    /// <summary><c>aggregation_temporality</c>.</summary>
    public const string AggregationTemporality = "aggregation_temporality";

    /// <summary><c>count</c>.</summary>
    public const string Count = "count";

    /// <summary><c>sum</c>.</summary>
    public const string Sum = "sum";

    /// <summary><c>min</c>.</summary>
    public const string Min = "min";

    /// <summary><c>max</c>.</summary>
    public const string Max = "max";

    /// <summary><c>bucket_counts</c>.</summary>
    public const string BucketCounts = "bucket_counts";

    /// <summary><c>explicit_bounds</c>.</summary>
    public const string ExplicitBounds = "explicit_bounds";

    /// <summary><c>event_date</c>: the partition column, the UTC date of <c>timestamp</c>.</summary>
    public const string EventDate = "event_date";

    /// <summary><c>name</c>: field of an event struct.</summary>
    public const string Name = "name";
}
