using Apache.Arrow;
using Apache.Arrow.Types;
using N = Orasi.Connectors.Telemetry.TelemetryColumnNames;

namespace Orasi.Connectors.Telemetry;

/// <summary>
/// The one definition of the Arrow schemas for traces, metrics and logs. They follow OTLP and are flattened the way
/// the ClickHouse OpenTelemetry exporter and OpenTelemetry-Arrow do it: one row per span / data point / log record,
/// resource and scope repeated on each row, attributes as string maps.
/// </summary>
/// <remarks>
/// <para>Conventions shared by the three schemas:</para>
/// <list type="bullet">
/// <item>Timestamps are <c>timestamp[ns, tz=UTC]</c> (int64 nanoseconds since the Unix epoch, like OTLP's <c>*_unix_nano</c>).</item>
/// <item>Trace ids are <c>fixed_size_binary(16)</c>, span ids <c>fixed_size_binary(8)</c>, in OTLP byte order.</item>
/// <item>Attribute maps are non-null <c>map&lt;string, string&gt;</c> with non-null keys and non-null values (an absent
/// map is an empty map; non-string OTLP values are stored as their string rendering, as ClickHouse does).</item>
/// <item>OTLP enums are stored as strings holding the OTLP enum value name (<c>SPAN_KIND_SERVER</c>,
/// <c>STATUS_CODE_ERROR</c>, <c>AGGREGATION_TEMPORALITY_CUMULATIVE</c>): readable in SQL and cheap after
/// dictionary encoding. The log severity keeps OTLP's int32 number next to its text.</item>
/// <item>Strings that OTLP always carries (scope name/version, trace state, status message, units…) are non-null and
/// empty when absent, as in proto3. Nullable columns are only those whose absence means something: a root span's
/// parent, an uncorrelated log's ids, and the fields that only some metric types have.</item>
/// <item>No unsigned integer types (Delta Lake and Iceberg have none): counts are int64, trace flags int32.</item>
/// <item><c>event_date</c> (<c>date32</c>, non-null) is the UTC date of <c>timestamp</c> and the partition column.</item>
/// </list>
/// <para>Schema-level metadata: <c>orasi.telemetry.kind</c> (traces|metrics|logs), <c>orasi.telemetry.schema_version</c>
/// (<see cref="SchemaVersion"/>) and <c>orasi.telemetry.partition_columns</c> (<c>event_date</c>). Fields carry no metadata.</para>
/// </remarks>
public static class TelemetrySchemas
{
    /// <summary>Version of the schemas below; bump on any change to a field.</summary>
    public const string SchemaVersion = "1";

    /// <summary>The schema metadata key naming the signal.</summary>
    public const string KindMetadataKey = "orasi.telemetry.kind";

    /// <summary>The schema metadata key holding <see cref="SchemaVersion"/>.</summary>
    public const string VersionMetadataKey = "orasi.telemetry.schema_version";

    /// <summary>The schema metadata key listing the partition columns (comma separated).</summary>
    public const string PartitionColumnsMetadataKey = "orasi.telemetry.partition_columns";

    /// <summary>The partition column of every telemetry schema.</summary>
    public const string PartitionColumn = N.EventDate;

    /// <summary><c>timestamp[ns, tz=UTC]</c>.</summary>
    public static readonly TimestampType TimestampType = new(TimeUnit.Nanosecond, "UTC");

    /// <summary><c>fixed_size_binary(16)</c> for trace ids.</summary>
    public static readonly FixedSizeBinaryType TraceIdType = new(16);

    /// <summary><c>fixed_size_binary(8)</c> for span ids.</summary>
    public static readonly FixedSizeBinaryType SpanIdType = new(8);

    /// <summary><c>map&lt;string not null, string not null&gt;</c> for resource, scope-less and item attributes.</summary>
    public static readonly MapType AttributesType = new(
        new Field("key", StringType.Default, nullable: false),
        new Field("value", StringType.Default, nullable: false),
        keySorted: false);

    /// <summary>
    /// The struct of one span event: <c>timestamp</c> (timestamp[ns, UTC], non-null), <c>name</c> (string, non-null),
    /// <c>attributes</c> (map, non-null).
    /// </summary>
    public static readonly StructType SpanEventType = new(
    [
        new Field(N.Timestamp, TimestampType, nullable: false),
        new Field(N.Name, StringType.Default, nullable: false),
        new Field(N.Attributes, AttributesType, nullable: false),
    ]);

