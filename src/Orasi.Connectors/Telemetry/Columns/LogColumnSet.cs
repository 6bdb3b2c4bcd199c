using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Telemetry.Columns;

/// <summary>The column writers of <see cref="TelemetrySchemas.Logs"/>, in schema order.</summary>
internal sealed class LogColumnSet
{
    /// <summary><c>timestamp</c>.</summary>
    public PrimitiveColumn<long> Timestamp { get; } = new();

    /// <summary><c>observed_timestamp</c>.</summary>
    public PrimitiveColumn<long> ObservedTimestamp { get; } = new();

    /// <summary><c>trace_id</c>.</summary>
    public FixedBinaryColumn TraceId { get; } = new(TelemetrySchemas.TraceIdType);

    /// <summary><c>span_id</c>.</summary>
    public FixedBinaryColumn SpanId { get; } = new(TelemetrySchemas.SpanIdType);

    /// <summary><c>trace_flags</c>.</summary>
    public PrimitiveColumn<int> TraceFlags { get; } = new();

    /// <summary><c>severity_text</c>.</summary>
    public Utf8Column SeverityText { get; } = new();

    /// <summary><c>severity_number</c>.</summary>
    public PrimitiveColumn<int> SeverityNumber { get; } = new();

    /// <summary><c>service_name</c>.</summary>
    public Utf8Column ServiceName { get; } = new();

    /// <summary><c>body</c>.</summary>
    public Utf8Column Body { get; } = new();

    /// <summary><c>resource_attributes</c>.</summary>
    public StringMapColumn ResourceAttributes { get; } = new();

    /// <summary><c>scope_name</c>.</summary>
    public Utf8Column ScopeName { get; } = new();

    /// <summary><c>scope_version</c>.</summary>
    public Utf8Column ScopeVersion { get; } = new();

    /// <summary><c>log_attributes</c>.</summary>
    public StringMapColumn LogAttributes { get; } = new();

    /// <summary><c>event_date</c>.</summary>
    public PrimitiveColumn<int> EventDate { get; } = new();

    /// <summary>Rows appended since the last build.</summary>
    public int Count => Timestamp.Count;

    /// <summary>Builds a batch of <see cref="TelemetrySchemas.Logs"/> and starts over.</summary>
    public RecordBatch Build()
    {
        int length = Count;
        ArrayData[] data =
        [
            Timestamp.Build(TelemetrySchemas.TimestampType),
            ObservedTimestamp.Build(TelemetrySchemas.TimestampType),
            TraceId.Build(),
            SpanId.Build(),
            TraceFlags.Build(Int32Type.Default),
            SeverityText.Build(),
            SeverityNumber.Build(Int32Type.Default),
            ServiceName.Build(),
            Body.Build(),
            ResourceAttributes.Build(TelemetrySchemas.AttributesType),
            ScopeName.Build(),
            ScopeVersion.Build(),
            LogAttributes.Build(TelemetrySchemas.AttributesType),
            EventDate.Build(Date32Type.Default),
        ];
        return BatchAssembly.Assemble(TelemetrySchemas.Logs, data, length);
    }
}
