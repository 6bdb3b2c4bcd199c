using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Telemetry.Columns;

/// <summary>
/// The column writers of <see cref="TelemetrySchemas.Traces"/>, in schema order. Every row must get exactly one value
/// in every column; <see cref="Build"/> turns them into a record batch and starts over.
/// </summary>
internal sealed class SpanColumnSet
{
    /// <summary><c>timestamp</c>.</summary>
    public PrimitiveColumn<long> Timestamp { get; } = new();

    /// <summary><c>end_timestamp</c>.</summary>
    public PrimitiveColumn<long> EndTimestamp { get; } = new();

    /// <summary><c>duration_ns</c>.</summary>
    public PrimitiveColumn<long> DurationNs { get; } = new();

    /// <summary><c>trace_id</c>.</summary>
    public FixedBinaryColumn TraceId { get; } = new(TelemetrySchemas.TraceIdType);

    /// <summary><c>span_id</c>.</summary>
    public FixedBinaryColumn SpanId { get; } = new(TelemetrySchemas.SpanIdType);

    /// <summary><c>parent_span_id</c>.</summary>
    public FixedBinaryColumn ParentSpanId { get; } = new(TelemetrySchemas.SpanIdType);

    /// <summary><c>trace_state</c>.</summary>
    public Utf8Column TraceState { get; } = new();

    /// <summary><c>span_name</c>.</summary>
    public Utf8Column SpanName { get; } = new();

    /// <summary><c>span_kind</c>.</summary>
    public Utf8Column SpanKind { get; } = new();

    /// <summary><c>service_name</c>.</summary>
    public Utf8Column ServiceName { get; } = new();

    /// <summary><c>resource_attributes</c>.</summary>
    public StringMapColumn ResourceAttributes { get; } = new();

    /// <summary><c>scope_name</c>.</summary>
    public Utf8Column ScopeName { get; } = new();

    /// <summary><c>scope_version</c>.</summary>
    public Utf8Column ScopeVersion { get; } = new();

    /// <summary><c>span_attributes</c>.</summary>
    public StringMapColumn SpanAttributes { get; } = new();

    /// <summary><c>status_code</c>.</summary>
    public Utf8Column StatusCode { get; } = new();

    /// <summary><c>status_message</c>.</summary>
    public Utf8Column StatusMessage { get; } = new();

    /// <summary><c>events</c>.</summary>
    public SpanEventsColumn Events { get; } = new();

    /// <summary><c>links</c>.</summary>
    public SpanLinksColumn Links { get; } = new();

    /// <summary><c>event_date</c>.</summary>
    public PrimitiveColumn<int> EventDate { get; } = new();

    /// <summary>Rows appended since the last build.</summary>
    public int Count => Timestamp.Count;

    /// <summary>Appends start, end, duration and event date of a row.</summary>
    public void AppendTimes(long startUnixNano, long endUnixNano)
    {
        Timestamp.Append(startUnixNano);
        EndTimestamp.Append(endUnixNano);
        DurationNs.Append(endUnixNano - startUnixNano);
        EventDate.Append(TelemetrySchemas.EventDateOf(startUnixNano));
    }

    /// <summary>Builds a batch of <see cref="TelemetrySchemas.Traces"/> and starts over.</summary>
    public RecordBatch Build()
    {
        var schema = TelemetrySchemas.Traces;
        int length = Count;
        ArrayData[] data =
        [
            Timestamp.Build(TelemetrySchemas.TimestampType),
            EndTimestamp.Build(TelemetrySchemas.TimestampType),
            DurationNs.Build(Int64Type.Default),
            TraceId.Build(),
            SpanId.Build(),
            ParentSpanId.Build(),
            TraceState.Build(),
            SpanName.Build(),
            SpanKind.Build(),
            ServiceName.Build(),
            ResourceAttributes.Build(TelemetrySchemas.AttributesType),
            ScopeName.Build(),
            ScopeVersion.Build(),
            SpanAttributes.Build(TelemetrySchemas.AttributesType),
            StatusCode.Build(),
            StatusMessage.Build(),
            Events.Build(TelemetrySchemas.SpanEventsType),
            Links.Build(TelemetrySchemas.SpanLinksType),
            EventDate.Build(Date32Type.Default),
        ];
        return BatchAssembly.Assemble(schema, data, length);
    }
}