    /// <summary>
    /// The struct of one span link: <c>trace_id</c> (fixed_size_binary(16), non-null), <c>span_id</c>
    /// (fixed_size_binary(8), non-null), <c>trace_state</c> (string, non-null, empty when absent), <c>attributes</c> (map, non-null).
    /// </summary>
    public static readonly StructType SpanLinkType = new(
    [
        new Field(N.TraceId, TraceIdType, nullable: false),
        new Field(N.SpanId, SpanIdType, nullable: false),
        new Field(N.TraceState, StringType.Default, nullable: false),
        new Field(N.Attributes, AttributesType, nullable: false),
    ]);

    /// <summary><c>list&lt;struct&lt;timestamp, name, attributes&gt; not null&gt;</c>.</summary>
    public static readonly ListType SpanEventsType = new(new Field("item", SpanEventType, nullable: false));

    /// <summary><c>list&lt;struct&lt;trace_id, span_id, trace_state, attributes&gt; not null&gt;</c>.</summary>
    public static readonly ListType SpanLinksType = new(new Field("item", SpanLinkType, nullable: false));

    /// <summary><c>list&lt;int64 not null&gt;</c> for histogram bucket counts.</summary>
    public static readonly ListType BucketCountsType = new(new Field("item", Int64Type.Default, nullable: false));

    /// <summary><c>list&lt;double not null&gt;</c> for histogram explicit bounds.</summary>
    public static readonly ListType ExplicitBoundsType = new(new Field("item", DoubleType.Default, nullable: false));

    /// <summary>
    /// Spans, one row per span. Columns, in order (nullability in brackets):
    /// <list type="number">
    /// <item><c>timestamp</c> timestamp[ns, UTC] [non-null]: span start (OTLP <c>start_time_unix_nano</c>).</item>
    /// <item><c>end_timestamp</c> timestamp[ns, UTC] [non-null]: span end (OTLP <c>end_time_unix_nano</c>).</item>
    /// <item><c>duration_ns</c> int64 [non-null]: <c>end_timestamp - timestamp</c> in nanoseconds.</item>
    /// <item><c>trace_id</c> fixed_size_binary(16) [non-null].</item>
    /// <item><c>span_id</c> fixed_size_binary(8) [non-null].</item>
    /// <item><c>parent_span_id</c> fixed_size_binary(8) [nullable]: null for a root span.</item>
    /// <item><c>trace_state</c> string [non-null]: W3C tracestate, empty when absent.</item>
    /// <item><c>span_name</c> string [non-null].</item>
    /// <item><c>span_kind</c> string [non-null]: OTLP name, <c>SPAN_KIND_UNSPECIFIED|INTERNAL|SERVER|CLIENT|PRODUCER|CONSUMER</c> (see <see cref="SpanKind"/>).</item>
    /// <item><c>service_name</c> string [non-null]: the <c>service.name</c> resource attribute.</item>
    /// <item><c>resource_attributes</c> map&lt;string,string&gt; [non-null].</item>
    /// <item><c>scope_name</c> string [non-null]: instrumentation scope name, empty when absent.</item>
    /// <item><c>scope_version</c> string [non-null]: instrumentation scope version, empty when absent.</item>
    /// <item><c>span_attributes</c> map&lt;string,string&gt; [non-null].</item>
    /// <item><c>status_code</c> string [non-null]: <c>STATUS_CODE_UNSET|OK|ERROR</c> (see <see cref="SpanStatusCode"/>).</item>
    /// <item><c>status_message</c> string [non-null]: empty when absent.</item>
    /// <item><c>events</c> list&lt;struct&lt;timestamp, name, attributes&gt;&gt; [non-null, empty when none] (<see cref="SpanEventType"/>).</item>
    /// <item><c>links</c> list&lt;struct&lt;trace_id, span_id, trace_state, attributes&gt;&gt; [non-null, empty when none] (<see cref="SpanLinkType"/>).</item>
    /// <item><c>event_date</c> date32 [non-null]: UTC date of <c>timestamp</c>; the partition column.</item>
    /// </list>
    /// </summary>
    public static Schema Traces { get; } = Build(
        TelemetryKind.Traces,
        new Field(N.Timestamp, TimestampType, nullable: false),
        new Field(N.EndTimestamp, TimestampType, nullable: false),
        new Field(N.DurationNs, Int64Type.Default, nullable: false),
        new Field(N.TraceId, TraceIdType, nullable: false),
        new Field(N.SpanId, SpanIdType, nullable: false),
        new Field(N.ParentSpanId, SpanIdType, nullable: true),
        new Field(N.TraceState, StringType.Default, nullable: false),
        new Field(N.SpanName, StringType.Default, nullable: false),
        new Field(N.SpanKind, StringType.Default, nullable: false),
        new Field(N.ServiceName, StringType.Default, nullable: false),
        new Field(N.ResourceAttributes, AttributesType, nullable: false),
        new Field(N.ScopeName, StringType.Default, nullable: false),
        new Field(N.ScopeVersion, StringType.Default, nullable: false),
        new Field(N.SpanAttributes, AttributesType, nullable: false),
        new Field(N.StatusCode, StringType.Default, nullable: false),
        new Field(N.StatusMessage, StringType.Default, nullable: false),
        new Field(N.Events, SpanEventsType, nullable: false),
        new Field(N.Links, SpanLinksType, nullable: false),
        new Field(N.EventDate, Date32Type.Default, nullable: false));

    /// <summary>
    /// Metric data points, one row per point; gauges, sums and histograms share the schema and are told apart by
    /// <c>metric_type</c>. Columns, in order (nullability in brackets):
    /// <list type="number">
    /// <item><c>timestamp</c> timestamp[ns, UTC] [non-null]: the point's time (OTLP <c>time_unix_nano</c>).</item>
    /// <item><c>start_timestamp</c> timestamp[ns, UTC] [nullable]: start of the aggregation (OTLP <c>start_time_unix_nano</c>); null for gauges.</item>
    /// <item><c>service_name</c> string [non-null].</item>
    /// <item><c>metric_name</c> string [non-null].</item>
    /// <item><c>metric_description</c> string [non-null]: empty when absent.</item>
    /// <item><c>metric_unit</c> string [non-null]: UCUM unit, empty when absent.</item>
    /// <item><c>metric_type</c> string [non-null]: <c>gauge|sum|histogram</c> (see <see cref="MetricType"/>).</item>
    /// <item><c>resource_attributes</c> map&lt;string,string&gt; [non-null].</item>
    /// <item><c>scope_name</c> string [non-null].</item>
    /// <item><c>scope_version</c> string [non-null].</item>
    /// <item><c>attributes</c> map&lt;string,string&gt; [non-null]: the data point's attributes (they identify the series).</item>
    /// <item><c>value</c> double [nullable]: gauge and sum value; null for histograms.</item>
    /// <item><c>is_monotonic</c> bool [nullable]: set for sums only.</item>
    /// <item><c>aggregation_temporality</c> string [nullable]: <c>AGGREGATION_TEMPORALITY_DELTA|CUMULATIVE</c> for sums and histograms; null for gauges.</item>
    /// <item><c>count</c> int64 [nullable]: histogram count.</item>
    /// <item><c>sum</c> double [nullable]: histogram sum.</item>
    /// <item><c>min</c> double [nullable]: histogram minimum.</item>
    /// <item><c>max</c> double [nullable]: histogram maximum.</item>
    /// <item><c>bucket_counts</c> list&lt;int64&gt; [nullable]: histogram bucket counts, <c>len(explicit_bounds) + 1</c> items summing to <c>count</c>.</item>
    /// <item><c>explicit_bounds</c> list&lt;double&gt; [nullable]: histogram bucket upper bounds, ascending.</item>
    /// <item><c>event_date</c> date32 [non-null]: UTC date of <c>timestamp</c>.</item>
    /// </list>
    /// </summary>
    public static Schema Metrics { get; } = Build(
        TelemetryKind.Metrics,
        new Field(N.Timestamp, TimestampType, nullable: false),
        new Field(N.StartTimestamp, TimestampType, nullable: true),
        new Field(N.ServiceName, StringType.Default, nullable: false),
        new Field(N.MetricName, StringType.Default, nullable: false),
        new Field(N.MetricDescription, StringType.Default, nullable: false),
        new Field(N.MetricUnit, StringType.Default, nullable: false),
        new Field(N.MetricType, StringType.Default, nullable: false),
        new Field(N.ResourceAttributes, AttributesType, nullable: false),
        new Field(N.ScopeName, StringType.Default, nullable: false),
        new Field(N.ScopeVersion, StringType.Default, nullable: false),
        new Field(N.Attributes, AttributesType, nullable: false),
        new Field(N.Value, DoubleType.Default, nullable: true),
        new Field(N.IsMonotonic, BooleanType.Default, nullable: true),
        new Field(N.AggregationTemporality, StringType.Default, nullable: true),
        new Field(N.Count, Int64Type.Default, nullable: true),
        new Field(N.Sum, DoubleType.Default, nullable: true),
        new Field(N.Min, DoubleType.Default, nullable: true),
        new Field(N.Max, DoubleType.Default, nullable: true),
        new Field(N.BucketCounts, BucketCountsType, nullable: true),
        new Field(N.ExplicitBounds, ExplicitBoundsType, nullable: true),
        new Field(N.EventDate, Date32Type.Default, nullable: false));

    /// <summary>
    /// Log records, one row per record. Columns, in order (nullability in brackets):
    /// <list type="number">
    /// <item><c>timestamp</c> timestamp[ns, UTC] [non-null]: when the event happened (OTLP <c>time_unix_nano</c>).</item>
    /// <item><c>observed_timestamp</c> timestamp[ns, UTC] [non-null]: when it was observed (OTLP <c>observed_time_unix_nano</c>).</item>
    /// <item><c>trace_id</c> fixed_size_binary(16) [nullable]: null when the record is not correlated with a trace.</item>
    /// <item><c>span_id</c> fixed_size_binary(8) [nullable]: null when not correlated.</item>
    /// <item><c>trace_flags</c> int32 [non-null]: W3C trace flags (1 = sampled), 0 when not correlated.</item>
    /// <item><c>severity_text</c> string [non-null]: e.g. <c>INFO</c>, empty when absent.</item>
    /// <item><c>severity_number</c> int32 [non-null]: OTLP severity number 0–24 (see <see cref="SeverityNumber"/>).</item>
    /// <item><c>service_name</c> string [non-null].</item>
    /// <item><c>body</c> string [non-null]: the body rendered as a string.</item>
    /// <item><c>resource_attributes</c> map&lt;string,string&gt; [non-null].</item>
    /// <item><c>scope_name</c> string [non-null].</item>
    /// <item><c>scope_version</c> string [non-null].</item>
    /// <item><c>log_attributes</c> map&lt;string,string&gt; [non-null].</item>
    /// <item><c>event_date</c> date32 [non-null]: UTC date of <c>timestamp</c>.</item>
    /// </list>
    /// </summary>
    public static Schema Logs { get; } = Build(
        TelemetryKind.Logs,
        new Field(N.Timestamp, TimestampType, nullable: false),
        new Field(N.ObservedTimestamp, TimestampType, nullable: false),
        new Field(N.TraceId, TraceIdType, nullable: true),
        new Field(N.SpanId, SpanIdType, nullable: true),
        new Field(N.TraceFlags, Int32Type.Default, nullable: false),
        new Field(N.SeverityText, StringType.Default, nullable: false),
        new Field(N.SeverityNumber, Int32Type.Default, nullable: false),
        new Field(N.ServiceName, StringType.Default, nullable: false),
        new Field(N.Body, StringType.Default, nullable: false),
        new Field(N.ResourceAttributes, AttributesType, nullable: false),
        new Field(N.ScopeName, StringType.Default, nullable: false),
        new Field(N.ScopeVersion, StringType.Default, nullable: false),
        new Field(N.LogAttributes, AttributesType, nullable: false),
        new Field(N.EventDate, Date32Type.Default, nullable: false));

    /// <summary>The schema of a signal.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The kind is not a defined <see cref="TelemetryKind"/>.</exception>
    public static Schema For(TelemetryKind kind) => kind switch
    {
        TelemetryKind.Traces => Traces,
        TelemetryKind.Metrics => Metrics,
        TelemetryKind.Logs => Logs,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown telemetry kind; use Traces, Metrics or Logs."),
    };

    /// <summary>The UTC date (days since 1970-01-01) of a timestamp in nanoseconds since the Unix epoch.</summary>
    public static int EventDateOf(long unixNanos)
    {
        const long NanosPerDay = 86_400_000_000_000L;
        long days = unixNanos / NanosPerDay;
        return (int)(unixNanos % NanosPerDay < 0 ? days - 1 : days);
    }

    private static Schema Build(TelemetryKind kind, params Field[] fields) => new(
        fields,
        [
            new KeyValuePair<string, string>(KindMetadataKey, kind switch
            {
                TelemetryKind.Traces => "traces",
                TelemetryKind.Metrics => "metrics",
                _ => "logs",
            }),
            new KeyValuePair<string, string>(VersionMetadataKey, SchemaVersion),
            new KeyValuePair<string, string>(PartitionColumnsMetadataKey, PartitionColumn),
        ]);
}
